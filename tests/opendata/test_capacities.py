"""HSDS 3.1 `capacities`: free places published only where the portal really counts them."""

import pytest
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from casework.actions import request_accept
from casework.models import RequestKind
from tests.casework.factories import PlacePoolFactory, RequestSettingsFactory, submit
from tests.facilities.factories import FacilityFactory
from tests.opendata.hsds_schemas import assert_valid
from tests.services.factories import ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def builders_home():
    """The builders' home: 152 beds in one place pool, online bed applications switched on."""
    home = FacilityFactory(name="城市建设者管理者之家", capacity=152, capacity_unit="张床位")
    beds = ServiceFactory(name="新就业群体床位", slug="jianshezhe-zhi-jia-chuangwei")
    place = ServiceAtLocationFactory(service=beds, facility=home)
    pool = PlacePoolFactory(location=place, capacity=152, unit="张床位")
    RequestSettingsFactory(service=beds, kind=RequestKind.BED_APPLICATION, accepts_requests=True)
    return pool


def service_detail(client, service) -> dict:
    response = client.get(reverse("opendata:hsds-service", args=[service.uuid]))
    assert response.status_code == 200
    body = response.json()
    assert_valid("service", body)
    return body


def test_the_builders_home_publishes_its_152_beds_as_counted(client, builders_home):
    service = builders_home.location.service
    [capacity] = service_detail(client, service)["capacities"]
    assert_valid("service_capacity", capacity)
    assert (capacity["maximum"], capacity["available"]) == (152, 152)
    assert capacity["unit"]["name"] == "张床位" and capacity["unit_id"] == capacity["unit"]["id"]
    assert capacity["service_id"] == str(service.uuid)

    taken = submit(service, pool=builders_home)
    request_accept(request=taken, by=None)
    [capacity] = service_detail(client, service)["capacities"]
    assert capacity["available"] == 151
    taken.refresh_from_db()
    assert parse_datetime(capacity["updated"]) == taken.updated_at  # counted when the bed was taken
    assert capacity["updated"].endswith("+08:00")


def test_no_capacity_where_nobody_counts_the_places(client, builders_home):
    settings = builders_home.location.service.request_settings
    settings.accepts_requests = False
    settings.save()
    assert service_detail(client, builders_home.location.service)["capacities"] == []


def test_occupancy_kept_by_staff_is_published_without_online_requests(client, builders_home):
    settings = builders_home.location.service.request_settings
    settings.accepts_requests = False
    settings.save()
    builders_home.occupancy_kept_by_staff = True
    builders_home.save()
    [capacity] = service_detail(client, builders_home.location.service)["capacities"]
    assert capacity["available"] == 152


def test_a_pool_at_an_unpublished_facility_is_not_published(client, builders_home):
    other = ServiceAtLocationFactory(
        service=builders_home.location.service, facility=FacilityFactory(publication_status="draft")
    )
    PlacePoolFactory(location=other, capacity=10)
    assert len(service_detail(client, builders_home.location.service)["capacities"]) == 1


def test_capacities_in_the_full_list_and_the_export(client, builders_home, tmp_path):
    from django.core.management import call_command

    page = client.get(reverse("opendata:hsds-services"), {"full": "true"}).json()
    [item] = page["contents"]
    assert item["capacities"][0]["maximum"] == 152
    call_command("export_hsds", str(tmp_path))
    rows = (tmp_path / "tabular" / "service_capacity.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and ",152," in rows[1]
    assert "张床位" in (tmp_path / "tabular" / "units.csv").read_text(encoding="utf-8")
