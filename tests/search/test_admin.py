"""Staff edit the synonym list in Chinese and see which searches found nothing."""

from datetime import date

import pytest
from django.urls import reverse

from search.actions import unmatched_search_record
from search.models import SearchSynonym
from wanli import roles

from ..facilities.factories import FacilityKindFactory
from ..wanli.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    return client


def test_an_editor_adds_a_synonym_and_its_history_is_kept(editor):
    kind = FacilityKindFactory(name="宝宝屋")
    response = editor.post(
        reverse("admin:search_searchsynonym_add"),
        {
            "phrase": "带娃",
            "language": "zh-hans",
            "kinds": [kind.pk],
            "extra_terms": "",
            "order": "0",
        },
    )
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get()
    assert list(synonym.kinds.all()) == [kind]
    latest = synonym.history.latest()
    assert latest.history_user is not None
    assert [row.facilitykind_id for row in latest.kinds.all()] == [kind.pk]


def test_a_duplicate_gets_a_chinese_message(editor):
    SearchSynonym.objects.create(phrase="带娃")
    response = editor.post(
        reverse("admin:search_searchsynonym_add"),
        {
            "phrase": "带 娃",
            "language": "zh-hans",
            "extra_terms": "",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert "已经在同义词表中" in str(response.context["adminform"].form.errors)


def test_the_list_is_labelled_in_chinese(editor):
    page = editor.get(reverse("admin:index")).content.decode()
    assert "搜索同义词" in page and "无结果的搜索" in page and "站内搜索" in page


def test_unmatched_searches_are_listed_most_frequent_first_with_a_link_to_add_a_synonym(editor):
    unmatched_search_record(query="理发", on=date(2026, 1, 1))
    for _ in range(3):
        unmatched_search_record(query="火星", on=date(2026, 1, 2))
    page = editor.get(reverse("admin:search_unmatchedsearch_changelist")).content.decode()
    assert page.index("火星") < page.index("理发")
    assert reverse("admin:search_searchsynonym_add") + "?phrase=%E7%81%AB%E6%98%9F" in page
    assert (
        editor.get(reverse("admin:search_searchsynonym_add") + "?phrase=火星")
        .context["adminform"]
        .form.initial["phrase"]
        == "火星"
    )


def test_unmatched_searches_cannot_be_added_or_edited_by_hand(editor):
    assert editor.get(reverse("admin:search_unmatchedsearch_add")).status_code == 403


def test_a_manager_reads_but_cannot_edit(client):
    client.force_login(StaffUserFactory(role=roles.MANAGER))
    assert client.get(reverse("admin:search_searchsynonym_changelist")).status_code == 200
    assert client.get(reverse("admin:search_searchsynonym_add")).status_code == 403
