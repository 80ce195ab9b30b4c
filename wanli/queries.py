"""Reads for the site-wide pages: the contact details and the shortlist."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache

from facilities.content_version import SITE, topic_versions
from facilities.hours import hours_today
from facilities.models import Facility
from facilities.open_now import OpenNow
from facilities.queries import annotate_open_status, public_facilities
from services.models import Service
from services.queries import places_with_status, public_services_with_places

from .models import SITE_CONTACT_PK, SiteContact

SHORTLIST_MAX_ITEMS = 20  # of each kind: more than one printed A4 page holds anyway
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


def site_contact() -> SiteContact:
    """The street office's contact details; an empty (unsaved) row until staff enter them. Read from the
    cache keyed by the "site" version (a save of the row bumps it): every page's footer shows them."""
    versions = topic_versions([SITE])
    key = f"wanli:site-contact:{versions[0]}" if versions else None
    contact = cache.get(key) if key else None
    if contact is None:
        contact = SiteContact.objects.filter(pk=SITE_CONTACT_PK).first() or SiteContact(pk=SITE_CONTACT_PK)
        if key:
            cache.set(key, contact, timeout=24 * 60 * 60)
    return contact


def parse_slugs(raw: str) -> list[str]:
    """`a,b,c` from a shortlist link: well-formed slugs only, each once, in the order given, at most the maximum."""
    slugs: list[str] = []
    for part in (raw or "").split(","):
        slug = part.strip()
        if _SLUG.match(slug) and slug not in slugs:
            slugs.append(slug)
    return slugs[:SHORTLIST_MAX_ITEMS]


@dataclass
class Shortlist:
    """Published facilities (each with `.status` and `.today_hours`) and services (each with `.places`)."""

    facilities: list[Facility] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.facilities or self.services)

    @property
    def facility_slugs(self) -> list[str]:
        return [facility.slug for facility in self.facilities]

    @property
    def service_slugs(self) -> list[str]:
        return [service.slug for service in self.services]


def shortlist(*, facility_slugs: list[str], service_slugs: list[str], at: datetime) -> Shortlist:
    """What a shortlist link names, published content only (a slug that is not, or no longer, public is
    left out), in the order of the link."""
    found = {facility.slug: facility for facility in public_facilities().filter(slug__in=facility_slugs)}
    now = OpenNow.at(at)
    facilities = annotate_open_status([found[slug] for slug in facility_slugs if slug in found], now=now)
    for facility in facilities:
        facility.today_hours = hours_today(facility, at=now.moment, calendar=now.calendar)
    services = public_services_with_places(slugs=service_slugs)
    for service in services:
        service.places = places_with_status(service, at=at)
    return Shortlist(facilities=facilities, services=services)
