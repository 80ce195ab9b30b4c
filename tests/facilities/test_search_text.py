"""The stored search text: built by one function, and kept right by every write path."""

import pytest
import tablib

from facilities.models import Facility
from facilities.resources import FacilityResource
from facilities.search_text import build_search_text, char_pinyin, name_initials, name_pinyin, normalize, split_terms
from publishing.publishable import PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .factories import FacilityFactory, FacilityKindFactory


def test_normalize_ignores_width_case_spaces_and_punctuation():
    assert normalize("ＸＩＡＮＧ Quan") == normalize("xiangquan") == "xiangquan"
    assert normalize("香泉“智助食堂”") == "香泉智助食堂"
    assert split_terms("香泉　食堂，ＡＢＣ") == ["香泉", "食堂", "abc"]


def test_pinyin_and_initials_of_a_name():
    assert name_pinyin("香泉“智助食堂”") == "xiangquanzhizhushitang"
    assert name_initials("香泉“智助食堂”") == "xqzzst"


def test_character_pinyin_does_not_depend_on_context():
    # 行 is read hang in 银行 but xing on its own: the per-character spelling of a part stays a part of the whole.
    assert name_pinyin("银行") == "yinhang"
    assert char_pinyin("银行") == "yinxing"
    assert char_pinyin("行") in char_pinyin("银行")
    assert char_pinyin("a行1") == "axing1"


def test_search_text_layout():
    text = build_search_text(name="香泉“智助食堂”", other_names=["Xiangquan Canteen"], texts=["吃饭的地方", ""])
    initials, rest = text.split("#")
    names, texts = rest.split("|")
    assert initials == "xqzzst"
    assert names.split(" ") == ["香泉智助食堂", "xiangquancanteen", "xiangquanzhizhushitang"]
    assert texts == "吃饭的地方 chifandedifang"


@pytest.mark.django_db
class TestKeptRight:
    def test_save(self):
        facility = FacilityFactory(name="香泉“智助食堂”", summary="社区食堂")
        facility.refresh_from_db()
        assert facility.search_text.startswith("xqzzst#香泉智助食堂")

    def test_save_with_update_fields(self):
        facility = FacilityFactory(name="旧名称")
        facility.name = "万里公园"
        facility.save(update_fields=["name"])
        facility.refresh_from_db()
        assert "wanligongyuan" in facility.search_text

    def test_queryset_update(self):
        facility = FacilityFactory(name="旧名称")
        Facility.objects.filter(pk=facility.pk).update(name="万里公园")
        facility.refresh_from_db()
        assert "wanligongyuan" in facility.search_text and "jiumingcheng" not in facility.search_text

    def test_bulk_update(self):
        facility = FacilityFactory(name="旧名称")
        facility.name = "万里公园"
        Facility.objects.bulk_update([facility], ["name"])
        facility.refresh_from_db()
        assert "wanligongyuan" in facility.search_text

    def test_bulk_create(self):
        kind = FacilityKindFactory()
        Facility.objects.bulk_create([Facility(name="万里公园", slug="park", kind=kind)])
        assert "wanligongyuan" in Facility.objects.get(slug="park").search_text

    def test_update_of_other_fields_leaves_it_alone(self, django_assert_num_queries):
        facility = FacilityFactory(name="万里公园")
        with django_assert_num_queries(1):
            Facility.objects.filter(pk=facility.pk).update(phone="021-1")

    def test_import(self):
        FacilityKindFactory(slug="park", name="公园")
        FacilityFactory(slug="the-park", name="旧名称", kind__slug="park")
        columns = FacilityResource._meta.fields
        row = {
            "slug": "the-park",
            "name": "万里公园",
            "kind": "park",
            "publication_status": PublicationStatus.PUBLISHED,
            "operation_status": "open",
            "follows_public_holidays": "1",
        }
        dataset = tablib.Dataset([row.get(c, "") for c in columns], headers=columns)
        result = FacilityResource().import_data(dataset, dry_run=False, user=StaffUserFactory(role=roles.PUBLISHER))
        assert not result.has_errors() and not result.has_validation_errors()
        assert "wanligongyuan" in Facility.objects.get(slug="the-park").search_text

    def test_rebuild_fixes_a_row_written_behind_the_model(self):
        facility = FacilityFactory(name="万里公园")
        Facility.objects.filter(pk=facility.pk).update(search_text="")  # not a source field: left as written
        assert Facility.all_objects.all().rebuild_search_text() == 1
        facility.refresh_from_db()
        assert "wanligongyuan" in facility.search_text
