"""Reads shared by every content app: what needs re-verifying, what waits for a publisher.

The admin's list filters and the to-do counts on the admin index use the same conditions from here, so a count
and the list it links to cannot disagree.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from .models import PendingRevision
from .publishable import PublicationStatus


def review_cutoff() -> date:
    """Content last verified before this date (or never) needs review."""
    return timezone.localdate() - timedelta(days=settings.REVIEW_AFTER_DAYS)


def never_verified_condition(field: str = "last_verified") -> Q:
    return Q(**{f"{field}__isnull": True})


def verified_long_ago_condition(field: str = "last_verified") -> Q:
    """Verified once, but not in the last settings.REVIEW_AFTER_DAYS days."""
    return Q(**{f"{field}__lt": review_cutoff()})


@dataclass(frozen=True)
class ContentToDo:
    """How many rows of one kind of content wait for someone: drafts to publish, details to re-verify."""

    drafts: int
    never_verified: int
    verified_long_ago: int


def content_to_do(queryset: models.QuerySet, *, verify_scope: Q) -> ContentToDo:
    """Drafts among `queryset`, and rows within `verify_scope` never verified or verified too long ago (one query)."""
    counts = queryset.aggregate(
        drafts=Count("pk", filter=Q(publication_status=PublicationStatus.DRAFT)),
        never_verified=Count("pk", filter=verify_scope & never_verified_condition()),
        verified_long_ago=Count("pk", filter=verify_scope & verified_long_ago_condition()),
    )
    return ContentToDo(**counts)


def pending_revision_counts(models_: list[type[models.Model]]) -> dict[type[models.Model], int]:
    """Changes waiting for review, per kind of content (every kind in `models_` is in the answer; one query)."""
    content_types = ContentType.objects.get_for_models(*models_)
    by_type = dict(
        PendingRevision.objects.pending()
        .filter(content_type__in=content_types.values())
        .values_list("content_type")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {model: by_type.get(content_type.pk, 0) for model, content_type in content_types.items()}
