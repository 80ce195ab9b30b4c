"""The personal-data guard (intake/personal_data.py), seen through casework's admins: lookup paths through
relations, and search, ordering and sort columns dropped for users without the permission."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from casework.admin import CorrectionAdmin
from casework.models import Correction, ServiceRequest
from tests.casework.factories import CorrectionFactory
from tests.wanli.factories import StaffUserFactory
from wanli import roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "personal"),
    [
        ("phone__startswith", True),
        ("-name", True),
        ("address", True),
        ("service__requests__phone__startswith", True),
        ("events__request__description__contains", True),
        ("service__name__startswith", False),
        ("tracking_code", False),
        ("status__exact", False),
        ("nonsense", False),
    ],
)
def test_paths_through_relations_reach_personal_fields(path, personal):
    model_admin = admin.site._registry[ServiceRequest]
    assert model_admin.touches_personal_field(path) is personal


class SearchableCorrectionAdmin(CorrectionAdmin):
    """A careless future change: contact in the search, the list and the default ordering."""

    search_fields = ["^contact", "=contact", "contact", "what_is_wrong"]
    list_display = ["subject_label", "contact", "contact_column", "status"]
    ordering = ["contact", "-created_at"]

    @admin.display(ordering="contact")
    def contact_column(self, obj):
        return "—"


def _admin_request(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_search_ordering_and_sort_columns_drop_personal_fields_without_the_permission():
    model_admin = SearchableCorrectionAdmin(Correction, admin.site)
    editor = _admin_request(StaffUserFactory(role=roles.CONTENT_EDITOR))
    assert model_admin.get_search_fields(editor) == ["what_is_wrong"]
    assert list(model_admin.get_ordering(editor)) == ["-created_at"]
    assert list(model_admin.get_sortable_by(editor)) == ["subject_label", "status"]
    root = _admin_request(User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024"))
    assert model_admin.get_search_fields(root) == SearchableCorrectionAdmin.search_fields
    assert list(model_admin.get_ordering(root)) == ["contact", "-created_at"]


@pytest.mark.parametrize("order", ["1", "-1", "2", "0.-2"])
def test_sorting_by_a_personal_column_is_refused_without_the_permission(order):
    from django.contrib.admin.exceptions import DisallowedModelAdminLookup

    model_admin = SearchableCorrectionAdmin(Correction, admin.site)
    CorrectionFactory(contact="13912340123")
    with pytest.raises(DisallowedModelAdminLookup):
        model_admin.changelist_view(_admin_request(StaffUserFactory(role=roles.CONTENT_EDITOR), o=order))
    root = User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024")
    assert model_admin.changelist_view(_admin_request(root, o=order)).status_code == 200


def test_sorting_by_other_columns_still_works_without_the_permission():
    model_admin = SearchableCorrectionAdmin(Correction, admin.site)
    CorrectionFactory()
    request = _admin_request(StaffUserFactory(role=roles.CONTENT_EDITOR), o="3")
    assert model_admin.changelist_view(request).status_code == 200
