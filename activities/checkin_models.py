"""What the door check-in adds to activities: people who came without signing up (walk-ins), counted by staff
with a +1 button, and the permission to check residents in.

A sign-up's own attendance lives on the sign-up (status 已签到 / 未到场, `checked_in_at`); walk-ins have no
sign-up, so they are rows of their own. Each tap carries an identifier made by the door phone, so a tap sent
twice (the phone lost the network and sent it again) is counted once.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The most people one tap may count; the +1 button counts one, staff may correct a group by hand in admin.
MAX_WALK_IN_PEOPLE = 20


class WalkInQuerySet(models.QuerySet):
    def people(self) -> int:
        return self.aggregate(total=models.Sum("people"))["total"] or 0


class WalkIn(models.Model):
    """People who took part in an activity without signing up, counted at the door."""

    activity = models.ForeignKey(
        "activities.Activity", verbose_name=_("活动"), on_delete=models.PROTECT, related_name="walk_ins"
    )
    client_id = models.UUIDField(
        _("计数标识"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("签到手机为每次计数生成的标识：同一次计数重复发送只算一次。"),
    )
    people = models.PositiveSmallIntegerField(
        _("人数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_WALK_IN_PEOPLE)]
    )
    counted_at = models.DateTimeField(_("计数时间"), default=timezone.now)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("计数工作人员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = WalkInQuerySet.as_manager()
    # No public page shows walk-ins: a tap at the door must not refresh every cached public page.
    bumps_content_version = False

    class Meta:
        verbose_name = _("现场加入")
        verbose_name_plural = _("现场加入")
        ordering = ["activity", "counted_at", "pk"]
        permissions = [("check_in", _("可以在活动现场签到"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=MAX_WALK_IN_PEOPLE), name="walkin_people_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · +{self.people}"
