"""Publishing, written one way: the publication states and the model and queryset pieces of every kind of content
that residents see only once a publisher has published it (facilities, services, menus; activities next).

A new publishable model gets publishing, history, preview and the publish permission by using these, not by
copying them (README, "Giving another model the staff workflow", has the admin and import side):

    class ThingQuerySet(PublishableQuerySet): ...           # published(), real(); add LocatedQuerySet for places

    class Thing(Publishable, SoftDeletable, Versioned, models.Model):
        publication_status = publication_status_field()
        objects = LiveManager.from_queryset(ThingQuerySet)()
        history = HistoricalRecords(excluded_fields=["version"])

        class Meta:
            permissions = [("publish_thing", _("可以发布、撤下和归档……"))]  # publish_permission_for() expects it
            constraints = [publication_status_constraint("thing")]

Reads say `Thing.objects.published()`, or `published_q("thing__")` across a relation; code that compares says
`thing.is_published` or `PublicationStatus.PUBLISHED`, never the bare string.
"""

import uuid

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    ARCHIVED = "archived", _("已归档")


def published_q(path: str = "") -> Q:
    """The published rows, seen through a relation: `published_q("facility__")` for a facility's services."""
    return Q(**{f"{path}publication_status": PublicationStatus.PUBLISHED})


def open_data_uuid_field() -> models.UUIDField:
    """The permanent identifier the open data gives a row (names and slugs may change; this never does)."""
    return models.UUIDField(
        _("开放数据标识"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("开放数据接口中使用的永久标识，不会改变。"),
    )


def publication_status_field(*, help_text: str = "") -> models.CharField:
    """The one definition of the status column (a field, not an abstract model's, so each model keeps its column
    order in forms, exports and history)."""
    return models.CharField(
        _("发布状态"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=help_text,
    )


def publication_status_constraint(prefix: str) -> models.CheckConstraint:
    """The database refuses any status but the three, whatever path wrote the row."""
    return models.CheckConstraint(
        condition=Q(publication_status__in=PublicationStatus.values), name=f"{prefix}_publication_status_valid"
    )


class RealQuerySet(models.QuerySet):
    def real(self):
        """Leaves out the synthetic rows made by `generate_demo` (a model without `is_demo` has no such rows)."""
        try:
            self.model._meta.get_field("is_demo")
        except FieldDoesNotExist:
            return self.all()
        return self.filter(is_demo=False)


class PublishableQuerySet(RealQuerySet):
    def published(self):
        return self.filter(published_q())

    def drafts(self):
        return self.filter(publication_status=PublicationStatus.DRAFT)


class Publishable(models.Model):
    """What a published row can say about itself; the field comes from `publication_status_field()`."""

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        """What residents may see, and so may be named on a page: published and not in the recycle bin.

        A related row (a card's parent) comes through a join that the default manager's filters never see."""
        return self.is_published and getattr(self, "deleted_at", None) is None


def stored_as_published(obj: models.Model, *, status_field: str = "publication_status") -> bool:
    """Whether the row as stored (not as being edited in memory) is published: the test every edit by someone
    without the publish permission passes through, in the admin and in imports. Sees the recycle bin too."""
    stored = type(obj)._base_manager.filter(pk=obj.pk).values_list(status_field, flat=True).first()
    return stored == PublicationStatus.PUBLISHED


def public_q(path: str) -> Q:
    """What residents may see through a relation: published and not in the recycle bin (a join never passes
    through the default manager that hides the bin)."""
    return published_q(path) & Q(**{f"{path}deleted_at__isnull": True})
