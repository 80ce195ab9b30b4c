"""The kinds and estates choice lists come from the cache until a change of their rows bumps the version."""

import pytest

from facilities.filters import FacilityFilter
from wanli.models import SITE_CONTACT_PK, SiteContact
from wanli.queries import site_contact

from .factories import EstateFactory, FacilityKindFactory

pytestmark = pytest.mark.django_db


def _render_selects() -> str:
    form = FacilityFilter(data={}).form
    return str(form["kind"]) + str(form["estate"])


def test_a_second_render_reads_no_choices_from_the_database(django_assert_num_queries):
    FacilityKindFactory(name="食堂样本")
    EstateFactory(name="样本小区")
    _render_selects()
    with django_assert_num_queries(0):
        html = _render_selects()
    assert "食堂样本" in html and "样本小区" in html


def test_a_saved_kind_or_estate_shows_on_the_next_render():
    kind = FacilityKindFactory(name="旧名称")
    estate = EstateFactory(name="旧小区")
    _render_selects()
    kind.name = "新名称"
    kind.save()
    estate.name = "新小区"
    estate.save()
    html = _render_selects()
    assert "新名称" in html and "旧名称" not in html
    assert "新小区" in html and "旧小区" not in html


def test_the_site_contact_is_cached_until_it_is_saved(django_assert_num_queries):
    SiteContact.objects.create(pk=SITE_CONTACT_PK, address="街道办")
    assert site_contact().address == "街道办"
    with django_assert_num_queries(0):
        assert site_contact().address == "街道办"
    contact = SiteContact.objects.get(pk=SITE_CONTACT_PK)
    contact.address = "新街道办"
    contact.save()
    assert site_contact().address == "新街道办"
