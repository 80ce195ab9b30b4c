"""Writes for the facilities directory. Views, admin and commands call these; they validate, then save."""
from datetime import date

from django.db import transaction
from django.db.models.functions import Now

from .content_version import bump_content_version
from .models import Audience, Facility, FacilityPhoto


@transaction.atomic
def facility_save(*, facility: Facility, audience_codes: list[str] | None = None) -> Facility:
    """Validates and saves a facility (a pinyin slug is made when it has none), then sets its audiences."""
    facility.full_clean(exclude=["slug"] if not facility.slug else None)
    facility.save()
    if audience_codes is not None:
        facility.audiences.set(Audience.objects.filter(code__in=audience_codes))
    return facility


@transaction.atomic
def facilities_mark_verified(*, facility_ids: list[int], on: date) -> int:
    """Records that staff checked these facilities' information on `on`; returns how many were updated.

    One UPDATE for any number of rows, so no save signal: the content version is bumped here."""
    updated = Facility.objects.filter(pk__in=facility_ids).update(last_verified=on, updated_at=Now())
    if updated:
        bump_content_version()
    return updated


@transaction.atomic
def facility_photo_add(*, facility: Facility, image, alt_text: str, caption: str, order: int = 0) -> FacilityPhoto:
    """Adds a photo: the upload is checked by its content (facilities.images), then stored re-encoded
    without EXIF/GPS, with its renditions."""
    photo = FacilityPhoto(facility=facility, image=image, alt_text=alt_text, caption=caption, order=order)
    photo.full_clean()
    photo.save()
    return photo
