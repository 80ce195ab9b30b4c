"""Facilities, their kinds and audiences, and the publication and operation states they share."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.models import LiveManager, SoftDeletable, Versioned

from ..bilingual import BilingualMixin
from ..search_text import SearchTextModel, SearchTextQuerySet
from ..slugs import unique_slug


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    ARCHIVED = "archived", _("已归档")


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


class FacilityQuerySet(SearchTextQuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def real(self):
        """Excludes the synthetic demo rows made by `generate_demo`."""
        return self.filter(is_demo=False)

    def located(self):
        """Only places whose location staff have verified: the only ones used for distances and coverage."""
        return self.filter(location_verified=True, latitude__isnull=False, longitude__isnull=False)

    def unlocated(self):
        """Places listed apart as "location not yet verified"."""
        return self.exclude(location_verified=True, latitude__isnull=False, longitude__isnull=False)

    def within(self, box):
        """Prefilter on the indexed latitude/longitude columns; exact distances are computed afterwards."""
        return self.filter(
            latitude__gte=box.min_latitude,
            latitude__lte=box.max_latitude,
            longitude__gte=box.min_longitude,
            longitude__lte=box.max_longitude,
        )

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


def location_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The database's rules for a place's point (facilities and estates alike): latitude and longitude
    together or not at all, a verified location has a point, the point is on Earth and not 0,0."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_coordinates_both_or_neither",
        ),
        models.CheckConstraint(
            condition=~Q(location_verified=True, latitude__isnull=True),
            name=f"{prefix}_verified_location_has_point",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True)
            | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_coordinates_in_range",
        ),
        models.CheckConstraint(condition=~Q(latitude=0, longitude=0), name=f"{prefix}_coordinates_not_null_island"),
    ]


class Facility(BilingualMixin, SearchTextModel, SoftDeletable, Versioned, models.Model):
    """A place a resident can go to: a canteen, a service station, a baby house, a park.

    Deleting in admin is soft (`deleted_at`): the row, its hours and photos stay and can be restored.
    The default manager hides deleted rows; `all_objects` sees them all.
    """

    uuid = models.UUIDField(
        _("开放数据标识"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("开放数据接口中使用的永久标识，不会改变。"),
    )
    name = models.CharField(_("中文名称"), max_length=120, help_text=_("设施的正式中文名称，居民在列表和详情页看到。"))
    name_en = models.CharField(
        _("英文名称"), max_length=200, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(
        _("网址标识"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("留空时按中文名称的拼音自动生成，可修改。"),
    )
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
    latitude = models.DecimalField(
        _("纬度（WGS-84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS-84 坐标（GPS 坐标，不是高德或百度坐标），例如 31.260000；不确定时请留空。"),
    )
    longitude = models.DecimalField(
        _("经度（WGS-84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS-84 坐标，例如 121.400000；与纬度同时填写或同时留空。"),
    )
    location_verified = models.BooleanField(
        _("位置已核实"),
        default=False,
        help_text=_("未核实的位置不参与距离计算和生活圈覆盖统计。"),
    )
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
    publication_status = models.CharField(
        _("发布状态"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_("只有“已发布”的设施居民才能看到。只有审核发布人员可以修改。"),
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
            models.CheckConstraint(
                condition=Q(publication_status__in=PublicationStatus.values),
                name="facility_publication_status_valid",
            ),
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

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            # Readable pinyin slug, so every save path (admin, import, seed) gets one.
            self.slug = unique_slug(self.name, model=Facility, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("facilities:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("纬度和经度需同时填写或同时留空。"))
        if self.location_verified and self.latitude is None:
            raise ValidationError({"location_verified": _("没有坐标时不能标记为位置已核实。")})
        if self.operation_status == OperationStatus.TEMPORARILY_CLOSED and not self.closure_reason:
            raise ValidationError({"closure_reason": _("暂停开放时请填写原因，居民会看到这条说明。")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("设施不能设在自身之内。")})
        # The default manager hides the recycle bin, so Django's unique check cannot see a deleted row's slug.
        if (
            self.slug
            and Facility.all_objects.filter(slug=self.slug, deleted_at__isnull=False).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"slug": _("回收站中有一个设施使用了这个网址标识，请先恢复它，或换一个标识。")})

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        """What residents may see, and so may be named on a page: published and not in the recycle bin.

        A related row (a card's parent) comes through a join that the default manager's filters never see."""
        return self.is_published and self.deleted_at is None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_located(self) -> bool:
        """True when the point may be used for distances, directions and coverage."""
        return self.location_verified and self.has_point
