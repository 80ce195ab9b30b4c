"""Default life-circle categories, linked to the seeded facility kinds. Create-only: staff edits are kept."""

from django.db import transaction

from facilities.models import FacilityKind
from services.models import ServiceCategory

from .models import LifeCircleCategory, TargetMinutes

# slug, Chinese, English, target minutes, facility-kind slugs, order; service-category slugs in SERVICE_CATEGORIES.
# Targets follow Shanghai's 2016 life-circle guideline: elderly care ~5 min, childcare (0–3) ~10 min,
# everything else within the 15-minute circle.
CATEGORIES = [
    ("elderly-care", "养老服务", "Elderly care", TargetMinutes.FIVE, ["elderly-care"], 10),
    ("childcare", "托育（0–3岁）", "Childcare (ages 0–3)", TargetMinutes.TEN, ["baby-house"], 20),
    ("meals", "社区助餐", "Community meals", TargetMinutes.FIFTEEN, ["canteen"], 30),
    (
        "party-mass-service",
        "党群服务站点",
        "Party-mass service point",
        TargetMinutes.FIFTEEN,
        ["party-mass-station", "party-mass-centre"],
        40,
    ),
    (
        "community-service-centre",
        "社区服务中心",
        "Community service centre",
        TargetMinutes.FIFTEEN,
        ["public-service-centre"],
        50,
    ),
    ("culture", "文化设施", "Culture", TargetMinutes.FIFTEEN, ["culture"], 60),
    ("parks", "公园绿地", "Parks and green space", TargetMinutes.FIFTEEN, ["park"], 70),
    ("employment", "就业服务", "Employment services", TargetMinutes.FIFTEEN, ["employment"], 80),
]


# Places offering a published service of these categories (services/seed.py) also satisfy the need.
SERVICE_CATEGORIES = {
    "elderly-care": ["yanglao-fuwu", "rijian-zhaoliao"],
    "childcare": ["tuoyu"],
    "meals": ["zhucan"],
    "community-service-centre": ["zhengwu-banli"],
    "culture": ["wenhua-xiuxian"],
    "employment": ["jiuye"],
}


@transaction.atomic
def seed_life_circle_categories() -> int:
    """Creates the missing default categories (linked to whichever of their kinds exist); returns how many."""
    made = 0
    for slug, name, name_en, target, kind_slugs, order in CATEGORIES:
        if LifeCircleCategory.objects.filter(slug=slug).exists():
            continue
        category = LifeCircleCategory(slug=slug, name=name, name_en=name_en, target_minutes=target, order=order)
        category.full_clean()
        category.save()
        category.kinds.set(FacilityKind.objects.filter(slug__in=kind_slugs))
        category.service_categories.set(ServiceCategory.objects.filter(slug__in=SERVICE_CATEGORIES.get(slug, [])))
        made += 1
    return made
