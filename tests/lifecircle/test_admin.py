import pytest
from django.urls import reverse

from lifecircle.models import LifeCircleCategory
from tests.facilities.factories import FacilityKindFactory

pytestmark = pytest.mark.django_db


def test_staff_add_a_category_with_target_and_kinds(staff_client):
    kind = FacilityKindFactory(slug="clinic", name="卫生服务站")
    assert staff_client.get(reverse("admin:lifecircle_lifecirclecategory_changelist")).status_code == 200
    response = staff_client.post(
        reverse("admin:lifecircle_lifecirclecategory_add"),
        {
            "name": "卫生服务",
            "name_en": "Health",
            "slug": "health",
            "target_minutes": "15",
            "kinds": [kind.pk],
            "order": "5",
        },
    )
    assert response.status_code == 302
    assert list(LifeCircleCategory.objects.get(slug="health").kinds.all()) == [kind]


def test_target_must_be_5_10_or_15(staff_client):
    response = staff_client.post(
        reverse("admin:lifecircle_lifecirclecategory_add"),
        {
            "name": "卫生服务",
            "slug": "health",
            "target_minutes": "20",
            "order": "5",
        },
    )
    assert response.status_code == 200
    assert not LifeCircleCategory.objects.exists()
