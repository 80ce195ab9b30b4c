"""Only content changes empty the page cache, and only for the pages that show that content."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.actions import correction_submit, request_accept, request_cancel_by_resident
from facilities.content_version import ALL_KINDS, FACILITIES, PLACES, facility_topic, topic_versions
from tests.casework.factories import bed_service, repair_service, submit
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceAtLocationFactory
from wanli.signals import content_models, topics_for

pytestmark = pytest.mark.django_db

HSDA_SERVICES = "/api/hsds/services"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("caseworker", password="a-long-test-password", is_staff=True)


def cached(client, path: str) -> bool:
    """Whether the page came from the page cache (after one request to put it there)."""
    return client.get(path)["X-Cache"] == "hit"


def warm(client, *paths: str) -> None:
    for path in paths:
        client.get(path)
        assert cached(client, path), path


def test_a_residents_request_and_correction_leave_public_pages_cached(client):
    facility = FacilityFactory()
    service = repair_service()
    ServiceAtLocationFactory(service=service, facility=facility)
    pages = ["/", "/facilities/", facility.get_absolute_url(), "/services/", service.get_absolute_url(), HSDA_SERVICES]
    warm(client, *pages)
    before = topic_versions(ALL_KINDS)

    request = submit(service)
    request_cancel_by_resident(request=request)
    correction_submit(subject=facility, what_is_wrong="电话打不通")

    assert topic_versions(ALL_KINDS) == before
    assert all(cached(client, path) for path in pages)


def test_an_edit_of_a_facility_refreshes_its_pages_and_leaves_another_facilitys_page_cached(client):
    facility = FacilityFactory(name="旧名称食堂")
    other = FacilityFactory()
    showing = ["/facilities/", "/map/", facility.get_absolute_url(), "/api/facilities.geojson", "/search/?q=食堂"]
    warm(client, *showing, other.get_absolute_url(), "/privacy/", "/contact/")

    facility.name = "新名称食堂"
    facility.save()

    for path in showing:
        page = client.get(path)
        assert page["X-Cache"] == "miss", path
    assert "新名称食堂" in client.get(facility.get_absolute_url()).content.decode()
    assert cached(client, other.get_absolute_url())
    assert cached(client, "/privacy/") and cached(client, "/contact/")


def test_an_hours_change_refreshes_that_facilitys_page_and_the_services_offered_there(client):
    facility, other = FacilityFactory(), FacilityFactory()
    link = ServiceAtLocationFactory(facility=facility)
    warm(client, facility.get_absolute_url(), link.service.get_absolute_url(), other.get_absolute_url())

    OpeningPeriodFactory(facility=facility)

    assert not cached(client, facility.get_absolute_url())
    assert not cached(client, link.service.get_absolute_url())
    assert cached(client, other.get_absolute_url())


def test_a_renamed_address_refreshes_the_page_under_the_old_slug(client):
    facility = FacilityFactory(slug="jiu-dizhi")
    assert "jiu-dizhi" in facility_topic(facility.slug)
    before = topic_versions([facility_topic("jiu-dizhi")])
    facility.slug = "xin-dizhi"
    facility.save()
    assert topic_versions([facility_topic("jiu-dizhi")]) != before


def test_an_acceptance_refreshes_the_pages_showing_free_places_only(client, staff):
    service, pool = bed_service(capacity=2)
    request = submit(service, pool=pool)
    other = FacilityFactory()
    showing = [HSDA_SERVICES, reverse("opendata:hsds-service", args=[service.uuid])]
    not_showing = ["/facilities/", pool.location.facility.get_absolute_url(), other.get_absolute_url(), "/services/"]
    warm(client, *showing, *not_showing)
    places = topic_versions([PLACES])

    request_accept(request=request, by=staff)

    assert topic_versions([PLACES]) != places
    assert all(not cached(client, path) for path in showing)
    assert all(cached(client, path) for path in not_showing)


def test_a_submission_that_takes_no_place_leaves_the_free_places_alone(staff):
    service, pool = bed_service(capacity=2)
    places = topic_versions([PLACES])
    submit(service, pool=pool)  # waiting for a decision: no place is held yet
    assert topic_versions([PLACES]) == places


def test_a_model_nobody_described_bumps_every_kind():
    undescribed = SimpleNamespace(_meta=SimpleNamespace(label_lower="newapp.thing"))
    assert topics_for(undescribed) == list(ALL_KINDS)


def test_residents_own_rows_and_sign_in_devices_are_not_content():
    labels = {model._meta.label_lower for model in content_models()}
    assert not labels & {"casework.requestevent", "casework.correction", "accounts.authenticator"}
    assert not labels & {"notices.notice", "notices.jobfailure", "notices.workerheartbeat", "notices.smsoptout"}


def test_a_facility_change_names_its_kind_and_page():
    facility = FacilityFactory(slug="xiangquan")
    assert {FACILITIES, facility_topic("xiangquan")} <= set(topics_for(facility))


def test_anonymous_cached_pages_say_public_with_a_short_max_age_and_vary_on_cookie(client, settings):
    settings.PAGE_CACHE_BROWSER_SECONDS, settings.PAGE_CACHE_SHARED_SECONDS = 60, 10
    FacilityFactory()
    for response in (client.get("/facilities/"), client.get("/facilities/")):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "s-maxage=10"} <= directives
        assert any(d.startswith("max-age=") and 0 < int(d.split("=")[1]) <= 60 for d in directives)
        assert "Cookie" in response["Vary"]


def test_signed_in_and_form_pages_are_never_public(client, staff):
    service = repair_service()
    form_page = client.get(reverse("casework:request_new", args=[service.slug]))
    assert form_page.status_code == 200
    assert "public" not in form_page.get("Cache-Control", "")
    client.force_login(staff)
    signed_in = client.get("/facilities/")
    assert "public" not in signed_in["Cache-Control"] and "private" in signed_in["Cache-Control"]


def test_only_pages_showing_a_status_expire_at_the_next_opening(client, settings, monkeypatch):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from wanli import middleware

    settings.PAGE_CACHE_SECONDS = 600
    opens_soon, opens_later = FacilityFactory(), FacilityFactory()
    OpeningPeriodFactory(facility=opens_soon, weekday=0, opens=time(9), closes=time(17))
    OpeningPeriodFactory(facility=opens_later, weekday=0, opens=time(9, 5), closes=time(17))
    now = datetime(2024, 6, 3, 8, 59, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday
    monkeypatch.setattr(timezone, "now", lambda: now)
    timeouts = {}
    real_set = middleware.cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("wanli:page:"):
            timeouts[len(timeouts)] = timeout
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(middleware.cache, "set", recording_set)
    for path in ["/services/", opens_later.get_absolute_url(), "/facilities/"]:
        client.get(path)
    assert timeouts == {0: 600, 1: 6 * 60, 2: 60}  # no status; its own opening at 09:05; any opening at 09:00
