"""Reads of services/queries.py for the staff's to-do panel (the public reads are tested with their pages)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from publishing.publishable import PublicationStatus
from services.queries import draft_menus_ahead, services_to_do
from tests.facilities.factories import FacilityFactory
from tests.services.factories import MenuFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_services_to_do_counts_drafts_and_published_services_to_verify(settings):
    settings.REVIEW_AFTER_DAYS = 180
    ServiceFactory(publication_status=PublicationStatus.DRAFT, last_verified=None)
    ServiceFactory(publication_status=PublicationStatus.ARCHIVED, last_verified=None)
    ServiceFactory(last_verified=None)
    ServiceFactory(last_verified=timezone.localdate() - timedelta(days=200))
    to_do = services_to_do()
    assert (to_do.drafts, to_do.never_verified, to_do.verified_long_ago) == (1, 1, 1)


def test_draft_menus_ahead_are_today_and_later_drafts_only():
    today = date(2026, 3, 2)
    canteen = FacilityFactory(kind__slug="canteen")
    today_draft = MenuFactory(facility=canteen, date=today, publication_status=PublicationStatus.DRAFT)
    later_draft = MenuFactory(
        facility=canteen, date=today + timedelta(days=3), publication_status=PublicationStatus.DRAFT
    )
    MenuFactory(facility=canteen, date=today - timedelta(days=1), publication_status=PublicationStatus.DRAFT)
    MenuFactory(facility=canteen, date=today + timedelta(days=1))
    assert set(draft_menus_ahead(today=today)) == {today_draft, later_draft}
