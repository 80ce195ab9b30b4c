"""A correction's contact in the admin (casework/admin.py): shown in full only with 查看纠错联系方式
(casework.view_correction_contact, the request handlers'), every page showing it recorded, and the lookup
protection of personal fields still refusing everyone else."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from casework.models import ContactPage, CorrectionContactView, CorrectionStatus
from tests.wanli.factories import StaffUserFactory
from wanli import roles

from .factories import CorrectionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:casework_correction_changelist")
CONTACT = "13912340123"
MASKED = "139****0123"


def change_url(correction):
    return reverse("admin:casework_correction_change", args=[correction.pk])


def user_with(*codenames) -> User:
    user = StaffUserFactory()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="casework", codename__in=codenames))
    return user


@pytest.fixture
def handler(client):
    user = StaffUserFactory(role=roles.REQUEST_HANDLER)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = StaffUserFactory(role=roles.CONTENT_EDITOR)
    client.force_login(user)
    return user


def test_handler_sees_the_full_contact_on_the_list_and_the_change_page(client, handler):
    correction = CorrectionFactory(contact=CONTACT)
    assert CONTACT in client.get(CHANGELIST).content.decode()
    page = client.get(change_url(correction)).content.decode()
    assert CONTACT in page and MASKED not in page


@pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.PUBLISHER])
def test_content_roles_see_the_contact_masked(client, role):
    client.force_login(StaffUserFactory(role=role))
    correction = CorrectionFactory(contact=CONTACT)
    for url in (CHANGELIST, change_url(correction)):
        page = client.get(url).content.decode()
        assert CONTACT not in page and MASKED in page
    assert not CorrectionContactView.objects.exists()


def test_the_personal_data_permission_of_requests_does_not_show_contacts(client):
    client.force_login(user_with("view_correction", "change_correction", "view_personal_data"))
    correction = CorrectionFactory(contact=CONTACT)
    assert CONTACT not in client.get(change_url(correction)).content.decode()


def test_every_change_page_shown_is_recorded(client, handler):
    correction = CorrectionFactory(contact=CONTACT)
    client.get(change_url(correction))
    client.get(change_url(correction))
    views = list(CorrectionContactView.objects.all())
    assert len(views) == 2
    assert {(v.correction, v.viewed_by, v.page) for v in views} == {(correction, handler, ContactPage.CHANGE)}


def test_saving_is_not_a_view_but_a_form_shown_again_is(client, handler):
    correction = CorrectionFactory(contact=CONTACT)
    assert (
        client.post(change_url(correction), {"status": CorrectionStatus.FIXED, "staff_note": "已回电"}).status_code
        == 302
    )
    assert not CorrectionContactView.objects.exists()
    response = client.post(change_url(correction), {"status": "nonsense"})
    assert response.status_code == 200 and CONTACT in response.content.decode()
    assert CorrectionContactView.objects.filter(correction=correction, page=ContactPage.CHANGE).count() == 1


def test_a_list_page_records_each_contact_it_shows(client, handler):
    shown = CorrectionFactory.create_batch(3, contact=CONTACT)
    CorrectionFactory(contact="")
    client.get(CHANGELIST)
    views = CorrectionContactView.objects.filter(viewed_by=handler, page=ContactPage.LIST)
    assert sorted(view.correction_id for view in views) == sorted(c.pk for c in shown)


def test_a_filtered_list_records_only_the_rows_on_it(client, handler):
    fixed = CorrectionFactory(contact=CONTACT, status=CorrectionStatus.FIXED, handled_at="2026-01-05T10:00:00+08:00")
    CorrectionFactory(contact="13800000000")
    client.get(CHANGELIST, {"status__exact": CorrectionStatus.FIXED})
    assert list(CorrectionContactView.objects.values_list("correction", flat=True)) == [fixed.pk]


def test_the_record_names_who_when_and_which(client, handler):
    correction = CorrectionFactory(contact=CONTACT)
    client.get(change_url(correction))
    client.force_login(User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024"))
    page = client.get(reverse("admin:casework_correctioncontactview_changelist")).content.decode()
    assert handler.username in page and str(correction) in page and "纠错详情页" in page
    assert client.get(reverse("admin:casework_correctioncontactview_add")).status_code == 403


def test_the_record_outlives_the_correction(client, handler):
    correction = CorrectionFactory(contact=CONTACT)
    client.get(change_url(correction))
    correction.delete()
    view = CorrectionContactView.objects.get()
    assert view.correction is None and view.viewed_by == handler


def test_handler_may_filter_and_search_by_contact(client, handler):
    correction = CorrectionFactory(contact=CONTACT)
    CorrectionFactory(contact="13800000000")
    for params in ({"contact__startswith": "1391"}, {"q": "1391234"}):
        response = client.get(CHANGELIST, params)
        assert response.status_code == 200
        assert [c.pk for c in response.context["cl"].result_list] == [correction.pk]


@pytest.mark.parametrize("params", [{"contact__startswith": "1391"}, {"contact": CONTACT}])
def test_without_the_contact_permission_contact_lookups_are_still_refused(client, params):
    client.force_login(user_with("view_correction", "change_correction", "view_personal_data"))
    CorrectionFactory(contact=CONTACT)
    assert client.get(CHANGELIST, params).status_code == 400


def test_without_the_contact_permission_search_ignores_contacts(client, editor):
    CorrectionFactory(contact=CONTACT, what_is_wrong="电话打不通")
    response = client.get(CHANGELIST, {"q": "1391234"})
    assert response.status_code == 200 and response.context["cl"].result_count == 0
