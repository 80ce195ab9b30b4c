"""Sign-ups lose their name and phone after the requests' retention period, counted from the activity's end."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities.actions import purge_sign_ups
from activities.models import SignUp
from activities.queries import find_tracked_sign_up

from .factories import ActivityFactory, sign_up

pytestmark = pytest.mark.django_db


def test_old_sign_ups_are_anonymised_and_recent_ones_kept():
    old_activity = ActivityFactory()
    old = sign_up(old_activity, phone="13912345678", name="王阿姨", party_size=2)
    recent = sign_up(ActivityFactory(starts_at=timezone.now() + timedelta(days=400)), phone="13912345679")
    later = old_activity.ends_at + timedelta(days=181)
    counts = purge_sign_ups(older_than_days=180, now=later)
    assert counts["sign_ups"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.phone == "" and "王阿姨" not in old.name and old.anonymised_at is not None
    assert old.party_size == 2 and old.status == "confirmed"  # figures stay
    assert recent.phone == "13912345679"
    # The history rows never held the name or phone (excluded from history), so nothing personal is left there.
    assert {f.name for f in SignUp.history.model._meta.fields}.isdisjoint({"name", "phone"})
    assert find_tracked_sign_up(code=old.tracking_code, phone_last4="5678") is None


def test_purge_command_uses_the_requests_retention(settings):
    settings.CASEWORK_RETENTION_DAYS = 0
    activity = ActivityFactory(starts_at=timezone.now() + timedelta(hours=1))
    made = sign_up(activity)
    type(activity).objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    out = StringIO()
    call_command("purge_sign_ups", stdout=out)
    assert "Anonymised 1 sign-ups" in out.getvalue()
    made.refresh_from_db()
    assert made.phone == ""


def test_negative_days_refused():
    with pytest.raises(ValueError):
        purge_sign_ups(older_than_days=-1)
