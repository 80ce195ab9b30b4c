"""Writes for the facilities directory. Views, admin and commands call these; they validate, then save."""
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.functions import Now

from workflow import actions as workflow

from .content_version import bump_content_version
from .models import Audience, Facility, FacilityPhoto, PublicationStatus

Staff = AbstractBaseUser | None


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


def facility_publish(*, facility: Facility, by: Staff) -> Facility:
    """Residents can see it from now on."""
    return workflow.set_publication_status(obj=facility, status=PublicationStatus.PUBLISHED, by=by)


def facility_unpublish(*, facility: Facility, by: Staff) -> Facility:
    """Back to draft: residents no longer see it."""
    return workflow.set_publication_status(obj=facility, status=PublicationStatus.DRAFT, by=by)


def facility_archive(*, facility: Facility, by: Staff) -> Facility:
    """No longer in use, kept for the record."""
    return workflow.set_publication_status(obj=facility, status=PublicationStatus.ARCHIVED, by=by)


def facility_mark_verified(*, facility: Facility, by: Staff) -> Facility:
    return workflow.mark_verified(obj=facility, by=by)


def facility_delete(*, facility: Facility, by: Staff) -> Facility:
    """Moves a facility to the recycle bin; its hours, photos and services stay, ready for a restore."""
    return workflow.move_to_recycle_bin(obj=facility, by=by)


def facility_restore(*, facility: Facility, by: Staff) -> Facility:
    """Takes a facility out of the recycle bin as a draft."""
    return workflow.restore_from_recycle_bin(obj=facility, by=by)
