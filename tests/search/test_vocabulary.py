"""What a query word means: kind, category and audience names in both languages, and the synonym list."""

import pytest

from search.vocabulary import Tier, Vocabulary, word_match

from ..facilities.factories import FacilityKindFactory
from ..services.factories import ServiceCategoryFactory
from .factories import SearchSynonymFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("term", "label", "tier"),
    [
        ("食堂", "食堂", Tier.MEANING),
        ("长者食堂", "食堂", Tier.RELATED),  # the word contains the label
        ("托", "托育", Tier.RELATED),  # any Chinese word may be part of a label
        ("meals", "meal", Tier.RELATED),
        ("me", "meal", None),  # a Latin fragment of two letters is too short
        ("公园", "", None),
    ],
)
def test_word_match(term, label, tier):
    assert word_match(term, label) == tier


def test_kind_names_in_both_languages_and_synonyms_are_understood():
    canteen = FacilityKindFactory(name="食堂", name_en="Canteen")
    meals = ServiceCategoryFactory(name="助餐", name_en="Meals")
    SearchSynonymFactory(phrase="吃饭", kinds=[canteen], categories=[meals], extra_terms="饭堂")
    vocabulary = Vocabulary.load()
    assert vocabulary.meaning("canteen").kinds == {canteen.pk: (canteen, Tier.MEANING)}
    eating = vocabulary.meaning("吃饭")
    assert eating.kinds == {canteen.pk: (canteen, Tier.MEANING)}
    assert eating.categories == {meals.pk: (meals, Tier.MEANING)}
    assert eating.extra_terms == {"饭堂": Tier.MEANING}


def test_a_top_category_stands_for_its_sub_categories():
    top = ServiceCategoryFactory(name="一老一小")
    child = ServiceCategoryFactory(name="托育", parent=top)
    assert set(Vocabulary.load().meaning("一老一小").categories) == {top.pk, child.pk}


def test_audience_names_in_both_languages():
    vocabulary = Vocabulary.load()
    assert [label for label, _tier in vocabulary.meaning("骑手").audiences.values()] == ["新就业群体（骑手、快递员等）"]
    assert [label for label, _tier in vocabulary.meaning("older").audiences.values()] == ["老年人"]


def test_loading_takes_a_fixed_number_of_queries(django_assert_num_queries):
    kinds = [FacilityKindFactory() for _ in range(3)]
    for n in range(5):
        SearchSynonymFactory(phrase=f"词{n}", kinds=kinds)
    with django_assert_num_queries(7):
        Vocabulary.load()


def test_the_vocabulary_is_read_once_until_an_edit(django_assert_num_queries):
    canteen = FacilityKindFactory(name="食堂", name_en="Canteen")
    Vocabulary.load()
    with django_assert_num_queries(0):
        assert canteen.pk in Vocabulary.load().meaning("食堂").kinds
    SearchSynonymFactory(phrase="吃饭", kinds=[canteen])  # a new synonym (and its kinds) bumps "search"
    assert Vocabulary.load().meaning("吃饭").kinds == {canteen.pk: (canteen, Tier.MEANING)}
    canteen.name_en = "Refectory"
    canteen.save()  # a kind's change bumps "site"
    assert canteen.pk in Vocabulary.load().meaning("refectory").kinds
