"""The public "信息有误？" form: reporting wrong information on a facility or service page."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework.models import Correction
from publishing.publishable import PublicationStatus
from tests.facilities.factories import FacilityFactory
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


# --- corrections ----------------------------------------------------------------------------------------------


def test_correction_is_stored_linked_to_the_page(client):
    facility = FacilityFactory()
    url = reverse("casework:correction_new", args=["facility", facility.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"what_is_wrong": "电话已停机 <b>", "contact": "13812345678", "website": ""})
    assert response.status_code == 302 and response["Location"] == facility.get_absolute_url()
    correction = Correction.objects.get()
    assert correction.subject == facility
    assert correction.content_type == ContentType.objects.get_for_model(facility)
    assert correction.what_is_wrong == "电话已停机 <b>"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"what_is_wrong": "", "contact": ""}, 200),
        ({"what_is_wrong": "x" * 10_000, "contact": ""}, 200),
        ({"what_is_wrong": "a\u202eb", "contact": ""}, 200),
        ({"what_is_wrong": "电话错了", "contact": "", "website": "spam"}, 400),
    ],
)
def test_correction_bad_input(client, data, status):
    service = ServiceFactory()
    response = client.post(reverse("casework:correction_new", args=["service", service.pk]), data)
    assert response.status_code == status
    assert not Correction.objects.exists()


def test_correction_only_for_published_known_pages(client):
    draft = ServiceFactory(publication_status=PublicationStatus.DRAFT)
    assert client.get(reverse("casework:correction_new", args=["service", draft.pk])).status_code == 404
    assert client.get(reverse("casework:correction_new", args=["user", 1])).status_code == 404
    assert client.get("/corrections/new/service/999999/").status_code == 404
    assert client.get("/corrections/new/service/" + "9" * 40 + "/").status_code == 404  # beyond bigint


def test_correction_rate_limit(client, settings):
    settings.CASEWORK_RATE_LIMITS = {"correction_ip": (1, 3600)}
    service = ServiceFactory()
    url = reverse("casework:correction_new", args=["service", service.pk])
    assert client.post(url, {"what_is_wrong": "一"}).status_code == 302
    assert client.post(url, {"what_is_wrong": "二"}).status_code == 429
    assert Correction.objects.count() == 1
