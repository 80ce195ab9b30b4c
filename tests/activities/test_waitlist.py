"""Capacity, party size and the waitlist rule (activities/actions.py docstring)."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities import actions
from activities.models import SignUp, SignUpChannel, SignUpStatus

from .factories import ActivityFactory, sign_up

pytestmark = pytest.mark.django_db


def statuses(*sign_ups):
    return [SignUp.objects.get(pk=s.pk).status for s in sign_ups]


def test_confirmed_while_places_last_then_waitlisted():
    activity = ActivityFactory(capacity=3)
    first, second = sign_up(activity, party_size=2), sign_up(activity, party_size=1)
    third = sign_up(activity, party_size=1)
    assert statuses(first, second, third) == ["confirmed", "confirmed", "waitlisted"]
    assert actions.places_taken(activity) == 3


def test_party_larger_than_free_places_waits_even_if_some_are_free():
    activity = ActivityFactory(capacity=3)
    sign_up(activity, party_size=2)
    assert sign_up(activity, party_size=2).status == SignUpStatus.WAITLISTED


def test_party_size_above_the_limit_is_refused():
    activity = ActivityFactory(capacity=10, max_party_size=2)
    with pytest.raises(ValidationError, match="最多 2 人"):
        sign_up(activity, party_size=3)
    with pytest.raises(ValidationError):
        sign_up(activity, party_size=0)


def test_database_refuses_party_size_zero_and_limit_above_capacity():
    activity = ActivityFactory(capacity=2, max_party_size=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.filter(pk=sign_up(activity).pk).update(party_size=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(activity).objects.filter(pk=activity.pk).update(max_party_size=3)


def test_same_phone_cannot_sign_up_twice():
    activity = ActivityFactory()
    sign_up(activity, phone="13912345678")
    with pytest.raises(ValidationError, match="已经报名"):
        sign_up(activity, phone="13912345678")


def test_cancel_promotes_the_head_of_the_waitlist():
    activity = ActivityFactory(capacity=2)
    confirmed = sign_up(activity, party_size=2)
    head, behind = sign_up(activity, party_size=1), sign_up(activity, party_size=1)
    _cancelled, promoted = actions.signup_cancel(sign_up=confirmed)
    assert [p.pk for p in promoted] == [head.pk, behind.pk]
    assert statuses(confirmed, head, behind) == ["cancelled", "confirmed", "confirmed"]


def test_large_party_at_the_head_keeps_its_place_while_a_smaller_one_fits():
    activity = ActivityFactory(capacity=4)
    one, two = sign_up(activity, party_size=2), sign_up(activity, party_size=2)
    large = sign_up(activity, party_size=3)  # head of the waitlist
    small = sign_up(activity, party_size=2)
    actions.signup_cancel(sign_up=one)  # 2 places free: the party of 3 does not fit, the party of 2 does
    assert statuses(large, small) == ["waitlisted", "confirmed"]
    later = sign_up(activity, party_size=1)
    assert later.status == SignUpStatus.WAITLISTED  # no place free
    actions.signup_cancel(sign_up=two)  # 2 free again: the head still does not fit; the next that fits moves up
    assert statuses(large, later) == ["waitlisted", "confirmed"]
    actions.signup_cancel(sign_up=small)  # now 3 free: the head, still first in line, gets them
    assert statuses(large) == ["confirmed"]


def test_cancelling_a_waiting_party_promotes_nobody():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting, after = sign_up(activity), sign_up(activity)
    _cancelled, promoted = actions.signup_cancel(sign_up=waiting)
    assert promoted == []
    assert statuses(after) == ["waitlisted"]


def test_adding_places_promotes_in_order():
    activity = ActivityFactory(capacity=2, max_party_size=2)
    sign_up(activity, party_size=2)
    first, second, third = sign_up(activity, party_size=2), sign_up(activity, party_size=1), sign_up(activity)
    staff = User.objects.create_user("staff", "", "x" * 12)
    activity, promoted = actions.activity_add_places(activity=activity, extra=3, by=staff)
    assert activity.capacity == 5
    assert [p.pk for p in promoted] == [first.pk, second.pk]
    assert statuses(third) == ["waitlisted"]


def test_cancel_twice_is_refused():
    activity = ActivityFactory()
    mine = sign_up(activity)
    actions.signup_cancel(sign_up=mine)
    with pytest.raises(ValidationError):
        actions.signup_cancel(sign_up=mine)


def test_closed_early_refuses_residents_but_not_staff():
    activity = ActivityFactory()
    staff = User.objects.create_user("staff", "", "x" * 12)
    actions.activity_close_sign_up(activity=activity, by=staff)
    with pytest.raises(ValidationError, match="提前截止"):
        sign_up(activity)
    counter = sign_up(activity, channel=SignUpChannel.COUNTER, on_behalf_by=staff)
    assert counter.on_behalf_by == staff and counter.status == SignUpStatus.CONFIRMED


def test_on_behalf_needs_staff():
    with pytest.raises(ValidationError):
        sign_up(ActivityFactory(), channel=SignUpChannel.PHONE)
