"""What a resident can get, and where: service categories, services, the places offering them, canteen menus."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from facilities.bilingual import BilingualMixin, english_name_field, prefers_english
from facilities.models import Audience, Facility
from facilities.search_text import SearchTextModel, SearchTextQuerySet
from facilities.slugs import SlugFromName, slug_field
from publishing.models import LiveManager, SoftDeletable, Versioned
from publishing.publishable import (
    Publishable,
    PublishableQuerySet,
    open_data_uuid_field,
    publication_status_constraint,
    publication_status_field,
)

MAX_AGE = 150


class ServiceOperationStatus(models.TextChoices):
    ACTIVE = "active", _("正常提供")
    TEMPORARILY_CLOSED = "temporarily_closed", _("暂停提供")
    ENDED = "ended", _("已停止提供")


class ServiceCategoryQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class ServiceCategory(BilingualMixin, models.Model):
    """A category of services, in two levels: a top category (一老一小) and its sub-categories (助餐, 托育)."""

    uuid = open_data_uuid_field()
    name = models.CharField(_("中文名称"), max_length=60)
    name_en = models.CharField(
        _("英文名称"), max_length=80, blank=True, help_text=_("可不填；英文页面将显示中文名称。")
    )
    slug = models.SlugField(
        _("网址标识"), max_length=60, unique=True, help_text=_("网址中使用的英文标识，只含小写字母、数字和连字符。")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("留空表示一级分类；分类最多两级。"),
    )
    description = models.CharField(_("说明"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字越小越靠前。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ServiceCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务分类")
        verbose_name_plural = _("服务分类")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="service_category_not_its_own_parent"),
            models.UniqueConstraint(fields=["parent", "name"], name="service_category_name_unique_in_parent"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="service_category_top_name_unique",
            ),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} › {self.name}"
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("分类不能以自身为上级。")})
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("分类最多两级：请选择一个一级分类作为上级。")})
        if self.pk and ServiceCategory.objects.filter(parent_id=self.pk).exists():
            raise ValidationError({"parent": _("这个分类下已有子分类，不能再设上级分类。")})

    @property
    def display_path(self) -> str:
        if self.parent_id:
            return f"{self.parent.display_name} › {self.display_name}"
        return self.display_name


class ServiceQuerySet(PublishableQuerySet, SearchTextQuerySet):
    def with_listing_relations(self):
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("category", "category__parent").prefetch_related("audiences")

    def in_category(self, category: ServiceCategory):
        """A top category includes the services of its sub-categories."""
        return self.filter(Q(category=category) | Q(category__parent=category))

    @staticmethod
    def search_condition(text: str, *, prefix: str = "") -> Q:
        """The services' one keyword search (the public list, the open data): name, summary, description and
        category in both languages. `prefix` ("service__") applies it from a related model."""
        fields = ("name", "name_en", "summary", "summary_en", "description", "category__name", "category__name_en")
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{prefix}{name}__icontains": text})
        return condition

    def search(self, text: str):
        return self.filter(self.search_condition(text))


class Service(BilingualMixin, SlugFromName, SearchTextModel, Publishable, SoftDeletable, Versioned, models.Model):
    """Something a resident can get: a meal, a repair, a bed, childcare, legal help.

    Deleting in admin is soft (`deleted_at`): the service and its places stay and can be restored.
    """

    uuid = open_data_uuid_field()
    name = models.CharField(_("中文名称"), max_length=120)
    name_en = english_name_field()
    slug = slug_field()
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("服务分类"), on_delete=models.PROTECT, related_name="services"
    )
    audiences = models.ManyToManyField(Audience, verbose_name=_("服务对象"), blank=True, related_name="services")
    summary = models.CharField(_("简介"), max_length=300, blank=True)
    summary_en = models.CharField(_("英文简介"), max_length=400, blank=True)
    description = models.TextField(_("详细介绍"), blank=True)
    description_en = models.TextField(_("英文详细介绍"), blank=True)
    eligibility = models.TextField(_("申请条件"), blank=True, help_text=_("谁可以使用这项服务。"))
    eligibility_en = models.TextField(_("英文申请条件"), blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("最低年龄"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text=_("没有年龄要求时留空。"),
    )
    max_age = models.PositiveSmallIntegerField(
        _("最高年龄"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text=_("没有年龄要求时留空。"),
    )
    is_free = models.BooleanField(_("免费"), default=False, help_text=_("确认免费时勾选；收费或不确定时不勾选。"))
    fees_description = models.CharField(
        _("收费说明"), max_length=300, blank=True, help_text=_("收费时写明标准；不清楚时留空。")
    )
    how_to_apply = models.TextField(
        _("办理方式"), blank=True, help_text=_("怎样申请或使用：到哪里、找谁、要不要预约。")
    )
    documents_needed = models.TextField(_("所需材料"), blank=True, help_text=_("每行一项，例如：身份证。"))
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True, help_text=_("未核实的电话请留空。"))
    alert = models.CharField(
        _("提示"), max_length=200, blank=True, help_text=_("临时通知，例如：春节期间暂停。会醒目显示。")
    )
    last_verified = models.DateField(_("信息核实日期"), null=True, blank=True, help_text=_("最近一次核实信息的日期。"))
    publication_status = publication_status_field()
    operation_status = models.CharField(
        _("运营状态"),
        max_length=20,
        choices=ServiceOperationStatus.choices,
        default=ServiceOperationStatus.ACTIVE,
    )
    closure_reason = models.CharField(_("暂停原因"), max_length=200, blank=True)
    source_note = models.CharField(_("资料来源"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LiveManager.from_queryset(ServiceQuerySet)()
    all_objects = models.Manager.from_queryset(ServiceQuerySet)()
    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    SEARCH_OTHER_NAME_FIELDS = ("name_en",)
    SEARCH_TEXT_FIELDS = ("summary", "summary_en", "description", "description_en")

    class Meta:
        verbose_name = _("服务")
        verbose_name_plural = _("服务")
        ordering = ["name"]
        default_manager_name = "objects"
        permissions = [("publish_service", _("可以发布、撤下和归档服务"))]
        indexes = [models.Index(fields=["publication_status", "category"])]
        constraints = [
            publication_status_constraint("service"),
            models.CheckConstraint(
                condition=Q(operation_status__in=ServiceOperationStatus.values),
                name="service_operation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=models.F("max_age")),
                name="service_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(min_age__isnull=True) | Q(min_age__lte=MAX_AGE))
                & (Q(max_age__isnull=True) | Q(max_age__lte=MAX_AGE)),
                name="service_age_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError({"max_age": _("最高年龄不能小于最低年龄。")})
        self.clean_slug_against_recycle_bin(_("回收站中有一项服务使用了这个网址标识，请先恢复它，或换一个标识。"))
        if self.operation_status == ServiceOperationStatus.TEMPORARILY_CLOSED and not self.closure_reason:
            raise ValidationError({"closure_reason": _("暂停提供时请填写原因，居民会看到这条说明。")})

    @property
    def display_eligibility(self) -> str:
        return self.localized("eligibility")

    @property
    def documents_list(self) -> list[str]:
        return [line.strip() for line in self.documents_needed.splitlines() if line.strip()]


class ServiceAtLocation(models.Model):
    """A service offered at one facility, with what differs there (a note, a phone, hours)."""

    uuid = open_data_uuid_field()
    service = models.ForeignKey(Service, verbose_name=_("服务"), on_delete=models.CASCADE, related_name="locations")
    facility = models.ForeignKey(
        Facility, verbose_name=_("设施"), on_delete=models.CASCADE, related_name="service_links"
    )
    note = models.CharField(
        _("在此处的说明"), max_length=300, blank=True, help_text=_("这处地点与其他地点不同的地方。")
    )
    note_en = models.CharField(_("英文说明"), max_length=400, blank=True)
    phone = models.CharField(_("此处电话"), max_length=40, blank=True, help_text=_("与设施电话不同时填写。"))
    hours_note = models.CharField(
        _("此处服务时间"),
        max_length=200,
        blank=True,
        help_text=_("服务时间与设施开放时间不同时填写，例如：仅工作日上午。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("服务地点")
        verbose_name_plural = _("服务地点")
        ordering = ["facility__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "facility"], name="service_at_location_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.facility}"

    @property
    def display_note(self) -> str:
        return self.note_en if prefers_english() and self.note_en else self.note


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("早餐")
    LUNCH = "lunch", _("午餐")
    DINNER = "dinner", _("晚餐")


MEAL_ORDER = {Meal.BREAKFAST: 0, Meal.LUNCH: 1, Meal.DINNER: 2}


class Menu(BilingualMixin, Publishable, models.Model):
    """One canteen's menu for one meal on one day, entered by the canteen's staff."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("食堂"),
        on_delete=models.CASCADE,
        related_name="menus",
        limit_choices_to={"kind__slug": "canteen"},
    )
    date = models.DateField(_("日期"))
    meal = models.CharField(_("餐次"), max_length=10, choices=Meal.choices)
    note = models.CharField(
        pgettext_lazy("menu", "备注"), max_length=200, blank=True, help_text=_("例如：11:00–13:00 供应。")
    )
    note_en = models.CharField(
        _("备注（英文）"),
        max_length=200,
        blank=True,
        help_text=_("例如：Served 11:00–13:00. 留空时英文页面显示中文备注。"),
    )
    publication_status = publication_status_field()
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("食堂菜单")
        verbose_name_plural = _("食堂菜单")
        ordering = ["-date", "facility__name", "meal"]
        permissions = [("publish_menu", _("可以发布和撤下食堂菜单"))]
        constraints = [
            models.UniqueConstraint(fields=["facility", "date", "meal"], name="menu_one_per_facility_date_meal"),
            models.CheckConstraint(condition=Q(meal__in=Meal.values), name="menu_meal_valid"),
            publication_status_constraint("menu"),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.date:%Y-%m-%d} {self.get_meal_display()}"

    @property
    def display_note(self) -> str:
        return self.localized("note")


