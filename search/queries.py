"""Reads for the one search (`/search/?q=`): facilities and services, grouped by type, best first.

A query's words are matched against each record's stored search text (names, pinyin, initials, summary,
description) and against what the words mean on this site, read afresh on every search: kind names,
service-category names, audience names and the synonym list staff edit (SearchSynonym). Several words
narrow the search (each must match). Ranking: the whole name, then a name containing the words, then a
kind / category / audience / synonym match, then the summary or description; open now and, with a
position, nearest break ties among the best rows.

On PostgreSQL every branch of the match uses an index: the trigram index on search_text (a Chinese word is
also asked for by its pinyin, which has trigrams even when the word has two characters, see
facilities.search_text), and kind / category / audience matches are resolved to id lists first, so they are
index lookups rather than joins evaluated row by row.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from facilities.geo import Point, haversine_m, walking_minutes
from facilities.hours import local_now
from facilities.models import Facility, FacilityKind
from facilities.queries import annotate_open_status, kinds_in_use, public_facilities
from facilities.search_text import INITIALS_END, NAMES_END, char_pinyin, has_cjk, split_terms
from publishing.publishable import PublicationStatus
from services.models import Service, ServiceAtLocation
from services.queries import public_services

from .models import SearchSynonym
from .vocabulary import Meaning, Tier, Vocabulary

MAX_TERMS = 6
SHOWN_PER_GROUP = 20
# The best rows by match alone; open-now and distance reorder these, so a tie is broken among enough of them.
FETCHED_PER_GROUP = 60
MAX_INITIALS_LENGTH = 8
HELP_KIND_SLUG = "public-service-centre"  # the seeded kind of the community public-service centre


# --- Matching a record --------------------------------------------------------------------------------


def _text_q(term: str) -> Q:
    q = Q(search_text__contains=term)
    if has_cjk(term):
        # The same word by its character-by-character pinyin: the part PostgreSQL's trigram index can use.
        q &= Q(search_text__contains=char_pinyin(term))
    return q


def _initials_pattern(term: str) -> str | None:
    """`xqst` finds 香泉“智助食堂” (xqzzst): residents shorten a name by dropping words from its middle, so the
    first and last initials must be the name's, the letters between in order, with gaps allowed."""
    if not (term.isascii() and term.isalpha() and 2 <= len(term) <= MAX_INITIALS_LENGTH):
        return None
    gap = f"[^{re.escape(INITIALS_END)}]*"
    return "^" + gap.join(re.escape(c) for c in term) + re.escape(INITIALS_END)


@dataclass
class StoredText:
    initials: str
    names: str
    texts: str

    @classmethod
    def parse(cls, search_text: str) -> "StoredText":
        initials, _sep, rest = search_text.partition(INITIALS_END)
        names, _sep, texts = rest.partition(NAMES_END)
        return cls(initials=initials, names=names, texts=texts)

    def name_matches(self, term: str) -> bool:
        if term in self.names or term in self.initials:
            return True
        pattern = _initials_pattern(term)
        return pattern is not None and re.search(pattern, self.initials + INITIALS_END) is not None


@dataclass
class Candidate:
    pk: int
    name: str
    tier: Tier
    reasons: list[str]


@dataclass
class ParsedQuery:
    text: str
    terms: list[str]
    meanings: list[Meaning]

    @property
    def normalized(self) -> str:
        return " ".join(self.terms)

    @property
    def joined(self) -> str:
        return "".join(self.terms)


def parse_query(query: str, vocabulary: Vocabulary) -> ParsedQuery:
    terms = list(dict.fromkeys(split_terms(query)))[:MAX_TERMS]
    joined = "".join(terms)
    if len(terms) > 1 and joined in vocabulary.phrases():
        terms = [joined]  # "长者 食堂" is the synonym 长者食堂, not two words that must both match
    return ParsedQuery(text=query, terms=terms, meanings=[vocabulary.meaning(t) for t in terms])


def _rank(row: dict, parsed: ParsedQuery, links: dict[int, dict[int, str]]) -> Candidate | None:
    """The tier of one candidate row and why it matched; None when a word does not match after all."""
    stored = StoredText.parse(row["search_text"])
    if parsed.joined in stored.names.split(" "):
        return Candidate(pk=row["pk"], name=row["name"], tier=Tier.WHOLE_NAME, reasons=[])
    worst, reasons = Tier.NAME, []
    for meaning in parsed.meanings:
        tier, reason = _term_tier(row, stored, meaning, links)
        if tier is None:
            return None
        worst = max(worst, tier)
        if reason and reason not in reasons:
            reasons.append(reason)
    return Candidate(pk=row["pk"], name=row["name"], tier=worst, reasons=reasons if worst >= Tier.MEANING else [])


