"""The dashboard's figures: computed once per content change and kept; free places live (≤ 60 s, and at
once after a change), with the time they were counted."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.actions import request_accept
from reports.queries import kept_dashboard, kept_portal_figures
from reports.seed import seed_reports
from tests.casework.factories import bed_service, submit
from tests.facilities.factories import FacilityFactory
from tests.reports.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_portal_figures_are_kept_until_the_content_changes(django_assert_num_queries):
    FacilityFactory()
    first = kept_portal_figures()
    with django_assert_num_queries(0):
        again = kept_portal_figures()
    assert again.facilities_total == first.facilities_total
    FacilityFactory()
    assert kept_portal_figures().facilities_total == first.facilities_total + 1


def test_free_places_follow_an_acceptance_at_once_with_the_time_counted():
    service, pool = bed_service(capacity=2)
    request = submit(service, pool=pool)
    [before] = kept_portal_figures().place_pools
    assert before.free_places == 2
    request_accept(request=request, by=get_user_model().objects.create_user("caseworker", is_staff=True))
    figures = kept_portal_figures()
    assert [p.free_places for p in figures.place_pools] == [1]
    assert figures.counted_at is not None


def test_the_reported_figures_are_kept_per_year(django_assert_num_queries):
    seed_reports()
    first = kept_dashboard(year=2023)
    with django_assert_num_queries(0):
        assert kept_dashboard(year=2023).year == first.year


def test_the_dashboard_shows_when_the_free_places_were_counted(client):
    bed_service(capacity=2)
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    assert "数据更新于" in client.get(reverse("reports:dashboard")).content.decode()