class DiscountFor(models.TextChoices):
    ELDERLY = "elderly", _("老年人优惠价")
    RESIDENTS = "residents", _("居民优惠价")


class MenuItem(models.Model):
    """A dish on a menu, with its price and, where there is one, the discounted price for the elderly or residents."""

    menu = models.ForeignKey(Menu, verbose_name=_("菜单"), on_delete=models.CASCADE, related_name="items")
    dish = models.CharField(_("菜品"), max_length=80)
    dish_en = models.CharField(_("英文菜名"), max_length=120, blank=True)
    price = models.DecimalField(_("价格（元）"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    discount_for = models.CharField(_("优惠对象"), max_length=10, choices=DiscountFor.choices, blank=True)
    discounted_price = models.DecimalField(
        _("优惠价（元）"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("没有优惠时留空。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("菜品")
        verbose_name_plural = _("菜品")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="menu_item_price_not_negative"),
            models.CheckConstraint(
                condition=Q(discounted_price__isnull=True) | Q(discounted_price__gte=0),
                name="menu_item_discount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(discounted_price__isnull=True) | Q(discounted_price__lte=models.F("price")),
                name="menu_item_discount_not_above_price",
            ),
            models.CheckConstraint(
                condition=Q(discounted_price__isnull=True, discount_for="")
                | (Q(discounted_price__isnull=False) & ~Q(discount_for="")),
                name="menu_item_discount_has_audience",
            ),
        ]

    def __str__(self) -> str:
        return self.dish

    def clean(self) -> None:
        if self.discounted_price is not None and not self.discount_for:
            raise ValidationError({"discount_for": _("填写了优惠价时，请选择优惠对象。")})
        if self.discount_for and self.discounted_price is None:
            raise ValidationError({"discounted_price": _("选择了优惠对象时，请填写优惠价。")})
        if self.discounted_price is not None and self.price is not None and self.discounted_price > self.price:
            raise ValidationError({"discounted_price": _("优惠价不能高于原价。")})

    @property
    def display_dish(self) -> str:
        return self.dish_en if prefers_english() and self.dish_en else self.dish
