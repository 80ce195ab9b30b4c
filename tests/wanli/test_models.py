"""The site settings: one row of contact details, in the database too."""

import pytest
from django.db import IntegrityError

from wanli.models import SITE_CONTACT_PK, SiteContact

pytestmark = pytest.mark.django_db


def test_site_contact_is_a_single_row_however_often_it_is_saved():
    SiteContact(hotline="021-11111111").save()
    SiteContact(hotline="021-22222222").save()
    assert list(SiteContact.objects.values_list("pk", "hotline")) == [(SITE_CONTACT_PK, "021-22222222")]


def test_the_database_refuses_a_second_contact_row():
    with pytest.raises(IntegrityError):
        SiteContact.objects.bulk_create([SiteContact(pk=SITE_CONTACT_PK + 1)])  # bulk_create skips save()


def test_english_address_and_hours_fall_back_to_chinese():
    from django.utils import translation

    contact = SiteContact(address="万里路 1 号", opening_hours="周一至周五", opening_hours_en="Mon–Fri")
    with translation.override("en"):
        assert (contact.display_address, contact.display_opening_hours) == ("万里路 1 号", "Mon–Fri")
