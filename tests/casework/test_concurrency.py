"""Two staff members allocating the last bed at the same moment, in two real database connections."""

import threading

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, connections

from casework import actions
from casework.models import PlacePool, ServiceRequest

from .factories import bed_service, submit

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite locks the whole file)")


def race(request_ids: list[int], staff_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(request_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def allocate(request_id: int, staff_id: int) -> None:
        try:
            request = ServiceRequest.objects.get(pk=request_id)
            staff = User.objects.get(pk=staff_id)
            barrier.wait(timeout=30)
            actions.request_accept(request=request, by=staff)
            result = "allocated"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()  # this thread's own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=allocate, args=pair) for pair in zip(request_ids, staff_ids, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.parametrize("round_", range(5))
def test_two_staff_cannot_both_allocate_the_last_bed(round_):
    first_staff = User.objects.create_user(f"a{round_}", "", "x" * 12)
    second_staff = User.objects.create_user(f"b{round_}", "", "x" * 12)
    service, pool = bed_service(capacity=2)
    one, two = submit(service, pool=pool), submit(service, pool=pool, phone="13900000001")
    PlacePool.objects.filter(pk=pool.pk).update(capacity=1)  # one bed left for two pending applicants

    outcomes = race([one.pk, two.pk], [first_staff.pk, second_staff.pk])

    assert outcomes == ["allocated", "refused"]
    assert ServiceRequest.objects.filter(pool=pool, holds_place=True).count() == 1
    assert PlacePool.objects.get(pk=pool.pk).free_places == 0
