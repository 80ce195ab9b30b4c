"""Facilities, their kinds and audiences, and whether they are open for business."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.location import Located, LocatedQuerySet, location_constraints, location_fields
from publishing.models import LiveManager, SoftDeletable, Versioned
from publishing.publishable import (
    Publishable,
    PublishableQuerySet,
    open_data_uuid_field,
    publication_status_constraint,
    publication_status_field,
)

from ..bilingual import BilingualMixin, english_name_field
from ..search_text import SearchTextModel, SearchTextQuerySet
from ..slugs import SlugFromName, slug_field


class OperationStatus(models.TextChoices):
    OPEN = "open", _("正常开放")
    TEMPORARILY_CLOSED = "temporarily_closed", _("暂停开放")
    ENDED = "ended", _("已停止运营")


class AudienceCode(models.TextChoices):
    """Who a place or service is for. The set is fixed in code; the rows exist for filtering and admin."""

    ELDERLY = "elderly", _("老年人")
    CHILDREN_FAMILIES = "children_families", _("婴幼儿与家庭")
    NEW_EMPLOYMENT = "new_employment", _("新就业群体（骑手、快递员等）")
    DISABLED = "disabled", _("残障人士")
    ALL_RESIDENTS = "all_residents", _("全体居民")


class Audience(models.Model):
    """One of the fixed audiences (AudienceCode); rows are created by a migration."""

    code = models.CharField(
        _("代码"),
        max_length=32,
        choices=AudienceCode.choices,
        unique=True,
        help_text=_("程序使用的固定代码，不可更改。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字越小越靠前。"))

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return AudienceCode(self.code).label


class FacilityKind(BilingualMixin, models.Model):
    """A kind of place (canteen, baby house, park …); staff can add kinds without a code change."""

    name = models.CharField(
        _("中文名称"), max_length=60, unique=True, help_text=_("居民看到的类型名称，例如：社区食堂。")
    )
    name_en = models.CharField(
        _("英文名称"), max_length=80, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(
        _("网址标识"), max_length=60, unique=True, help_text=_("网址中使用的英文标识，只含小写字母、数字和连字符。")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字越小越靠前。"))

    class Meta:
        verbose_name = _("设施类型")
        verbose_name_plural = _("设施类型")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FacilityQuerySet(PublishableQuerySet, LocatedQuerySet, SearchTextQuerySet):
    def with_listing_relations(self):
        """Everything a list or card shows, fetched in a fixed number of queries."""
        return self.select_related("kind", "parent").prefetch_related("audiences", "opening_periods")

    def search(self, text: str):
        return self.filter(
            Q(name__icontains=text)
            | Q(name_en__icontains=text)
            | Q(summary__icontains=text)
            | Q(summary_en__icontains=text)
            | Q(address__icontains=text)
        )


class Facility(
    BilingualMixin, SlugFromName, SearchTextModel, Publishable, Located, SoftDeletable, Versioned, models.Model
):
    """A place a resident can go to: a canteen, a service station, a baby house, a park.

    Deleting in admin is soft (`deleted_at`): the row, its hours and photos stay and can be restored.
    The default manager hides deleted rows; `all_objects` sees them all.
    """

    uuid = open_data_uuid_field()
    name = models.CharField(_("中文名称"), max_length=120, help_text=_("设施的正式中文名称，居民在列表和详情页看到。"))
    name_en = english_name_field()
    slug = slug_field()
    kind = models.ForeignKey(
        FacilityKind,
        verbose_name=_("设施类型"),
        on_delete=models.PROTECT,
        related_name="facilities",
        help_text=_("输入文字可搜索；没有合适的类型时，请先在“设施类型”中添加。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属设施"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("设在另一处设施内时选择，例如城市建设者管理者之家内的食堂。"),
    )
    summary = models.CharField(
        _("简介"), max_length=300, blank=True, help_text=_("一两句话说明这里能办什么，显示在列表卡片上。")
    )
    summary_en = models.CharField(
        _("英文简介"), max_length=400, blank=True, help_text=_("可不填；英文页面将显示中文简介。")
    )
    description = models.TextField(_("详细介绍"), blank=True, help_text=_("详情页的正文，可分段；空一行即为新段落。"))
    description_en = models.TextField(_("英文详细介绍"), blank=True, help_text=_("可不填；英文页面将显示中文介绍。"))
    address = models.CharField(_("地址"), max_length=200, blank=True, help_text=_("未核实的地址请留空。"))
    postal_code = models.CharField(
        _("邮政编码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{6}\Z", _("邮政编码是 6 位数字，例如 200333。"))],
        help_text=_("6 位数字；不确定时请留空。开放数据按它筛选服务地点。"),
    )
    latitude, longitude, location_verified = location_fields()
    phone = models.CharField(
        _("联系电话"), max_length=40, blank=True, help_text=_("居民可拨打的电话；未核实的号码请留空。")
    )
    audiences = models.ManyToManyField(
        Audience,
        verbose_name=_("服务对象"),
        blank=True,
        related_name="facilities",
        help_text=_("这里主要为哪些人服务，可多选；居民可按服务对象筛选。"),
    )
    accessibility = models.TextField(_("无障碍说明"), blank=True, help_text=_("例如：有无坡道、电梯、无障碍卫生间。"))
    capacity = models.PositiveIntegerField(_("容量"), null=True, blank=True, help_text=_("描述性数字，例如床位数。"))
    capacity_unit = models.CharField(_("容量单位"), max_length=20, blank=True, help_text=_("例如：张床位、个托位。"))
    capacity_unit_en = models.CharField(
        _("容量单位（英文）"),
        max_length=40,
        blank=True,
        help_text=_("例如：beds、childcare places。留空时英文页面显示中文单位。"),
    )
    follows_public_holidays = models.BooleanField(
        _("执行法定节假日安排"),
        default=True,
        help_text=_("勾选后，节假日闭馆、调休上班日按日历开放。"),
    )
    publication_status = publication_status_field(
        help_text=_("只有“已发布”的设施居民才能看到。只有审核发布人员可以修改。")
    )
    operation_status = models.CharField(
        _("运营状态"),
        max_length=20,
        choices=OperationStatus.choices,
        default=OperationStatus.OPEN,
        help_text=_("设施眼下是否对外开放；暂停开放时请填写原因。"),
    )
    closure_reason = models.CharField(
        _("暂停原因"), max_length=200, blank=True, help_text=_("暂停开放时必填，例如：内部装修，预计 5 月恢复。")
    )
    last_verified = models.DateField(_("信息核实日期"), null=True, blank=True, help_text=_("最近一次核实信息的日期。"))
    source_note = models.CharField(
        _("资料来源"), max_length=300, blank=True, help_text=_("信息从哪里来，例如：街道办电话核实、报道原文。")
    )
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("由 generate_demo 生成的合成数据。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, help_text=_("系统自动记录。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("系统自动记录。"))

    objects = LiveManager.from_queryset(FacilityQuerySet)()
    all_objects = models.Manager.from_queryset(FacilityQuerySet)()
    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    SEARCH_OTHER_NAME_FIELDS = ("name_en",)
    SEARCH_TEXT_FIELDS = ("summary", "summary_en", "description", "description_en")

    # Set on rows returned by queries.with_distances (nearby search); None elsewhere.
    distance_m: float | None = None
    walking_minutes: float | None = None

    class Meta:
        verbose_name = _("设施")
        verbose_name_plural = _("设施")
        ordering = ["kind__order", "name"]
        default_manager_name = "objects"
        permissions = [("publish_facility", _("可以发布、撤下和归档设施"))]
        indexes = [
            models.Index(fields=["publication_status", "kind"]),
            models.Index(fields=["latitude", "longitude"]),
            # Nearby search: published places in a latitude band (the bounding-box prefilter).
            models.Index(fields=["publication_status", "latitude", "longitude"], name="facility_nearby_idx"),
        ]
        constraints = [
            publication_status_constraint("facility"),
            models.CheckConstraint(
                condition=Q(operation_status__in=OperationStatus.values),
                name="facility_operation_status_valid",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="facility_not_its_own_parent"),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=r"^[0-9]{6}$"),
                name="facility_postal_code_six_digits",
            ),
            *location_constraints("facility"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        self.clean_location()
        if self.operation_status == OperationStatus.TEMPORARILY_CLOSED and not self.closure_reason:
            raise ValidationError({"closure_reason": _("暂停开放时请填写原因，居民会看到这条说明。")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("设施不能设在自身之内。")})
        self.clean_slug_against_recycle_bin(_("回收站中有一个设施使用了这个网址标识，请先恢复它，或换一个标识。"))
