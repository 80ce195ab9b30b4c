"""What the words of a query mean on this site: kind names, service-category names, audience names and the
synonym list staff edit (SearchSynonym). Read with a fixed number of small queries, and kept in the shared
cache keyed by the "site" and "search" content versions (an edit of a kind, category, audience or synonym
bumps one of them), so an edit still takes effect at once."""

from dataclasses import dataclass, field
from enum import IntEnum

from django.core.cache import cache
from django.utils import translation

from facilities.content_version import SEARCH, SITE, topic_versions
from facilities.models import Audience, AudienceCode, FacilityKind
from facilities.search_text import has_cjk, normalize, split_terms
from services.models import ServiceCategory

from .models import SearchSynonym

# The versions in the key make a stale vocabulary unreachable; the timeout only bounds the old keys.
VOCABULARY_TIMEOUT = 24 * 60 * 60


class Tier(IntEnum):
    """How well a record matches, best first."""

    WHOLE_NAME = 0
    NAME = 1
    MEANING = 2  # the word is a kind, category or audience name, or a synonym
    RELATED = 3  # the word contains one of those, or is part of one
    TEXT = 4  # summary or description


def _long_enough(term: str) -> bool:
    """Whether a term may match as part of a longer label: any Chinese word, a Latin one of three letters."""
    return has_cjk(term) or len(term) >= 3


def word_match(term: str, label: str) -> Tier | None:
    """How a query word matches a label (kind, category, audience, synonym): the same, one inside the other, or not."""
    if not label:
        return None
    if term == label:
        return Tier.MEANING
    if (_long_enough(term) and term in label) or (len(label) >= 2 and label in term):
        return Tier.RELATED
    return None


def _best_match(term: str, labels) -> Tier | None:
    found = [t for label in labels if (t := word_match(term, label)) is not None]
    return min(found) if found else None


@dataclass
class Meaning:
    """What one query word stands for, each with how closely (Tier): kinds, categories (with their
    sub-categories), audiences, more words."""

    term: str
    kinds: dict[int, tuple[FacilityKind, Tier]] = field(default_factory=dict)
    categories: dict[int, tuple[ServiceCategory, Tier]] = field(default_factory=dict)
    audiences: dict[int, tuple[str, Tier]] = field(default_factory=dict)  # audience id -> label
    extra_terms: dict[str, Tier] = field(default_factory=dict)

    @staticmethod
    def add(mapping: dict, key, value, tier: Tier) -> None:
        if key not in mapping or mapping[key][1] > tier:
            mapping[key] = (value, tier)


@dataclass
class Synonym:
    normalized: str
    kind_ids: list[int] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    audience_ids: list[int] = field(default_factory=list)
    extra_terms: list[str] = field(default_factory=list)


@dataclass
class Vocabulary:
    """Everything a word can mean, each with its comparable (normalised) names in both languages."""

    kinds: dict[int, tuple[FacilityKind, tuple[str, ...]]]
    categories: dict[int, tuple[ServiceCategory, tuple[str, ...]]]
    children: dict[int, list[int]]
    audiences: dict[int, tuple[str, tuple[str, ...]]]
    synonyms: list[Synonym]

    @classmethod
    def load(cls) -> "Vocabulary":
        """The vocabulary from the cache, or read afresh (and cached) when the versions moved on. The
        audience labels are in the active language, hence the language in the key."""
        versions = topic_versions([SITE, SEARCH])
        if versions is None:
            return cls.read()
        key = f"wanli:search-vocabulary:{translation.get_language()}:{versions[0]}:{versions[1]}"
        vocabulary = cache.get(key)
        if vocabulary is None:
            vocabulary = cls.read()
            cache.set(key, vocabulary, timeout=VOCABULARY_TIMEOUT)
        return vocabulary

    @classmethod
    def read(cls) -> "Vocabulary":
        """Seven small queries: kinds, categories, audiences, synonyms and their three lists of targets."""
        categories = list(ServiceCategory.objects.order_by())
        children: dict[int, list[int]] = {}
        for category in categories:
            if category.parent_id:
                children.setdefault(category.parent_id, []).append(category.pk)
        synonyms = {
            pk: Synonym(normalized=normalized, extra_terms=split_terms(extra))
            for pk, normalized, extra in SearchSynonym.objects.order_by().values_list("pk", "normalized", "extra_terms")
        }
        for relation, target in (("kinds", "kind_ids"), ("categories", "category_ids"), ("audiences", "audience_ids")):
            through = getattr(SearchSynonym, relation).through
            target_column = getattr(SearchSynonym, relation).field.m2m_reverse_name()
            for synonym_id, target_id in through.objects.order_by().values_list("searchsynonym_id", target_column):
                getattr(synonyms[synonym_id], target).append(target_id)
        return cls(
            kinds={k.pk: (k, (normalize(k.name), normalize(k.name_en))) for k in FacilityKind.objects.order_by()},
            categories={c.pk: (c, (normalize(c.name), normalize(c.name_en))) for c in categories},
            children=children,
            audiences={a.pk: (str(a.label), _audience_names(a.code)) for a in Audience.objects.order_by()},
            synonyms=list(synonyms.values()),
        )

    def phrases(self) -> set[str]:
        return {s.normalized for s in self.synonyms}

    def meaning(self, term: str) -> Meaning:
        meaning = Meaning(term=term)
        for pk, (kind, names) in self.kinds.items():
            if tier := _best_match(term, names):
                meaning.add(meaning.kinds, pk, kind, tier)
        for pk, (_category, names) in self.categories.items():
            if tier := _best_match(term, names):
                self._add_category(meaning, pk, tier)
        for pk, (label, names) in self.audiences.items():
            if tier := _best_match(term, names):
                meaning.add(meaning.audiences, pk, label, tier)
        for synonym in self.synonyms:
            if not (tier := word_match(term, synonym.normalized)):
                continue
            for pk in synonym.kind_ids:
                meaning.add(meaning.kinds, pk, self.kinds[pk][0], tier)
            for pk in synonym.category_ids:
                self._add_category(meaning, pk, tier)
            for pk in synonym.audience_ids:
                meaning.add(meaning.audiences, pk, self.audiences[pk][0], tier)
            for extra in synonym.extra_terms:
                meaning.extra_terms[extra] = min(tier, meaning.extra_terms.get(extra, tier))
        return meaning

    def _add_category(self, meaning: Meaning, pk: int, tier: Tier) -> None:
        """A top category stands for its sub-categories too."""
        for category_id in (pk, *self.children.get(pk, ())):
            meaning.add(meaning.categories, category_id, self.categories[category_id][0], tier)


def _audience_names(code: str) -> tuple[str, ...]:
    names = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.append(normalize(str(AudienceCode(code).label)))
    return tuple(names)
