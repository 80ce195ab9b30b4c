"""Shared reads of the workflow (workflow/queries.py): what needs re-verifying and what waits for review."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from facilities.models import Facility
from publishing import actions
from publishing.publishable import PublicationStatus
from publishing.queries import content_to_do, pending_revision_counts, review_cutoff
from services.models import Menu, Service
from tests.facilities.factories import FacilityFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_cutoff_is_review_after_days_before_today_in_shanghai(settings):
    settings.REVIEW_AFTER_DAYS = 30
    assert review_cutoff() == timezone.localdate() - timedelta(days=30)


def test_content_to_do_counts_drafts_and_each_kind_of_stale_within_its_scope(settings):
    settings.REVIEW_AFTER_DAYS = 180
    today = timezone.localdate()
    FacilityFactory(publication_status=PublicationStatus.DRAFT, last_verified=None)
    FacilityFactory(last_verified=None)
    FacilityFactory(last_verified=today - timedelta(days=181))
    FacilityFactory(last_verified=today - timedelta(days=180))  # exactly on the day: not yet overdue
    to_do = content_to_do(Facility.objects.all(), verify_scope=Q(publication_status=PublicationStatus.PUBLISHED))
    assert (to_do.drafts, to_do.never_verified, to_do.verified_long_ago) == (1, 1, 1)


def test_pending_revision_counts_per_kind_of_content_only_pending_ones():
    by = User.objects.create_user("editor", "e@example.org", "x" * 12)
    first, second = FacilityFactory(), FacilityFactory()
    for facility in (first, second):
        actions.revision_propose(obj=facility, data={"fields": {"summary": "新的简介"}, "inlines": []}, by=by)
    decided = actions.revision_propose(obj=ServiceFactory(), data={"fields": {"summary": "新"}, "inlines": []}, by=by)
    actions.revision_reject(revision=decided, by=by, reason="不需要")
    assert pending_revision_counts([Facility, Service, Menu]) == {Facility: 2, Service: 0, Menu: 0}
    assert pending_revision_counts([Service]) == {Service: 0}
