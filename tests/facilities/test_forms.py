"""Coordinate entry in the admin: an explicit coordinate system, conversion to WGS-84, clear rejections."""

from decimal import Decimal

import pytest
from django.urls import reverse

from facilities.forms import EstateAdminForm, FacilityAdminForm
from facilities.geo import haversine_m, wgs84_to_gcj02
from facilities.models import Estate
from tests.facilities.factories import EstateFactory, FacilityFactory, FacilityKindFactory

pytestmark = pytest.mark.django_db

# The eviltransform reference point in Shanghai: the same place in both systems.
WGS = (31.1774276, 121.5272106)
GCJ = (31.17530398364597, 121.531541859215)


def estate_data(**overrides) -> dict:
    data = {
        "name": "测试小区",
        "name_en": "",
        "slug": "",
        "coordinate_system": "gcj02",
        "latitude": "",
        "longitude": "",
        "location_verified": "",
        "households": "",
        "population": "",
        "source_note": "",
        "is_demo": "",
    }
    data.update(overrides)
    return data


def test_gcj02_is_preselected():
    form = EstateAdminForm()
    assert form.fields["coordinate_system"].initial == "gcj02"
    assert form["coordinate_system"].value() == "gcj02"
    assert 'value="gcj02" id="id_coordinate_system_0" checked' in str(form["coordinate_system"])


def test_gcj02_input_is_stored_as_wgs84():
    form = EstateAdminForm(
        data=estate_data(latitude=f"{GCJ[0]:.8f}", longitude=f"{GCJ[1]:.8f}", location_verified="on")
    )
    assert form.is_valid(), form.errors
    estate = form.save()
    assert haversine_m(float(estate.latitude), float(estate.longitude), *WGS) < 1.0
    assert estate.latitude == Decimal("31.177428")


def test_wgs84_input_is_stored_unchanged():
    form = EstateAdminForm(data=estate_data(coordinate_system="wgs84", latitude="31.1774276", longitude="121.5272106"))
    assert form.is_valid(), form.errors
    estate = form.save()
    assert (estate.latitude, estate.longitude) == (Decimal("31.177428"), Decimal("121.527211"))


def test_existing_point_is_shown_in_gcj02_and_an_untouched_save_keeps_it_exactly():
    estate = EstateFactory(latitude=Decimal("31.260000"), longitude=Decimal("121.400000"), location_verified=True)
    form = EstateAdminForm(instance=estate)
    shown = (float(form.initial["latitude"]), float(form.initial["longitude"]))
    assert shown == pytest.approx(wgs84_to_gcj02(31.26, 121.40), abs=1e-6)
    data = estate_data(
        name=estate.name,
        slug=estate.slug,
        latitude=str(form.initial["latitude"]),
        longitude=str(form.initial["longitude"]),
        location_verified="on",
    )
    resaved = EstateAdminForm(data=data, instance=estate)
    assert resaved.is_valid(), resaved.errors
    for _ in range(3):
        resaved.save()
    estate.refresh_from_db()
    assert (estate.latitude, estate.longitude) == (Decimal("31.260000"), Decimal("121.400000"))


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("121.4", "31.26", "填反"),
        ("0", "0", "0,0"),
        ("95", "121.4", "纬度必须在 -90 到 90 之间"),
        ("31.26", "190", "经度必须在 -180 到 180 之间"),
        ("39.9", "116.4", "上海市范围之外"),  # Beijing
        ("31.26", "", "同时填写"),
    ],
)
def test_impossible_points_are_rejected_with_a_clear_message(latitude, longitude, message):
    form = EstateAdminForm(data=estate_data(latitude=latitude, longitude=longitude))
    assert not form.is_valid()
    assert message in " ".join(form.non_field_errors())
    assert not Estate.objects.exists()


def test_verified_without_point_is_rejected():
    form = EstateAdminForm(data=estate_data(location_verified="on"))
    assert not form.is_valid()
    assert "没有坐标时不能标记为位置已核实" in str(form.errors)


def test_facility_form_converts_too():
    kind = FacilityKindFactory()
    facility = FacilityFactory(kind=kind)
    form = FacilityAdminForm(
        instance=facility,
        data={
            "name": facility.name,
            "slug": facility.slug,
            "kind": kind.pk,
            "publication_status": "published",
            "operation_status": "open",
            "follows_public_holidays": "on",
            "coordinate_system": "gcj02",
            "latitude": f"{GCJ[0]:.8f}",
            "longitude": f"{GCJ[1]:.8f}",
            "location_verified": "on",
        },
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert haversine_m(float(saved.latitude), float(saved.longitude), *WGS) < 1.0


def test_admin_estate_add_page_offers_the_coordinate_system_and_saves(staff_client):
    page = staff_client.get(reverse("admin:facilities_estate_add")).content.decode()
    assert "GCJ-02" in page and "WGS-84" in page
    response = staff_client.post(
        reverse("admin:facilities_estate_add"),
        estate_data(
            name="新小区",
            latitude=f"{GCJ[0]:.6f}",
            longitude=f"{GCJ[1]:.6f}",
            location_verified="on",
        ),
    )
    assert response.status_code == 302
    estate = Estate.objects.get(name="新小区")
    assert haversine_m(float(estate.latitude), float(estate.longitude), *WGS) < 1.0
    assert estate.slug == "xin-xiao-qu"


def test_admin_shows_swapped_coordinates_error_instead_of_saving(staff_client):
    response = staff_client.post(
        reverse("admin:facilities_estate_add"), estate_data(name="新小区", latitude="121.4", longitude="31.26")
    )
    assert response.status_code == 200
    assert "填反" in response.content.decode()
    assert not Estate.objects.exists()
