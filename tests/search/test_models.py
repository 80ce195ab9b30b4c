import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from search.models import SearchSynonym, UnmatchedSearch

pytestmark = pytest.mark.django_db


def test_phrase_is_stored_normalised_and_unique_whatever_the_width_or_case():
    SearchSynonym.objects.create(phrase="ＭＥＡＬ")
    assert SearchSynonym.objects.get().normalized == "meal"
    duplicate = SearchSynonym(phrase=" meal ")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "已经在同义词表中" in str(error.value)
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_only_punctuation_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        SearchSynonym(phrase="，，").full_clean()
    assert "不能只有标点或空格" in str(error.value)


def test_database_refuses_an_empty_phrase_and_query():
    with pytest.raises(IntegrityError):
        SearchSynonym.objects.create(phrase="!!")


def test_database_refuses_an_empty_unmatched_query():
    with pytest.raises(IntegrityError):
        UnmatchedSearch.objects.create(query="", first_seen="2026-01-01", last_seen="2026-01-01")


def test_extra_terms_split_on_spaces_and_commas():
    assert SearchSynonym(extra_terms="公共服务，一网通办 办证").extra_term_list == ["公共服务", "一网通办", "办证"]
