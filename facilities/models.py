"""Places a resident can go: facilities, their kinds, opening hours, the holiday calendar, photos."""

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from workflow.models import LiveManager, SoftDeletable, Versioned

from .bilingual import BilingualMixin
from .images import RENDITIONS, PhotoField, process_photo, validate_photo_upload
from .intervals import OpeningInterval, OpeningPeriodQuerySet  # noqa: F401 (OpeningInterval: registered here)
from .search_text import SearchTextModel, SearchTextQuerySet
from .slugs import unique_slug


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


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


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


class EstateQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_demo=False)

    def located(self):
        """Estates whose recorded point (usually the main entrance) staff have verified."""
        return self.filter(location_verified=True, latitude__isnull=False, longitude__isnull=False)

    def unlocated(self):
        return self.exclude(location_verified=True, latitude__isnull=False, longitude__isnull=False)


class Estate(BilingualMixin, models.Model):
    """A residential estate (居住小区): where residents start their walk, and a row of the life-circle matrix."""

    name = models.CharField(
        _("中文名称"), max_length=120, unique=True, help_text=_("小区的正式中文名称，例如：香泉苑。")
    )
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
    latitude = models.DecimalField(
        _("纬度（WGS-84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("小区的代表点，通常是主出入口。"),
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
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True, help_text=_("不清楚时留空。"))
    population = models.PositiveIntegerField(
        _("居住人口"),
        null=True,
        blank=True,
        help_text=_("不清楚时留空；填写后用于统计覆盖的居民比例。"),
    )
    source_note = models.CharField(
        _("资料来源"), max_length=300, blank=True, help_text=_("信息从哪里来，例如：街道办电话核实、报道原文。")
    )
    is_demo = models.BooleanField(_("演示数据"), default=False, help_text=_("由 generate_demo 生成的合成数据。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, help_text=_("系统自动记录。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("系统自动记录。"))

    objects = EstateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("居住小区")
        verbose_name_plural = _("居住小区")
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]
        constraints = location_constraints("estate")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name, model=Estate, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("纬度和经度需同时填写或同时留空。"))
        if self.location_verified and self.latitude is None:
            raise ValidationError({"location_verified": _("没有坐标时不能标记为位置已核实。")})

    @property
    def is_located(self) -> bool:
        return self.location_verified and self.latitude is not None and self.longitude is not None


class OpeningPeriod(models.Model):
    """A weekly opening period. A period whose closing time is earlier than its opening runs past midnight."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="opening_periods",
        help_text=_("这段开放时间属于哪个设施。"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("星期"), choices=Weekday.choices, help_text=_("每周的哪一天；一天有多段时间时添加多行。")
    )
    opens = models.TimeField(_("开始时间"), help_text=_("24 小时制，例如 08:30。"))
    closes = models.TimeField(_("结束时间"), help_text=_("早于开始时间表示跨越午夜，例如 22:00–02:00。"))

    # Its bulk writes keep the stored OpeningInterval rows right (single saves do so through signals).
    objects = OpeningPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("每周开放时段")
        verbose_name_plural = _("每周开放时段")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="opening_period_weekday_valid"),
            models.CheckConstraint(condition=~Q(opens=models.F("closes")), name="opening_period_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HoursException(models.Model):
    """Hours for one date that replace the weekly hours: a closure or special hours."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="hours_exceptions",
        help_text=_("这条特殊安排属于哪个设施。"),
    )
    date = models.DateField(_("日期"), help_text=_("这一天按本条安排开放，代替每周开放时间。"))
    is_closed = models.BooleanField(_("全天闭馆"), default=False, help_text=_("勾选后不要填写时间。"))
    opens = models.TimeField(_("开始时间"), null=True, blank=True, help_text=_("不闭馆时必填，24 小时制。"))
    closes = models.TimeField(
        _("结束时间"), null=True, blank=True, help_text=_("不闭馆时必填；早于开始时间表示跨越午夜。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("居民会看到，例如：设备检修。"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("特殊开放安排")
        verbose_name_plural = _("特殊开放安排")
        ordering = ["date", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_closed=True, opens__isnull=True, closes__isnull=True)
                | Q(is_closed=False, opens__isnull=False, closes__isnull=False),
                name="hours_exception_closed_or_times",
            ),
        ]

    def __str__(self) -> str:
        if self.is_closed:
            return f"{self.date} {_('闭馆')}"
        return f"{self.date} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.is_closed and (self.opens or self.closes):
            raise ValidationError(_("全天闭馆时不要填写时间。"))
        if not self.is_closed and (self.opens is None or self.closes is None):
            raise ValidationError(_("请填写开始和结束时间，或勾选全天闭馆。"))
        if not self.is_closed and self.opens == self.closes:
            raise ValidationError(_("开始时间和结束时间不能相同。"))


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（休息）")
    WORKDAY = "workday", _("调休上班日")


