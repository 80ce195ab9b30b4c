"""Writes for the facilities directory. Views, admin and commands call these; they validate, then save."""
from django.db import transaction

from .models import Audience, Facility


@transaction.atomic
def facility_save(*, facility: Facility, audience_codes: list[str] | None = None) -> Facility:
    """Validates and saves a facility (a pinyin slug is made when it has none), then sets its audiences."""
    facility.full_clean(exclude=["slug"] if not facility.slug else None)
    facility.save()
    if audience_codes is not None:
        facility.audiences.set(Audience.objects.filter(code__in=audience_codes))
    return facility
