"""At the door: check-in by code (idempotent, refusals change nothing), walk-ins counted once per tap, undoing,
and the no-shows marked after the end."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.checkin_actions import (
    Outcome,
    activity_mark_no_shows,
    recorded_time,
    sign_up_check_in,
    sign_up_undo_check_in,
    walk_in_add,
    walk_in_undo,
)
from activities.checkin_models import WalkIn
from activities.models import SignUpStatus
from activities.staff_queries import door_counts

from .factories import ActivityFactory, ActivitySeriesFactory, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(capacity=4, max_party_size=3)


def test_a_confirmed_party_is_checked_in_by_its_code_typed_with_dashes_and_lower_case(activity, admin_user):
    party = sign_up(activity, party_size=2)
    typed = party.display_code.lower()
    result = sign_up_check_in(activity=activity, code=typed, by=admin_user)
    assert result.outcome == Outcome.CHECKED_IN and result.accepted
    party.refresh_from_db()
    assert party.status == SignUpStatus.ATTENDED
    assert party.checked_in_by == admin_user and party.checked_in_at is not None
    assert door_counts(activity).attended_people == 2


def test_checking_in_twice_says_already_and_keeps_the_first_time(activity, admin_user):
    party = sign_up(activity)
    sign_up_check_in(activity=activity, code=party.tracking_code, by=admin_user)
    party.refresh_from_db()
    first = party.checked_in_at
    again = sign_up_check_in(activity=activity, code=party.tracking_code, by=admin_user)
    assert again.outcome == Outcome.ALREADY and again.accepted
    party.refresh_from_db()
    assert party.checked_in_at == first


@pytest.mark.parametrize("code", ["", "hello", "ABCD-EFGH-IJK1", "0000-0000-0000"])
def test_a_malformed_code_is_refused_with_a_message(activity, admin_user, code):
    result = sign_up_check_in(activity=activity, code=code, by=admin_user)
    assert result.outcome == Outcome.INVALID and not result.accepted and result.message


def test_an_unknown_code_is_not_found(activity, admin_user):
    result = sign_up_check_in(activity=activity, code="ABCD-EFGH-JKMN", by=admin_user)
    assert result.outcome == Outcome.NOT_FOUND and "ABCD-EFGH-JKMN" in result.message


def test_a_cancelled_or_waiting_party_is_refused_and_stays_as_it_was(admin_user):
    activity = ActivityFactory(capacity=1, max_party_size=1)
    sign_up(activity)
    waiting = sign_up(activity)
    assert waiting.status == SignUpStatus.WAITLISTED
    assert sign_up_check_in(activity=activity, code=waiting.tracking_code, by=admin_user).outcome == Outcome.WAITLISTED
    other = ActivityFactory()
    cancelled = sign_up(other)
    from activities.actions import signup_cancel

    signup_cancel(sign_up=cancelled)
    assert sign_up_check_in(activity=other, code=cancelled.tracking_code, by=admin_user).outcome == Outcome.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.WAITLISTED and waiting.checked_in_at is None


def test_a_code_of_another_activity_names_it_and_checks_nobody_in(activity, admin_user):
    elsewhere = ActivityFactory(title="别的讲座")
    party = sign_up(elsewhere)
    result = sign_up_check_in(activity=activity, code=party.tracking_code, by=admin_user)
    assert result.outcome == Outcome.OTHER_ACTIVITY and "别的讲座" in result.message
    party.refresh_from_db()
    assert party.status == SignUpStatus.CONFIRMED


def test_a_series_code_of_another_session_checks_in_this_sessions_sign_up(admin_user):
    from activities.actions import series_sign_up

    series = ActivitySeriesFactory()
    first = ActivityFactory(series=series, starts_at=timezone.now() + timedelta(days=1))
    second = ActivityFactory(series=series, starts_at=timezone.now() + timedelta(days=8))
    outcomes = series_sign_up(series=series, name="李老师", phone="13900001111", consent=True)
    codes = {o.activity.pk: o.sign_up for o in outcomes}
    result = sign_up_check_in(activity=second, code=codes[first.pk].tracking_code, by=admin_user)
    assert result.outcome == Outcome.CHECKED_IN and result.sign_up.pk == codes[second.pk].pk
    codes[first.pk].refresh_from_db()
    assert codes[first.pk].status == SignUpStatus.CONFIRMED


def test_a_no_show_seen_after_all_can_still_be_checked_in(admin_user):
    activity = ActivityFactory()
    party = sign_up(activity)
    activity.starts_at, activity.ends_at = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(hours=1)
    activity.save()
    assert activity_mark_no_shows(activity=activity, by=admin_user) == 1
    assert sign_up_check_in(activity=activity, code=party.tracking_code, by=admin_user).outcome == Outcome.CHECKED_IN


def test_a_scan_kept_offline_keeps_its_time_unless_implausible():
    now = timezone.now()
    assert recorded_time(now - timedelta(minutes=20)) == now - timedelta(minutes=20)
    assert recorded_time(now + timedelta(hours=1)) >= now  # a phone clock ahead: now instead
    assert recorded_time(now - timedelta(days=3)) >= now
    assert recorded_time(None) >= now


def test_undoing_a_check_in_confirms_the_party_again(activity, admin_user):
    party = sign_up(activity)
    sign_up_check_in(activity=activity, code=party.tracking_code, by=admin_user)
    undone = sign_up_undo_check_in(sign_up=party, by=admin_user)
    assert undone.status == SignUpStatus.CONFIRMED and undone.checked_in_at is None
    with pytest.raises(ValidationError):
        sign_up_undo_check_in(sign_up=party, by=admin_user)


def test_a_walk_in_tap_sent_twice_is_counted_once_and_undone_once(activity, admin_user):
    tap = uuid.uuid4()
    walk_in, created = walk_in_add(activity=activity, client_id=tap, by=admin_user)
    again, created_again = walk_in_add(activity=activity, client_id=tap, by=admin_user)
    assert created and not created_again and again.pk == walk_in.pk
    walk_in_add(activity=activity, client_id=uuid.uuid4(), by=admin_user)
    assert door_counts(activity).walk_in_people == 2
    assert walk_in_undo(activity=activity, client_id=tap) is True
    assert walk_in_undo(activity=activity, client_id=tap) is False
    assert WalkIn.objects.filter(activity=activity).people() == 1


def test_a_walk_in_id_of_another_activity_is_refused(activity, admin_user):
    tap = uuid.uuid4()
    walk_in_add(activity=ActivityFactory(), client_id=tap, by=admin_user)
    with pytest.raises(ValidationError):
        walk_in_add(activity=activity, client_id=tap, by=admin_user)


def test_no_shows_are_marked_only_after_the_end_and_only_for_who_did_not_come(admin_user):
    activity = ActivityFactory(capacity=5, max_party_size=2)
    came = sign_up(activity, party_size=2)
    missed = sign_up(activity)
    with pytest.raises(ValidationError):
        activity_mark_no_shows(activity=activity, by=admin_user)
    sign_up_check_in(activity=activity, code=came.tracking_code, by=admin_user)
    activity.starts_at, activity.ends_at = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(hours=1)
    activity.save()
    assert activity_mark_no_shows(activity=activity, by=admin_user) == 1
    assert activity_mark_no_shows(activity=activity, by=admin_user) == 0
    missed.refresh_from_db()
    came.refresh_from_db()
    assert missed.status == SignUpStatus.NO_SHOW and came.status == SignUpStatus.ATTENDED
    assert missed.history.first().history_user == admin_user


def test_a_walk_in_tap_leaves_the_public_page_cache_alone(activity, admin_user):
    from facilities.content_version import content_version

    before = content_version()
    walk_in_add(activity=activity, client_id=uuid.uuid4(), by=admin_user)
    assert content_version() == before
