"""Writes: actions that update without a save signal bump the content version themselves."""
from datetime import date

import pytest

from facilities.actions import facilities_mark_verified
from facilities.content_version import content_version
from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_mark_verified_updates_rows_and_bumps_the_version():
    first, second, other = FacilityFactory(), FacilityFactory(), FacilityFactory()
    before = content_version()
    assert facilities_mark_verified(facility_ids=[first.pk, second.pk], on=date(2024, 5, 6)) == 2
    assert content_version() > before
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.last_verified == date(2024, 5, 6)
    assert other.last_verified is None


def test_mark_verified_with_nothing_to_update_leaves_the_version():
    before = content_version()
    assert facilities_mark_verified(facility_ids=[], on=date(2024, 5, 6)) == 0
    assert content_version() == before
