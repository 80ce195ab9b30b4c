import pytest

from facilities.seed import seed_facilities
from services.models import Menu, Service, ServiceAtLocation, ServiceCategory
from services.seed import SERVICES, seed_services

pytestmark = pytest.mark.django_db


def test_seed_creates_every_service_with_its_places_and_no_invented_contacts():
    seed_facilities()
    created = seed_services()
    assert created["services"] == len(SERVICES)
    assert Service.objects.published().count() == len(SERVICES)
    for item in SERVICES:
        service = Service.objects.get(slug=item.slug)
        assert set(service.locations.values_list("facility__slug", flat=True)) == set(item.places)
        assert service.phone == "" and service.fees_description == "" and service.min_age is None
    assert ServiceAtLocation.objects.filter(phone="", hours_note="").count() == ServiceAtLocation.objects.count()
    assert not Menu.objects.exists()
    assert Service.objects.get(slug="xiaoxiu-xiaobu").is_free
    assert ServiceCategory.objects.filter(parent__parent__isnull=False).count() == 0


def test_seed_is_create_only_and_keeps_staff_edits():
    seed_facilities()
    seed_services()
    service = Service.objects.get(slug="xiaoxiu-xiaobu")
    service.summary = "工作人员修改过的简介"
    service.save()
    service.locations.all().delete()

    again = seed_services()

    assert again == {"service_categories": 0, "services": 0, "service_locations": 0}
    service.refresh_from_db()
    assert service.summary == "工作人员修改过的简介"
    assert not service.locations.exists()


def test_seed_command_loads_services(db):
    from django.core.management import call_command

    call_command("seed_wanli")
    assert Service.objects.count() == len(SERVICES)
