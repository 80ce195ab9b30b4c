import pytest
from django.core.management import call_command

from facilities.search_text import normalize
from search.models import SearchSynonym
from search.seed import SYNONYMS, seed_search_synonyms

pytestmark = pytest.mark.django_db


def test_every_synonym_points_somewhere_that_exists(real_seed):
    assert SearchSynonym.objects.count() == len(SYNONYMS)
    for synonym in SearchSynonym.objects.prefetch_related("kinds", "categories", "audiences"):
        item = next(s for s in SYNONYMS if normalize(s.phrase) == synonym.normalized)
        assert synonym.kinds.count() == len(item.kinds), synonym
        assert synonym.categories.count() == len(item.categories), synonym
        assert synonym.audiences.count() == len(item.audiences), synonym


def test_seeding_again_changes_nothing_staff_edited(real_seed):
    SearchSynonym.objects.filter(phrase="吃饭").update(extra_terms="饭堂")
    SearchSynonym.objects.filter(phrase="托班").delete()
    assert seed_search_synonyms() == 1
    assert SearchSynonym.objects.get(phrase="吃饭").extra_terms == "饭堂"


def test_seed_wanli_loads_the_synonyms():
    call_command("seed_wanli", stdout=None)
    assert SearchSynonym.objects.filter(phrase="长者食堂", kinds__slug="canteen").exists()
