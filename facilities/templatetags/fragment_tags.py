"""Cached fragments: pieces that repeat on many pages (a facility card, a service card, the filter form),
kept in the shared cache so a page rendered afresh mostly assembles pieces already rendered.

    {% load fragment_tags %}
    {% prefetch_fragments "facility-card" facilities %}       one cache round trip for the whole list
    {% for facility in facilities %}
      {% fragment "facility-card" facility %}…{% endfragment %}
    {% endfor %}

Each kind of fragment (FRAGMENTS) names the content versions it shows (facilities.content_version) and what
else changes it. An entry records the versions it was rendered at and is used only while they are current,
so a change to a facility shows at once. A piece showing open or closed has the status in its key and
expires at that place's next opening or closing time, so it is never stale. The language and the display
mode (长者模式 and its options) are part of every key. Without a cache everything renders as usual.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from facilities.content_version import (
    CALENDAR,
    FACILITIES,
    SITE,
    facility_topic,
    service_topic,
    version_key,
    versions_from,
)

register = template.Library()


def _prefetched(context) -> dict:
    # Kept on the request: an {% include %} renders with a render context of its own, so a lookup made by
    # the list's template would be invisible to the card's.
    # {"looked": keys looked up already, "pieces": {key: html} of those found}.
    holder = context.get("request") or context.render_context
    if isinstance(holder, template.context.RenderContext):
        return holder.setdefault("fragment_tags.prefetched", {"looked": set(), "pieces": {}})
    if not hasattr(holder, "_prefetched_fragments"):
        holder._prefetched_fragments = {"looked": set(), "pieces": {}}
    return holder._prefetched_fragments


@dataclass(frozen=True)
class Fragment:
    topics: Callable[[object], tuple[str, ...]]
    vary: Callable[[object], tuple] = lambda obj: ()
    # The moment the piece stops being true by itself (a status changing), or None.
    until: Callable[[object], object] = lambda obj: None


def _status_parts(facility) -> tuple:
    status = getattr(facility, "status", None)
    if status is None:
        return ()
    return (str(status.state), status.opens_at, status.closes_at)


def _status_until(facility):
    status = getattr(facility, "status", None)
    return None if status is None else (status.closes_at or status.opens_at)


FACILITY_CARD = Fragment(
    topics=lambda facility: (SITE, CALENDAR, facility_topic(facility.slug)),
    vary=lambda facility: (facility.pk, *_status_parts(facility)),
    until=_status_until,
)
SERVICE_CARD = Fragment(
    topics=lambda service: (SITE, service_topic(service.slug)),
    vary=lambda service: (service.pk, getattr(service, "place_count", None)),
)
FRAGMENTS: dict[str, Fragment] = {
    # A facility card, in two pieces around the parts that differ per request (distance, match reasons).
    "facility-card-head": FACILITY_CARD,
    "facility-card-body": FACILITY_CARD,
    "service-card-head": SERVICE_CARD,
    "service-card-body": SERVICE_CARD,
    # The filter form of a list: the choices (kinds in use, audiences) and what the visitor chose.
    "filter-form": Fragment(
        topics=lambda form: (SITE, FACILITIES),
        vary=lambda form: (type(form).__name__, _chosen(form), form.errors),
    ),
}


def _chosen(form) -> list:
    # What the visitor chose, without the page number (the same form on every page of a list).
    if not form.is_bound:
        return []
    return sorted((name, values) for name, values in form.data.lists() if name != "page")


def _mode(context) -> str:
    # As wanli.elderly.display_mode(), from the context processor's flags.
    if not context.get("ELDERLY_MODE"):
        return "0"
    return "1" + "".join(f"+{name}" for name in ("LARGEST_TEXT", "LARGE_CURSOR") if context.get(name))


def _key(name: str, obj, context) -> str:
    parts = repr(FRAGMENTS[name].vary(obj)).encode()
    digest = hashlib.sha256(parts).hexdigest()[:24]
    return f"wanli:fragment:{name}:{translation.get_language()}:{_mode(context)}:{digest}"


def _lookup(name: str, objects: Iterable, context) -> dict[str, str]:
    """The current pieces for `objects`: {fragment key: html}, in one round trip."""
    objects = list(objects)
    keys = {obj_key: FRAGMENTS[name].topics(obj) for obj, obj_key in ((o, _key(name, o, context)) for o in objects)}
    topics = {topic for wanted in keys.values() for topic in wanted}
    found = cache.get_many([*keys, *(version_key(topic) for topic in topics)])
    pieces = {}
    for key, wanted in keys.items():
        entry = found.get(key)
        if entry is not None and entry["versions"] == tuple(found.get(version_key(topic)) for topic in wanted):
            pieces[key] = entry["html"]
    return pieces


@register.simple_tag(takes_context=True)
def prefetch_fragments(context, *names_and_objects) -> str:
    """`{% prefetch_fragments "facility-card-head" "facility-card-body" facilities %}`: looks the pieces of
    every object up at once, so each `{% fragment %}` in the loop needs no round trip of its own. Search
    hits (with the object as `.obj`) are taken as their objects."""
    *names, objects = names_and_objects
    objects = [getattr(item, "obj", item) for item in objects]
    state = _prefetched(context)
    for name in names:
        state["looked"].update(_key(name, obj, context) for obj in objects)
        state["pieces"].update(_lookup(name, objects, context))
    return ""


class FragmentNode(template.Node):
    def __init__(self, name, obj, nodelist):
        self.name, self.obj, self.nodelist = name, obj, nodelist

    def render(self, context):
        name, obj = self.name.resolve(context), self.obj.resolve(context)
        key = _key(name, obj, context)
        state = _prefetched(context)
        if key in state["pieces"]:
            return mark_safe(state["pieces"][key])
        found = {} if key in state["looked"] else _lookup(name, [obj], context)  # not prefetched: alone
        if key in found:
            return mark_safe(found[key])
        html = self.nodelist.render(context)
        self._store(key, name, obj, html)
        return html

    @staticmethod
    def _store(key: str, name: str, obj, html: str) -> None:
        spec = FRAGMENTS[name]
        topics = spec.topics(obj)
        versions = versions_from(cache.get_many([version_key(topic) for topic in topics]), topics)
        if versions is None:
            return  # no cache
        timeout = settings.PAGE_CACHE_SECONDS
        until = spec.until(obj)
        if until is not None:
            timeout = min(timeout, int((until - timezone.now()).total_seconds()))
        if timeout > 0:
            cache.set(key, {"versions": versions, "html": str(html)}, timeout=timeout)


@register.tag("fragment")
def do_fragment(parser, token):
    """`{% fragment "facility-card-body" facility %}…{% endfragment %}`: the block, cached (see the module)."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a fragment name and an object")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
