"""Masked personal fields cannot be read back through the admin's filters, search or ordering
(intake/personal_data.py, with casework's permissions), for every staff role of wanli/roles.py."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import RequestFactory
from django.urls import reverse

from casework.admin import CorrectionAdmin, ServiceRequestAdmin
from casework.models import ServiceRequest
from tests.wanli.factories import StaffUserFactory
from wanli import roles

from .factories import CorrectionFactory, repair_service, submit

pytestmark = pytest.mark.django_db

LOOKUPS = [
    "exact",
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "regex",
    "iregex",
    "gt",
    "lt",
    "gte",
    "lte",
    "in",
    "range",
    "isnull",
]
# The admin cannot pass a pair through the query string (the database would fail): refused for everyone.
REFUSED_FOR_EVERYONE = {"range"}
STORED = {
    "name": "王阿姨",
    "phone": "13812341234",
    "address": "香泉苑 5 号 301 室",
    "description": "热水壶坏了",
    "contact": "13912340123",
}
PERSONAL = [("servicerequest", field) for field in ServiceRequestAdmin.personal_fields] + [
    ("correction", field) for field in CorrectionAdmin.personal_fields
]
# A correction's contact has a permission of its own, apart from the requests' personal data.
PERMISSION = {"servicerequest": "casework.view_personal_data", "correction": "casework.view_correction_contact"}
# Every role, a superuser, and a user who may view both lists but holds no personal-data permission (no role
# has that combination today; it is the case the masking exists for).
VIEWER = "viewer"
SUPERUSER = "superuser"
ROLES = [*roles.ROLES, SUPERUSER, VIEWER]


def lookup_value(lookup: str, stored: str) -> str:
    """A value with which `lookup` matches `stored`, so a permitted user's filter keeps the row."""
    return {
        "exact": stored,
        "iexact": stored,
        "contains": stored[1:3],
        "icontains": stored[1:3],
        "startswith": stored[:1],
        "istartswith": stored[:1],
        "endswith": stored[-1:],
        "iendswith": stored[-1:],
        "regex": "^" + re.escape(stored[:1]),
        "iregex": "^" + re.escape(stored[:1]),
        "gt": stored[:1],
        "gte": stored,
        "lt": stored + "9",
        "lte": stored,
        "in": f"{stored},zzz",
        "range": f"{stored[:1]},{stored}9",
        "isnull": "False",
    }[lookup]


def user_for(role: str) -> User:
    if role == SUPERUSER:
        return User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024")
    if role == VIEWER:
        user = StaffUserFactory()
        user.user_permissions.set(Permission.objects.filter(codename__in=["view_servicerequest", "view_correction"]))
        return user
    return StaffUserFactory(role=role)


def make_record(model: str):
    if model == "correction":
        return CorrectionFactory(contact=STORED["contact"])
    return submit(repair_service(), **{field: STORED[field] for field in ServiceRequestAdmin.personal_fields})


def shown(record) -> str:
    return record.display_code if isinstance(record, ServiceRequest) else f"/{record.pk}/change/"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("lookup", LOOKUPS)
@pytest.mark.parametrize(("model", "field"), PERSONAL)
def test_personal_field_lookups_only_for_users_who_may_see_them(client, model, field, lookup, role):
    user = user_for(role)
    client.force_login(user)
    record = make_record(model)
    url = reverse(f"admin:casework_{model}_changelist")
    response = client.get(url, {f"{field}__{lookup}": lookup_value(lookup, STORED[field])})
    if not user.has_perm(f"casework.view_{model}"):
        assert response.status_code == 403
    elif user.has_perm(PERMISSION[model]) and lookup not in REFUSED_FOR_EVERYONE:
        assert response.status_code == 200
        assert shown(record) in response.content.decode()
    else:
        assert response.status_code == 400
        assert "请求无效" in response.content.decode()


def test_a_refused_lookup_is_a_clean_bad_request_page(client):
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    CorrectionFactory(contact="13912340123")
    response = client.get(reverse("admin:casework_correction_changelist"), {"contact__startswith": "1391"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求无效" in html and "Bad request" in html and "13912340123" not in html


def test_editor_still_filters_corrections_by_the_fields_that_are_not_personal(client):
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    correction = CorrectionFactory(contact="13912340123")
    response = client.get(reverse("admin:casework_correction_changelist"), {"status__exact": correction.status})
    assert response.status_code == 200 and f"/{correction.pk}/change/" in response.content.decode()


def test_place_pools_cannot_be_filtered_by_their_requests_phones(client):
    from casework.models import PlacePool

    user = StaffUserFactory()
    user.user_permissions.set(Permission.objects.filter(codename="view_placepool"))
    model_admin = admin.site._registry[PlacePool]
    request = RequestFactory().get("/")
    request.user = user
    assert model_admin.lookup_allowed("requests__phone__startswith", "138", request) is False
    assert model_admin.lookup_allowed("capacity__gte", "1", request) is True
