"""The site settings in admin: one form, in Chinese, for the publisher role."""

import pytest
from django.urls import reverse

from tests.wanli.factories import StaffUserFactory
from wanli.models import SiteContact
from wanli.roles import CONTENT_EDITOR, PUBLISHER

pytestmark = pytest.mark.django_db


def test_the_list_goes_straight_to_the_one_form_and_saving_it_keeps_one_row(client):
    client.force_login(StaffUserFactory(role=PUBLISHER))
    changelist = reverse("admin:wanli_sitecontact_changelist")
    assert client.get(changelist)["Location"] == reverse("admin:wanli_sitecontact_add")
    form = client.get(reverse("admin:wanli_sitecontact_add")).content.decode()
    assert "街道服务热线" in form and "服务窗口地址" in form
    response = client.post(
        reverse("admin:wanli_sitecontact_add"),
        {
            "hotline": "021-52820000",
            "address": "万里路 1 号",
            "address_en": "1 Wanli Road",
            "opening_hours": "周一至周五 9:00–17:00",
            "opening_hours_en": "Mon–Fri 9:00–17:00",
        },
    )
    assert response.status_code == 302
    assert client.get(changelist)["Location"] == reverse("admin:wanli_sitecontact_change", args=[1])
    assert SiteContact.objects.get().hotline == "021-52820000"
    assert client.get(reverse("admin:wanli_sitecontact_add")).status_code == 403  # no second row


def test_content_editors_cannot_change_the_office_contact(client):
    SiteContact().save()
    client.force_login(StaffUserFactory(role=CONTENT_EDITOR))
    assert client.get(reverse("admin:wanli_sitecontact_change", args=[1])).status_code == 403


def test_a_manager_who_may_only_look_gets_the_empty_list_not_a_403(client):
    from wanli.roles import MANAGER

    client.force_login(StaffUserFactory(role=MANAGER))
    response = client.get(reverse("admin:wanli_sitecontact_changelist"))
    assert response.status_code == 200
