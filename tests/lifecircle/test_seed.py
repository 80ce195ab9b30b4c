import pytest

from facilities.seed import seed_facilities
from lifecircle.models import LifeCircleCategory
from lifecircle.seed import CATEGORIES, seed_life_circle_categories

pytestmark = pytest.mark.django_db


def test_seed_links_categories_to_seeded_kinds_with_guideline_targets():
    from services.seed import seed_services

    seed_facilities()
    seed_services()
    assert seed_life_circle_categories() == len(CATEGORIES)
    elderly = LifeCircleCategory.objects.get(slug="elderly-care")
    assert elderly.target_minutes == 5
    assert [k.slug for k in elderly.kinds.all()] == ["elderly-care"]
    assert LifeCircleCategory.objects.get(slug="childcare").target_minutes == 10
    assert LifeCircleCategory.objects.get(slug="meals").target_minutes == 15
    for category in LifeCircleCategory.objects.all():
        assert category.kinds.exists(), category.slug
    assert [c.slug for c in LifeCircleCategory.objects.get(slug="meals").service_categories.all()] == ["zhucan"]


def test_seed_is_create_only():
    seed_facilities()
    seed_life_circle_categories()
    LifeCircleCategory.objects.filter(slug="meals").update(target_minutes=10)
    assert seed_life_circle_categories() == 0
    assert LifeCircleCategory.objects.get(slug="meals").target_minutes == 10


def test_seed_wanli_command_loads_estates_and_categories():
    from django.core.management import call_command

    from facilities.models import Estate

    call_command("seed_wanli")
    assert Estate.objects.filter(slug="xiangquanyuan").exists()
    assert LifeCircleCategory.objects.count() == len(CATEGORIES)