class CalendarDaySource(models.TextChoices):
    OFFICIAL = "official", _("官方日历（自动导入）")
    STAFF = "staff", _("工作人员录入或更正")


class PublicHoliday(models.Model):
    """The shared calendar: official holidays and make-up working days (调休), loaded from the official
    calendar (`load_holidays`) and corrected by staff where needed."""

    date = models.DateField(_("日期"), unique=True, help_text=_("每个日期只能录入一次。"))
    kind = models.CharField(
        _("类型"),
        max_length=10,
        choices=CalendarDayKind.choices,
        help_text=_("按国务院办公厅公布的放假安排填写。"),
    )
    name = models.CharField(pgettext_lazy("holiday", "名称"), max_length=40, help_text=_("例如：春节、国庆节。"))
    works_as_weekday = models.PositiveSmallIntegerField(
        _("按星期几的时间开放"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("仅对调休上班日有效：该日按所选星期的开放时间开放。"),
    )
    source = models.CharField(
        _("来源"),
        max_length=10,
        choices=CalendarDaySource.choices,
        default=CalendarDaySource.STAFF,
        help_text=_("工作人员保存过的日子，重新导入官方日历时不会被覆盖。"),
    )

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CalendarDayKind.values), name="public_holiday_kind_valid"),
            models.CheckConstraint(
                condition=Q(source__in=CalendarDaySource.values), name="public_holiday_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}（{self.get_kind_display()}）"


def facility_photo_path(instance: "FacilityPhoto", filename: str) -> str:
    """A random name: the uploader's file name (which may say who or where) is never kept."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"facilities/{instance.facility_id}/{uuid.uuid4().hex}{extension}"


def facility_rendition_path(instance: "FacilityPhoto", filename: str) -> str:
    return f"facilities/thumbnails/{filename}"


class FacilityPhoto(models.Model):
    """A photo of a facility, with required alt text for screen readers and a caption."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="photos",
        help_text=_("照片属于哪个设施。"),
    )
    image = PhotoField(
        _("图片"),
        upload_to=facility_photo_path,
        validators=[validate_photo_upload],
        help_text=_("JPEG、PNG 或 WebP 格式，不超过 10 MB。保存时会去掉拍摄地点等隐私信息。"),
    )
    thumbnail = models.ImageField(
        _("缩略图"),
        upload_to=facility_rendition_path,
        blank=True,
        editable=False,
        help_text=_("系统自动生成。"),
    )
    thumbnail_2x = models.ImageField(
        _("高清缩略图"),
        upload_to=facility_rendition_path,
        blank=True,
        editable=False,
        help_text=_("系统自动生成。"),
    )
    alt_text = models.CharField(_("替代文字"), max_length=200, help_text=_("为看不到图片的读者描述图片内容。"))
    caption = models.CharField(_("图片说明"), max_length=200, help_text=_("显示在图片下方，例如：食堂就餐区。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字越小越靠前。"))

    class Meta:
        verbose_name = _("设施照片")
        verbose_name_plural = _("设施照片")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="facility_photo_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.caption

    def save(self, *args, **kwargs) -> None:
        if self.image and not self.image._committed:
            # A new upload: store only the re-encoded copy (no EXIF/GPS) and its fixed-size renditions.
            processed = process_photo(self.image.file)
            stem = uuid.uuid4().hex
            self.image.save(f"photo.{processed.extension}", processed.original, save=False)
            for name, content in processed.renditions.items():
                width, height = RENDITIONS[name]
                getattr(self, name).save(f"{stem}-{width}x{height}.jpg", content, save=False)
        super().save(*args, **kwargs)

    # Renditions have fixed sizes, so pages give width and height without reading any file.
    thumbnail_width, thumbnail_height = RENDITIONS["thumbnail"]
    thumbnail_2x_width = RENDITIONS["thumbnail_2x"][0]
