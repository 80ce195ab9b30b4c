"""Community activities: what is on where, a weekly class as a series of sessions, and residents' sign-ups
with their waitlist.

Free places are never stored: they are counted from the sign-ups holding places (confirmed, attended,
no-show), so they cannot drift; every change to them happens under a row lock on the activity (actions.py).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from facilities.bilingual import BilingualMixin
from facilities.content_version import FACILITIES, PLACES, facility_topic
from facilities.models import AudienceCode, Facility
from facilities.slugs import unique_slug
from intake.codes import CODE_LENGTH, display_code
from intake.places import PlacePoolMixin, PlacePoolQuerySet
from intake.validation import mask_phone
from publishing.models import LiveManager, SoftDeletable, Versioned
from publishing.publishable import (
    Publishable,
    PublishableQuerySet,
    publication_status_constraint,
    publication_status_field,
)

# The most people one sign-up can bring, whatever staff set: a family, not a coach party.
MAX_PARTY_SIZE = 10
MAX_CAPACITY = 10_000


class ActivityKind(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    CLASS = "class", _("课程培训")
    DAY_CARE = "day_care", _("暑托班与看护")
    SPORT_CULTURE = "sport_culture", _("文体活动")
    FAMILY = "family", _("亲子活动")
    OUTDOOR = "outdoor", _("户外与滨水活动")
    VOLUNTEERING = "volunteering", _("志愿服务")
    OTHER = "other", _("其他")


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("报名成功")
    WAITLISTED = "waitlisted", _("候补排队中")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("已签到")
    NO_SHOW = "no_show", _("未到场")


# Statuses that hold places: an attended or no-show party had its places, whether it used them or not.
HOLDING_STATUSES = [SignUpStatus.CONFIRMED, SignUpStatus.ATTENDED, SignUpStatus.NO_SHOW]
ACTIVE_STATUSES = [SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED]


class SignUpChannel(models.TextChoices):
    ONLINE = "online", _("网上报名")
    PHONE = "phone", _("电话代报")
    COUNTER = "counter", _("窗口代报")


class ActivitySeries(BilingualMixin, models.Model):
    """A recurring activity (a weekly class): its sessions are activities pointing here, one per date."""

    title = models.CharField(_("中文名称"), max_length=120)
    title_en = models.CharField(
        _("英文名称"), max_length=200, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(
        _("网址标识"), max_length=80, unique=True, blank=True, help_text=_("留空时按中文名称的拼音自动生成。")
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("举办地点"), on_delete=models.PROTECT, related_name="activity_series"
    )
    description = models.TextField(_("介绍"), blank=True)
    description_en = models.TextField(_("英文介绍"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("由 generate_demo 生成的合成数据。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("系列活动")
        verbose_name_plural = _("系列活动")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self.title, model=ActivitySeries, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def display_title(self) -> str:
        return self.localized("title")


class ActivityQuerySet(PlacePoolQuerySet, PublishableQuerySet):
    def place_counts(self) -> dict[str, models.Aggregate]:
        """Places held (people in confirmed, attended and no-show sign-ups) and parties waiting."""
        return {
            "held": Coalesce(Sum("sign_ups__party_size", filter=Q(sign_ups__status__in=HOLDING_STATUSES)), 0),
            "waiting": Count("sign_ups", filter=Q(sign_ups__status=SignUpStatus.WAITLISTED)),
        }

    def upcoming(self, *, at=None):
        """Not yet ended."""
        return self.filter(ends_at__gt=at or timezone.now())

    def between(self, start, end):
        """Activities overlapping [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def with_listing_relations(self):
        return self.select_related("facility", "series")


class Activity(PlacePoolMixin, BilingualMixin, Publishable, SoftDeletable, Versioned, models.Model):
    """One activity at one time and place (a session of a series, or a one-off)."""

    uuid = models.UUIDField(_("开放数据标识"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("中文名称"), max_length=120)
    title_en = models.CharField(
        _("英文名称"), max_length=200, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(
        _("网址标识"),
        max_length=90,
        unique=True,
        blank=True,
        help_text=_("留空时按中文名称的拼音和日期自动生成，可修改。"),
    )
    description = models.TextField(_("介绍"), blank=True)
    description_en = models.TextField(_("英文介绍"), blank=True)
    facility = models.ForeignKey(
        Facility, verbose_name=_("举办地点"), on_delete=models.PROTECT, related_name="activities"
    )
    place_detail = models.CharField(
        _("具体位置"), max_length=120, blank=True, help_text=_("设施内的位置，例如：二楼活动室。不清楚时留空。")
    )
    audience = models.CharField(
        _("面向对象"), max_length=32, choices=AudienceCode.choices, default=AudienceCode.ALL_RESIDENTS
    )
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(
        _("名额"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("最多可报名的人数（按人计，不按报名次数）。"),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("每次报名最多人数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)],
        help_text=_("一次报名最多可带几人（含本人），例如亲子活动填 3。"),
    )
    fee = models.DecimalField(
        _("费用（元）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("留空表示免费。"),
    )
    how_to_sign_up = models.TextField(
        _("报名说明"), blank=True, help_text=_("除网上报名外的其他方式，例如到服务中心窗口报名。")
    )
    sign_up_closed_at = models.DateTimeField(
        _("提前截止报名时间"),
        null=True,
        blank=True,
        help_text=_("工作人员提前截止报名的时间；为空表示报名到活动开始为止。"),
    )
    series = models.ForeignKey(
        ActivitySeries,
        verbose_name=_("所属系列"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    publication_status = publication_status_field()
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("由 generate_demo 生成的合成数据。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LiveManager.from_queryset(ActivityQuerySet)()
    all_objects = models.Manager.from_queryset(ActivityQuerySet)()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["starts_at", "pk"]
        default_manager_name = "objects"
        permissions = [("publish_activity", _("可以发布、撤下和归档活动"))]
        indexes = [
            models.Index(fields=["publication_status", "starts_at"]),
            models.Index(fields=["facility", "starts_at"]),
        ]
        constraints = [
            publication_status_constraint("activity"),
            models.CheckConstraint(condition=Q(audience__in=AudienceCode.values), name="activity_audience_valid"),
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY), name="activity_capacity_range"
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1, max_party_size__lte=MAX_PARTY_SIZE)
                & Q(max_party_size__lte=models.F("capacity")),
                name="activity_party_size_within_capacity",
            ),
            models.CheckConstraint(condition=Q(fee__isnull=True) | Q(fee__gt=0), name="activity_fee_positive"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        return f"{self.title} · {local:%Y-%m-%d %H:%M}" if local else self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            day = timezone.localtime(self.starts_at).strftime("%Y%m%d") if self.starts_at else ""
            self.slug = unique_slug(f"{self.title} {day}", model=Activity, exclude_pk=self.pk, max_length=90)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"slug": self.slug})

    def page_cache_topics(self) -> list[str]:
        """What a change shows on (wanli/signals.py): the lists (under the facilities kind, which the activity
        pages depend on) and its place's page, which lists the coming activities there."""
        return [FACILITIES, *_facility_topics(self.facility_id)]

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间必须晚于开始时间。")
        if self.capacity and self.max_party_size and self.max_party_size > self.capacity:
            errors["max_party_size"] = _("每次报名最多人数不能超过名额。")
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def is_free(self) -> bool:
        return self.fee is None

    @property
    def closed_early(self) -> bool:
        return self.sign_up_closed_at is not None

    def sign_up_is_open(self, *, at=None) -> bool:
        """Residents can sign up (or join the waitlist) until it starts, unless staff closed sign-up early."""
        moment = at or timezone.now()
        return self.is_published and not self.closed_early and moment < self.starts_at


class SignUpQuerySet(models.QuerySet):
    def holding_places(self):
        return self.filter(status__in=HOLDING_STATUSES)

    def waitlisted(self):
        return self.filter(status=SignUpStatus.WAITLISTED)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_queue_order(self):
        """The waitlist's order: who asked first (the time of joining the waitlist, then the row's number)."""
        return self.order_by("queued_at", "pk")


class SignUp(models.Model):
    """One party (a resident, perhaps with family) signed up for one activity. Name and phone are kept only
    for the retention period and are anonymised afterwards by the purge."""

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.PROTECT, related_name="sign_ups")
    tracking_code = models.CharField(_("报名码"), max_length=CODE_LENGTH, unique=True, editable=False)
    # Sign-ups made together ("all sessions of a series") share a batch, so one page can show them all.
    batch = models.UUIDField(_("同批报名"), default=uuid.uuid4, editable=False, db_index=True)
    name = models.CharField(_("报名人称呼"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=20)
    party_size = models.PositiveSmallIntegerField(
        _("人数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)]
    )
    status = models.CharField(_("状态"), max_length=12, choices=SignUpStatus.choices, default=SignUpStatus.CONFIRMED)
    queued_at = models.DateTimeField(
        _("排队时间"), default=timezone.now, help_text=_("候补名单按这个时间先后排序（先报先得）。")
    )
    channel = models.CharField(_("来源"), max_length=10, choices=SignUpChannel.choices, default=SignUpChannel.ONLINE)
    on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代报名工作人员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sms_opt_in = models.BooleanField(_("接收短信提醒"), default=False)
    language = models.CharField(_("通知语言"), max_length=10, default="zh-hans", editable=False)
    consent_at = models.DateTimeField(_("同意隐私说明的时间"))
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now, db_index=True)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到工作人员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SignUpQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name", "phone"])

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["activity", "queued_at", "pk"]
        permissions = [("view_signup_personal_data", _("可查看报名人的姓名和电话"))]
        indexes = [models.Index(fields=["activity", "status", "queued_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SignUpStatus.values), name="signup_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=SignUpChannel.values), name="signup_channel_valid"),
            models.CheckConstraint(
                condition=Q(party_size__gte=1, party_size__lte=MAX_PARTY_SIZE), name="signup_party_size_range"
            ),
            models.CheckConstraint(
                condition=~Q(status=SignUpStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="signup_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=SignUpStatus.ATTENDED) | Q(checked_in_at__isnull=False),
                name="signup_attended_has_time",
            ),
            # One active sign-up per phone per activity: a double click or a second tab does not take places twice.
            models.UniqueConstraint(
                fields=["activity", "phone"],
                condition=Q(status__in=ACTIVE_STATUSES, anonymised_at__isnull=True),
                name="signup_one_active_per_phone",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this text ends up in admin log entries and messages.
        return f"{display_code(self.tracking_code)} · {self.activity.title}"

    @property
    def display_code(self) -> str:
        return display_code(self.tracking_code)

    def page_cache_topics(self) -> list[str]:
        """A sign-up changes only the places left, shown on the activity pages (which depend on every kind, so
        `places` refreshes them) and on its place's page."""
        facility_id = Activity.all_objects.filter(pk=self.activity_id).values_list("facility_id", flat=True).first()
        return [PLACES, *_facility_topics(facility_id)]

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def holds_places(self) -> bool:
        return self.status in HOLDING_STATUSES

    @property
    def can_cancel(self) -> bool:
        return self.status in ACTIVE_STATUSES and timezone.now() < self.activity.starts_at


def _facility_topics(facility_id: int | None) -> list[str]:
    slug = Facility._base_manager.filter(pk=facility_id).values_list("slug", flat=True).first()
    return [facility_topic(slug)] if slug else []


# The door check-in's own model (walk-ins, the check-in permission), kept in its own module.
from .checkin_models import WalkIn  # noqa: E402,F401