def _term_tier(row: dict, stored: StoredText, meaning: Meaning, links: dict[int, dict[int, str]]):
    """The closest way one word matches one row, and the reason to show: (None, "") when it does not."""
    if stored.name_matches(meaning.term):
        return Tier.NAME, ""
    options = []
    if (found := meaning.kinds.get(row.get("kind_id"))) is not None:
        options.append((found[1], _("类型：%(name)s") % {"name": found[0].display_name}))
    if (found := meaning.categories.get(row.get("category_id"))) is not None:
        options.append((found[1], _("服务分类：%(name)s") % {"name": found[0].display_name}))
    for linked_id, label in links.get(row["pk"], {}).items():
        if (found := meaning.audiences.get(linked_id)) is not None:
            options.append((found[1], _("服务对象：%(name)s") % {"name": found[0]}))
        if (found := meaning.categories.get(-linked_id)) is not None:
            options.append((found[1], _("提供服务：%(name)s") % {"name": label}))
    for extra, tier in meaning.extra_terms.items():
        if stored.name_matches(extra):
            options.append((tier, _("相关词：%(word)s") % {"word": extra}))
    if not options:
        if meaning.term in stored.texts:
            options.append((Tier.TEXT, _("介绍中提到“%(word)s”") % {"word": meaning.term}))
        options += [
            (Tier.TEXT, _("介绍中提到“%(word)s”") % {"word": e}) for e in meaning.extra_terms if e in stored.texts
        ]
    if not options:
        return None, ""
    return min(options, key=lambda option: option[0])


def _term_q(meaning: Meaning, *, kind_field: str | None, category_field: str | None, linked_pks: set[int]) -> Q:
    q = _text_q(meaning.term)
    pattern = _initials_pattern(meaning.term)
    if pattern:
        # The prefix (the initials come first) is what the trigram index can use; the pattern decides.
        q |= Q(search_text__startswith=meaning.term[:2], search_text__regex=pattern)
    for extra in meaning.extra_terms:
        q |= _text_q(extra)
    if kind_field and meaning.kinds:
        q |= Q(**{f"{kind_field}__in": list(meaning.kinds)})
    if category_field and meaning.categories:
        q |= Q(**{f"{category_field}__in": list(meaning.categories)})
    if linked_pks:
        q |= Q(pk__in=sorted(linked_pks))
    return q


# --- Sources: one per type of result ------------------------------------------------------------------


@dataclass
class SearchHit:
    obj: object
    tier: Tier
    reasons: list[str]


@dataclass
class ResultGroup:
    key: str
    title: str
    hits: list[SearchHit]
    total: int

    @property
    def best_tier(self) -> Tier:
        return self.hits[0].tier if self.hits else Tier.TEXT

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


class Source:
    """One type of result. A later type (activities, …) is a subclass added to SOURCES."""

    key = ""
    title = gettext_lazy("结果")
    model = None
    kind_field: str | None = None
    category_field: str | None = None

    def public(self) -> QuerySet:
        raise NotImplementedError

    def links(self, parsed: ParsedQuery) -> dict[int, dict[int, str]]:
        """Record pk -> {linked id: label}: audience ids, and category ids negated (offers a service of it)."""
        return {}

    def order(self, hits: list[SearchHit], near: Point | None) -> list[SearchHit]:
        return hits

    def candidates(self, parsed: ParsedQuery, links: dict[int, dict[int, str]]) -> QuerySet:
        """The published rows matching every word: (pk, name, search_text, kind or category) only."""
        queryset = self.model.objects.published()
        for meaning in parsed.meanings:
            linked = {
                pk for pk, ids in links.items() if any(i in meaning.audiences or -i in meaning.categories for i in ids)
            }
            queryset = queryset.filter(
                _term_q(meaning, kind_field=self.kind_field, category_field=self.category_field, linked_pks=linked)
            )
        fields = ["pk", "name", "search_text", *[f for f in (self.kind_field, self.category_field) if f]]
        return queryset.order_by().values(*fields)

    def find(self, parsed: ParsedQuery, near: Point | None) -> ResultGroup:
        links = self.links(parsed)
        candidates = [c for row in self.candidates(parsed, links) if (c := _rank(row, parsed, links))]
        candidates.sort(key=lambda c: (c.tier, c.name, c.pk))
        best = candidates[:FETCHED_PER_GROUP]
        by_pk = {obj.pk: obj for obj in self.public().filter(pk__in=[c.pk for c in best])}
        hits = [SearchHit(obj=by_pk[c.pk], tier=c.tier, reasons=c.reasons) for c in best if c.pk in by_pk]
        hits = self.order(hits, near)[:SHOWN_PER_GROUP]
        return ResultGroup(key=self.key, title=str(self.title), hits=hits, total=len(candidates))


