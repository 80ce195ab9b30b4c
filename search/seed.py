"""The first synonym list: everyday words residents use, and what they mean on this site (kinds of place,
service categories, audiences). Words, not facts about places: no place is named here.

Seeding creates only the words that are missing and never changes a word staff have edited.
"""

from dataclasses import dataclass, field

from django.db import transaction

from facilities.models import Audience, AudienceCode, FacilityKind
from facilities.search_text import normalize
from services.models import ServiceCategory

from .models import SearchSynonym, SynonymLanguage


@dataclass
class SeedSynonym:
    phrase: str
    kinds: list[str] = field(default_factory=list)  # FacilityKind slugs
    categories: list[str] = field(default_factory=list)  # ServiceCategory slugs
    audiences: list[str] = field(default_factory=list)  # AudienceCode values
    extra_terms: str = ""
    suggested: bool = False
    language: str = SynonymLanguage.CHINESE


E = AudienceCode
EN = SynonymLanguage.ENGLISH
MEALS = {"kinds": ["canteen"], "categories": ["zhucan"]}
CHILDCARE = {"kinds": ["baby-house"], "categories": ["tuoyu", "zinv-zhaohu"]}
RIDERS = {"audiences": [E.NEW_EMPLOYMENT], "categories": ["xinjiuye-qunti"]}
REPAIRS = {"categories": ["xiaoxiu-xiaobu"]}
BEDS = {"kinds": ["builders-home"], "categories": ["zhusu"]}
DISPUTES = {"kinds": ["dispute-resolution"], "categories": ["maodun-tiaojie", "xinfang"]}
ERRANDS = {"kinds": ["public-service-centre"], "categories": ["zhengwu-banli"]}
ELDERLY_CARE = {"kinds": ["elderly-care"], "categories": ["rijian-zhaoliao", "yanglao-fuwu"]}
JOBS = {"kinds": ["employment"], "categories": ["jiuye"]}

SYNONYMS = [
    SeedSynonym("吃饭", suggested=True, **MEALS),
    SeedSynonym("长者食堂", **MEALS),
    SeedSynonym("老年助餐", **MEALS),
    SeedSynonym("助餐点", **MEALS),
    SeedSynonym("老年饭桌", **MEALS),
    SeedSynonym("午饭", **MEALS),
    SeedSynonym("托育", suggested=True, **CHILDCARE),
    SeedSynonym("托班", **CHILDCARE),
    SeedSynonym("带娃", **CHILDCARE),
    SeedSynonym("幼儿", **CHILDCARE),
    SeedSynonym("看孩子", **CHILDCARE),
    SeedSynonym("暑托班", **CHILDCARE),
    SeedSynonym("骑手", suggested=True, **RIDERS),
    SeedSynonym("外卖", **RIDERS),
    SeedSynonym("快递", **RIDERS),
    SeedSynonym("快递员", **RIDERS),
    SeedSynonym("维修", suggested=True, **REPAIRS),
    SeedSynonym("修家电", **REPAIRS),
    SeedSynonym("修冰箱", **REPAIRS),
    SeedSynonym("修空调", **REPAIRS),
    SeedSynonym("修电饭煲", **REPAIRS),
    SeedSynonym("床位", suggested=True, **BEDS),
    SeedSynonym("住宿", **BEDS),
    SeedSynonym("睡觉", **BEDS),
    SeedSynonym("调解", **DISPUTES),
    SeedSynonym("纠纷", **DISPUTES),
    SeedSynonym("吵架", **DISPUTES),
    SeedSynonym("办事", suggested=True, extra_terms="一网通办 公共服务", **ERRANDS),
    SeedSynonym("一网通办", **ERRANDS),
    SeedSynonym("养老", suggested=True, **ELDERLY_CARE),
    SeedSynonym("长者", audiences=[E.ELDERLY]),
    SeedSynonym("老人", audiences=[E.ELDERLY], **ELDERLY_CARE),
    SeedSynonym("找工作", **JOBS),
    SeedSynonym("打零工", **JOBS),
    SeedSynonym("meal", language=EN, suggested=True, **MEALS),
    SeedSynonym("lunch", language=EN, **MEALS),
    SeedSynonym("food", language=EN, **MEALS),
    SeedSynonym("eat", language=EN, **MEALS),
    SeedSynonym("childcare", language=EN, suggested=True, **CHILDCARE),
    SeedSynonym("nursery", language=EN, **CHILDCARE),
    SeedSynonym("daycare", language=EN, **CHILDCARE),
    SeedSynonym("rider", language=EN, suggested=True, **RIDERS),
    SeedSynonym("courier", language=EN, **RIDERS),
    SeedSynonym("delivery", language=EN, **RIDERS),
    SeedSynonym("repair", language=EN, suggested=True, **REPAIRS),
    SeedSynonym("fix", language=EN, **REPAIRS),
    SeedSynonym("fridge", language=EN, **REPAIRS),
    SeedSynonym("bed", language=EN, suggested=True, **BEDS),
    SeedSynonym("accommodation", language=EN, **BEDS),
    SeedSynonym("dispute", language=EN, **DISPUTES),
    SeedSynonym("mediation", language=EN, **DISPUTES),
    SeedSynonym("paperwork", language=EN, suggested=True, **ERRANDS),
    SeedSynonym("elderly", language=EN, audiences=[E.ELDERLY], **ELDERLY_CARE),
    SeedSynonym("job", language=EN, **JOBS),
]


@transaction.atomic
def seed_search_synonyms() -> int:
    """Creates the synonyms that are missing (by their normalised phrase); returns how many were made.

    Targets that do not exist (a kind or category staff removed) are skipped."""
    existing = set(SearchSynonym.objects.values_list("normalized", flat=True))
    kinds = {k.slug: k for k in FacilityKind.objects.all()}
    categories = {c.slug: c for c in ServiceCategory.objects.all()}
    audiences = {a.code: a for a in Audience.objects.all()}
    made = 0
    for order, item in enumerate(SYNONYMS):
        if normalize(item.phrase) in existing:
            continue
        synonym = SearchSynonym(
            phrase=item.phrase,
            language=item.language,
            extra_terms=item.extra_terms,
            suggested=item.suggested,
            order=order,
        )
        synonym.full_clean()
        synonym.save()
        synonym.kinds.set([kinds[s] for s in item.kinds if s in kinds])
        synonym.categories.set([categories[s] for s in item.categories if s in categories])
        synonym.audiences.set([audiences[c] for c in item.audiences if c in audiences])
        made += 1
    return made
