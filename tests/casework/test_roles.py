"""The staff roles of wanli/roles.py against the casework admin: only request handlers see residents' requests."""

import pytest
from django.urls import reverse

from tests.casework.factories import CorrectionFactory, repair_service, submit
from tests.wanli.factories import StaffUserFactory
from wanli import roles

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:casework_servicerequest_changelist")


def test_request_handler_works_requests_with_personal_data(client):
    client.force_login(StaffUserFactory(role=roles.REQUEST_HANDLER))
    request = submit(repair_service(), name="王阿姨", phone="13812341234")
    assert client.get(CHANGELIST).status_code == 200
    page = client.get(reverse("admin:casework_servicerequest_change", args=[request.pk])).content.decode()
    assert "13812341234" in page and "王阿姨" in page
    assert client.get(reverse("admin:facilities_facility_changelist")).status_code == 403


@pytest.mark.parametrize("role", [roles.MANAGER, roles.CONTENT_EDITOR, roles.PUBLISHER, roles.DATA_ENTRY])
def test_other_roles_cannot_see_residents_requests(client, role):
    client.force_login(StaffUserFactory(role=role))
    request = submit(repair_service(), name="王阿姨", phone="13812341234")
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:casework_servicerequest_change", args=[request.pk])).status_code == 403


def test_content_editor_handles_corrections(client):
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    correction = CorrectionFactory()
    assert client.get(reverse("admin:casework_correction_changelist")).status_code == 200
    assert client.get(reverse("admin:casework_correction_change", args=[correction.pk])).status_code == 200