class FacilitySource(Source):
    key = "facilities"
    title = gettext_lazy("设施")
    model = Facility
    kind_field = "kind_id"

    def public(self) -> QuerySet:
        return public_facilities()

    def links(self, parsed: ParsedQuery) -> dict[int, dict[int, str]]:
        audience_ids = {a for m in parsed.meanings for a in m.audiences}
        category_ids = {c for m in parsed.meanings for c in m.categories}
        links: dict[int, dict[int, str]] = {}
        if audience_ids:
            through = Facility.audiences.through.objects.filter(audience_id__in=audience_ids)
            for facility_id, audience_id in through.values_list("facility_id", "audience_id"):
                links.setdefault(facility_id, {})[audience_id] = ""
        if category_ids:
            offered = ServiceAtLocation.objects.filter(
                service__category_id__in=category_ids,
                service__publication_status=PublicationStatus.PUBLISHED,
                service__deleted_at__isnull=True,
            ).select_related("service")
            for link in offered.only("facility_id", "service__category_id", "service__name", "service__name_en"):
                links.setdefault(link.facility_id, {})[-link.service.category_id] = link.service.display_name
        return links

    def order(self, hits: list[SearchHit], near: Point | None) -> list[SearchHit]:
        annotate_open_status([hit.obj for hit in hits], at=local_now())
        for hit in hits:
            place = hit.obj
            if near is not None and place.is_located:
                place.distance_m = haversine_m(
                    near.latitude, near.longitude, float(place.latitude), float(place.longitude)
                )
                place.walking_minutes = walking_minutes(place.distance_m)
        return sorted(
            hits,
            key=lambda h: (
                h.tier,
                not h.obj.status.is_open,
                h.obj.distance_m if h.obj.distance_m is not None else math.inf,
                h.obj.name,
                h.obj.pk,
            ),
        )


class ServiceSource(Source):
    key = "services"
    title = gettext_lazy("服务")
    model = Service
    category_field = "category_id"

    def public(self) -> QuerySet:
        return public_services()

    def links(self, parsed: ParsedQuery) -> dict[int, dict[int, str]]:
        audience_ids = {a for m in parsed.meanings for a in m.audiences}
        links: dict[int, dict[int, str]] = {}
        if audience_ids:
            through = Service.audiences.through.objects.filter(audience_id__in=audience_ids)
            for service_id, audience_id in through.values_list("service_id", "audience_id"):
                links.setdefault(service_id, {})[audience_id] = ""
        return links


SOURCES: list[Source] = [FacilitySource(), ServiceSource()]


# --- The search ---------------------------------------------------------------------------------------


@dataclass
class SearchResults:
    query: str
    normalized_query: str
    groups: list[ResultGroup]

    @property
    def searched(self) -> bool:
        return bool(self.normalized_query)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def is_empty(self) -> bool:
        return self.total == 0


def search(*, query: str, language: str, near: Point | None = None) -> SearchResults:
    """Every published record of every source matching all the words of `query`, grouped by type (the group
    with the best match first), best first within each; labels and reasons in `language`."""
    with translation.override(language):
        vocabulary = Vocabulary.load() if split_terms(query) else None
        if vocabulary is None:
            return SearchResults(query=query, normalized_query="", groups=[])
        parsed = parse_query(query, vocabulary)
        groups = [source.find(parsed, near) for source in SOURCES]
    found = sorted((g for g in groups if g.total), key=lambda g: g.best_tier)
    return SearchResults(query=query, normalized_query=parsed.normalized, groups=found)


@dataclass
class Suggestions:
    kinds: list[FacilityKind]
    popular: list[SearchSynonym]
    help_places: list[Facility]


def suggestions(*, language: str) -> Suggestions:
    """What the page offers when a search finds nothing (or before one): kinds, popular searches, help."""
    popular = SearchSynonym.objects.filter(suggested=True, language=language).order_by("order", "phrase")[:10]
    help_places = Facility.objects.published().filter(kind__slug=HELP_KIND_SLUG).select_related("kind").order_by("name")
    return Suggestions(kinds=list(kinds_in_use()), popular=list(popular), help_places=list(help_places[:3]))
