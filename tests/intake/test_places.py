"""Place pools (intake/places.py), seen through casework's bed pools: one count of held, promised and free
places for the form, the admin, the dashboard and the actions."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from casework.actions import request_accept
from casework.models import PlacePool
from tests.casework.factories import PlacePoolFactory, bed_service, submit

pytestmark = pytest.mark.django_db


def _accepted(service, pool, phone):
    request = submit(service, pool=pool, phone=phone)
    return request_accept(request=request, by=User.objects.create_user(f"u{phone}", "", "x" * 12))


def test_with_places_counts_held_promised_and_waiting_places():
    service, pool = bed_service(capacity=3)
    _accepted(service, pool, "13900000001")
    submit(service, pool=pool, phone="13900000002")  # promised: waiting for the staff's decision
    submit(service, pool=pool, phone="13900000003")  # promised: the last place
    submit(service, pool=pool, phone="13900000004")  # nothing left to promise: waiting list
    counted = PlacePool.objects.with_places().get(pk=pool.pk)
    assert (counted.held, counted.pending, counted.waiting) == (1, 2, 1)
    assert (counted.held_places, counted.free_places, counted.unpromised_places) == (1, 2, 0)


def test_counted_pools_answer_without_a_query_of_their_own(django_assert_num_queries):
    for _ in range(3):
        PlacePoolFactory()
    with django_assert_num_queries(1):
        assert [pool.free_places for pool in PlacePool.objects.with_places()] == [2, 2, 2]


def test_a_pool_fetched_without_its_counts_counts_afresh_each_time(django_assert_num_queries):
    service, pool = bed_service(capacity=1)
    with django_assert_num_queries(1):
        assert pool.free_places == 1
    _accepted(service, pool, "13900000001")
    assert pool.free_places == 0 and pool.held_places == 1


def test_free_places_never_go_below_zero():
    service, pool = bed_service(capacity=1)
    _accepted(service, pool, "13900000001")
    PlacePool.objects.filter(pk=pool.pk).update(capacity=0)  # staff lowered the capacity under what is held
    counted = PlacePool.objects.with_places().get(pk=pool.pk)
    assert (counted.free_places, counted.unpromised_places) == (0, 0)


def test_lock_places_locks_the_row_and_counts_after_the_lock():
    service, pool = bed_service(capacity=2)
    _accepted(service, pool, "13900000001")
    with transaction.atomic():
        locked = PlacePool.objects.lock_places(pool.pk)
    assert locked.pk == pool.pk and (locked.held, locked.free_places) == (1, 1)
