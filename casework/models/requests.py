"""Residents' service requests (repair visits, bed applications, baby-house sign-ups, enquiries), with the
per-service settings and place pools staff configure."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from intake.codes import CODE_LENGTH, display_code
from intake.places import PlacePoolMixin, PlacePoolQuerySet
from intake.validation import mask_phone
from services.models import Service, ServiceAtLocation


class RequestKind(models.TextChoices):
    REPAIR_VISIT = "repair_visit", _("上门维修")
    BED_APPLICATION = "bed_application", _("床位申请")
    CHILDCARE_SIGNUP = "childcare_signup", _("托育报名")
    GENERAL_ENQUIRY = "general_enquiry", _("一般咨询")


# Kinds that take one of a limited number of places (a bed, a baby-house place).
PLACE_KINDS = {RequestKind.BED_APPLICATION, RequestKind.CHILDCARE_SIGNUP}
# Kinds where a volunteer or worker comes to the resident's home, so the address is needed.
HOME_VISIT_KINDS = {RequestKind.REPAIR_VISIT}


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交，待受理")
    WAITLISTED = "waitlisted", _("候补排队中")
    ACCEPTED = "accepted", _("已受理")
    SCHEDULED = "scheduled", _("已安排时间")
    COMPLETED = "completed", _("已办结")
    DECLINED = "declined", _("未能受理")
    CANCELLED = "cancelled", _("已取消")


OPEN_STATUSES = [RequestStatus.SUBMITTED, RequestStatus.WAITLISTED, RequestStatus.ACCEPTED, RequestStatus.SCHEDULED]
CLOSED_STATUSES = [RequestStatus.COMPLETED, RequestStatus.DECLINED, RequestStatus.CANCELLED]


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    PHONE = "phone", _("电话代填")
    COUNTER = "counter", _("窗口代填")


class PreferredTime(models.TextChoices):
    ANY = "any", _("都可以")
    WEEKDAY_MORNING = "weekday_morning", _("工作日上午")
    WEEKDAY_AFTERNOON = "weekday_afternoon", _("工作日下午")
    WEEKDAY_EVENING = "weekday_evening", _("工作日傍晚")
    WEEKEND = "weekend", _("周末")


class RequestSettings(models.Model):
    """Whether a service takes requests on the portal, what kind, how fast staff aim to answer, who is told."""

    service = models.OneToOneField(
        Service,
        verbose_name=_("服务"),
        on_delete=models.CASCADE,
        related_name="request_settings",
    )
    accepts_requests = models.BooleanField(
        _("接受网上申请"),
        default=False,
        help_text=_("勾选后，服务页面会显示“在线申请”按钮。"),
    )
    kind = models.CharField(
        _("申请类型"), max_length=20, choices=RequestKind.choices, default=RequestKind.GENERAL_ENQUIRY
    )
    target_hours = models.PositiveIntegerField(
        _("办理时限（小时）"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 90)],
        help_text=_("从提交起多少小时内应办结（按自然时间计算）。超过即在工单列表中标红。例如 3 天填 72。"),
    )
    handler_emails = models.TextField(
        _("通知邮箱"),
        blank=True,
        help_text=_("有新申请时发邮件通知的地址，每行一个。"),
    )
    handler_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("通知用户组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("有新申请时，这个用户组里填了邮箱的人都会收到通知。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("申请设置")
        verbose_name_plural = _("申请设置")
        ordering = ["service__name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RequestKind.values), name="request_settings_kind_valid"),
            models.CheckConstraint(condition=Q(target_hours__gte=1), name="request_settings_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.get_kind_display()}"

    def clean(self) -> None:
        from django.core.validators import validate_email

        for line in self.email_list:
            try:
                validate_email(line)
            except ValidationError:
                raise ValidationError(
                    {"handler_emails": _("“%(email)s”不是有效的邮箱地址。") % {"email": line}}
                ) from None

    @property
    def email_list(self) -> list[str]:
        return [line.strip() for line in self.handler_emails.splitlines() if line.strip()]

    @property
    def takes_places(self) -> bool:
        return self.kind in PLACE_KINDS

    @property
    def needs_address(self) -> bool:
        return self.kind in HOME_VISIT_KINDS


class RequestPlacePoolQuerySet(PlacePoolQuerySet):
    def place_counts(self) -> dict[str, Count]:
        """`held` by accepted requests, `pending`: promised to requests waiting for the staff's decision,
        `waiting`: on the waiting list."""
        return {
            "held": Count("requests", filter=Q(requests__holds_place=True), distinct=True),
            "pending": Count("requests", filter=Q(requests__status=RequestStatus.SUBMITTED), distinct=True),
            "waiting": Count("requests", filter=Q(requests__status=RequestStatus.WAITLISTED), distinct=True),
        }


class PlacePool(PlacePoolMixin, models.Model):
    """The places (beds, childcare places) a service has at one facility. Free places are counted from the
    requests holding a place, never stored, so they cannot drift (intake.places)."""

    location = models.OneToOneField(
        ServiceAtLocation,
        verbose_name=_("服务地点"),
        on_delete=models.CASCADE,
        related_name="place_pool",
    )
    capacity = models.PositiveIntegerField(
        _("名额总数"),
        null=True,
        blank=True,
        help_text=_("留空时取设施登记的容量（例如城市建设者管理者之家的 152 张床位）。"),
    )
    unit = models.CharField(
        _("名额单位"), max_length=20, blank=True, help_text=_("例如：张床位、个托位。留空时取设施的容量单位。")
    )
    occupancy_kept_by_staff = models.BooleanField(
        _("占用情况由工作人员登记"),
        default=False,
        help_text=_(
            "勾选表示每一个占用的名额（包括电话、窗口和线下办理的）都登记为已受理的居民申请，空余名额准确。"
            "只有开通网上申请或勾选此项的名额池，才会在开放数据中公布空余名额。"
        ),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RequestPlacePoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("名额池")
        verbose_name_plural = _("名额池")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__isnull=False), name="place_pool_capacity_set"),
        ]

    def __str__(self) -> str:
        return str(self.location)

    @property
    def display_unit(self) -> str:
        """The unit in the page's language: the facility's English capacity unit when this pool uses the
        facility's unit (the default), else the pool's own words."""
        facility = self.location.facility
        return facility.display_capacity_unit if self.unit == facility.capacity_unit else self.unit

    def clean(self) -> None:
        if self.capacity is None and self.location_id:
            self.capacity = self.location.facility.capacity
        if self.capacity is None:
            raise ValidationError({"capacity": _("这个设施没有登记容量，请填写名额总数。")})
        if not self.unit and self.location_id:
            self.unit = self.location.facility.capacity_unit


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, at=None):
        """Open past their target time, or closed later than it."""
        at = at or timezone.now()
        return self.filter(
            Q(status__in=OPEN_STATUSES, due_at__lt=at) | Q(status__in=CLOSED_STATUSES, closed_at__gt=models.F("due_at"))
        )


class ServiceRequest(models.Model):
    """One resident's request to one service. Personal fields (name, phone, address) are kept only as long as
    the retention period and are anonymised afterwards by `purge_requests`."""

    tracking_code = models.CharField(_("查询码"), max_length=CODE_LENGTH, unique=True, editable=False)
    service = models.ForeignKey(Service, verbose_name=_("服务"), on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("申请类型"), max_length=20, choices=RequestKind.choices)
    pool = models.ForeignKey(
        PlacePool,
        verbose_name=_("申请地点（名额）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    channel = models.CharField(_("来源"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(_("状态"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    holds_place = models.BooleanField(_("已占用名额"), default=False, editable=False)

    name = models.CharField(_("申请人称呼"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=20)
    address = models.CharField(_("小区与门牌"), max_length=120, blank=True)
    description = models.TextField(_("需求说明"), max_length=2000)
    preferred_time = models.CharField(
        _("方便的时间"),
        max_length=20,
        choices=PreferredTime.choices,
        default=PreferredTime.ANY,
    )
    consent_at = models.DateTimeField(_("同意隐私说明的时间"))
    sms_updates = models.BooleanField(
        _("短信告知进展"), default=False, help_text=_("居民选择了在受理、安排、办结、未受理和候补转正时收到短信。")
    )

    scheduled_for = models.DateTimeField(_("安排时间"), null=True, blank=True)
    public_reply = models.TextField(
        _("给居民的答复"),
        blank=True,
        max_length=2000,
        help_text=_("居民用查询码能看到这段话。不要写其他居民的信息。"),
    )
    decline_reason = models.TextField(_("未受理原因"), blank=True, max_length=1000, help_text=_("居民能看到。"))
    internal_notes = models.TextField(_("内部备注"), blank=True, help_text=_("只有工作人员能看到，居民看不到。"))

    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("应办结时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("居民申请")
        verbose_name_plural = _("居民申请")
        ordering = ["-created_at"]
        permissions = [("view_personal_data", _("可查看申请人的姓名、电话和地址"))]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["pool", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="service_request_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=RequestKind.values), name="service_request_kind_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="service_request_channel_valid"),
            models.CheckConstraint(
                condition=Q(preferred_time__in=PreferredTime.values),
                name="service_request_preferred_time_valid",
            ),
            models.CheckConstraint(
                condition=Q(holds_place=False)
                | Q(pool__isnull=False, status__in=[RequestStatus.ACCEPTED, RequestStatus.SCHEDULED]),
                name="service_request_place_held_only_when_active",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.SCHEDULED) | Q(scheduled_for__isnull=False),
                name="service_request_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.DECLINED) | ~Q(decline_reason=""),
                name="service_request_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, closed_at__isnull=True)
                | Q(status__in=CLOSED_STATUSES, closed_at__isnull=False),
                name="service_request_closed_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("created_at")), name="service_request_due_after_created"
            ),
        ]

    def __str__(self) -> str:
        # No personal data here: this text ends up in admin log entries and messages.
        return f"{display_code(self.tracking_code)} · {self.service}"

    @property
    def display_code(self) -> str:
        return display_code(self.tracking_code)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        end = self.closed_at or timezone.now()
        return end > self.due_at

    def compute_due_at(self, target_hours: int) -> None:
        self.due_at = self.created_at + timedelta(hours=target_hours)


class RequestEvent(models.Model):
    """One change of a request's status: the resident's timeline and the staff's audit trail."""

    request = models.ForeignKey(ServiceRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=12, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("空表示居民本人或系统。"),
    )
    by_resident = models.BooleanField(_("居民本人操作"), default=False)
    note = models.CharField(pgettext_lazy("event", "说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("状态记录")
        verbose_name_plural = _("状态记录")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=RequestStatus.values), name="request_event_to_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
