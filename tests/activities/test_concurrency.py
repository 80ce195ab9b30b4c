"""Twenty residents asking for the last place at the same moment, in twenty real database connections."""

import threading

import pytest
from django.db import connection, connections

from activities import actions
from activities.models import Activity, SignUp, SignUpStatus

from .factories import ActivityFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

PARALLEL = 20


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite locks the whole file)")


def race(activity_id: int, count: int) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def ask(n: int) -> None:
        try:
            activity = Activity.objects.get(pk=activity_id)
            barrier.wait(timeout=30)
            made = actions.signup_create(
                activity=activity, name="居民", phone=f"1390000{n:04d}", party_size=1, consent=True
            )
            result = made.status
        except Exception as error:  # noqa: BLE001  (any failure is an outcome the test shows)
            result = f"error: {error}"
        finally:
            connections.close_all()  # this thread's own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return outcomes


@pytest.mark.parametrize("round_", range(2))
def test_the_last_place_is_given_once(round_):
    activity = ActivityFactory(capacity=1, max_party_size=1)
    outcomes = race(activity.pk, PARALLEL)
    assert sorted(outcomes) == ["confirmed"] + ["waitlisted"] * (PARALLEL - 1)
    assert SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).count() == 1
    assert actions.places_taken(activity) == 1


def test_cancellations_in_parallel_promote_each_waiting_party_once():
    activity = ActivityFactory(capacity=3, max_party_size=1)
    confirmed = [
        actions.signup_create(activity=activity, name="甲", phone=f"1370000{n:04d}", consent=True) for n in range(3)
    ]
    for n in range(5):
        actions.signup_create(activity=activity, name="乙", phone=f"1360000{n:04d}", consent=True)
    barrier = threading.Barrier(len(confirmed))

    def cancel(sign_up_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            actions.signup_cancel(sign_up=SignUp.objects.get(pk=sign_up_id))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(s.pk,)) for s in confirmed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert actions.places_taken(activity) == 3
    assert SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITLISTED).count() == 2
