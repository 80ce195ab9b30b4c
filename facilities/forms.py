"""Forms shared by the admin: coordinate entry in the system staff actually copy from (usually GCJ-02)."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from intake.digits import to_ascii_digits
from publishing.forms import VersionedModelForm

from .actions import HOURS_PRESETS
from .content_version import LIFECIRCLE
from .geo import Point, gcj02_to_wgs84, wgs84_to_gcj02
from .models import Estate, Facility, Weekday
from .widgets import CachedChoiceIterator, FastSelect

SIX_PLACES = Decimal("0.000001")


class CoordinateSystem:
    GCJ02 = "gcj02"
    WGS84 = "wgs84"


COORDINATE_SYSTEM_CHOICES = [
    (CoordinateSystem.GCJ02, _("GCJ-02（从高德地图、腾讯地图复制的坐标）")),
    (CoordinateSystem.WGS84, _("WGS-84（GPS 设备、手机定位、OpenStreetMap）")),
]


def in_service_area(latitude: float, longitude: float) -> bool:
    area = settings.SERVICE_AREA
    return (
        area["min_latitude"] <= latitude <= area["max_latitude"]
        and area["min_longitude"] <= longitude <= area["max_longitude"]
    )


def point_problem(latitude: float, longitude: float) -> str | None:
    """Why a typed latitude/longitude cannot be a place in Shanghai, in words staff understand; None if fine."""
    if latitude == 0 and longitude == 0:
        return str(_("坐标 0,0 不是有效位置（通常是漏填了坐标），请填写实际坐标或两项都留空。"))
    if in_service_area(longitude, latitude) and not in_service_area(latitude, longitude):
        return str(_("纬度和经度似乎填反了：上海的纬度约为 31，经度约为 121。高德地图复制的坐标是“经度,纬度”的顺序。"))
    if not -90 <= latitude <= 90:
        return str(_("纬度必须在 -90 到 90 之间。"))
    if not -180 <= longitude <= 180:
        return str(_("经度必须在 -180 到 180 之间。"))
    if not in_service_area(latitude, longitude):
        return str(_("这个位置远在上海市范围之外（上海约在北纬 30.7°–31.9°、东经 120.9°–122.2°），请检查坐标。"))
    return None


def quantize(value: float) -> Decimal:
    return Decimal(str(value)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


class CoordinateEntryForm(forms.ModelForm):
    """Latitude/longitude typed in a chosen system (GCJ-02 preselected), stored as WGS-84.

    An existing point is shown converted to GCJ-02, so saving the form without touching the numbers keeps
    the stored point exactly as it was.
    """

    coordinate_system = forms.ChoiceField(
        label=_("坐标系"),
        choices=COORDINATE_SYSTEM_CHOICES,
        initial=CoordinateSystem.GCJ02,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("请选择下面的经纬度来自哪里。保存时统一换算为 WGS-84 存储。"),
    )
    latitude = forms.DecimalField(
        label=_("纬度"),
        required=False,
        max_digits=14,
        decimal_places=10,
        help_text=_("例如 31.26；上海的纬度约为 31。"),
    )
    longitude = forms.DecimalField(
        label=_("经度"),
        required=False,
        max_digits=14,
        decimal_places=10,
        help_text=_("例如 121.40；上海的经度约为 121。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.latitude is not None and instance.longitude is not None:
            gcj_lat, gcj_lng = wgs84_to_gcj02(float(instance.latitude), float(instance.longitude))
            self.initial["latitude"] = quantize(gcj_lat)
            self.initial["longitude"] = quantize(gcj_lng)
            self.initial["coordinate_system"] = CoordinateSystem.GCJ02

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return cleaned
        if latitude is None and longitude is None:
            return cleaned
        if latitude is None or longitude is None:
            raise forms.ValidationError(_("纬度和经度需同时填写或同时留空。"), code="half_point")
        problem = point_problem(float(latitude), float(longitude))
        if problem:
            raise forms.ValidationError(problem, code="implausible_point")
        system = cleaned.get("coordinate_system") or CoordinateSystem.GCJ02
        unchanged = not ({"latitude", "longitude", "coordinate_system"} & set(self.changed_data))
        if unchanged and self.instance.pk and self.instance.latitude is not None:
            # Shown converted; keep the stored point rather than re-deriving it through rounding.
            cleaned["latitude"], cleaned["longitude"] = self.instance.latitude, self.instance.longitude
            return cleaned
        if system == CoordinateSystem.GCJ02:
            wgs_lat, wgs_lng = gcj02_to_wgs84(float(latitude), float(longitude))
        else:
            wgs_lat, wgs_lng = float(latitude), float(longitude)
        cleaned["latitude"], cleaned["longitude"] = quantize(wgs_lat), quantize(wgs_lng)
        return cleaned


class CoordinateImportForm(ImportForm):
    """The import form, asking which system the file's coordinates are in (no preselection: an exported file
    is WGS-84 while numbers copied from Amap are GCJ-02, and guessing wrong moves every place by about 500 m)."""

    coordinate_system = forms.ChoiceField(
        label=_("文件中的坐标系"),
        choices=COORDINATE_SYSTEM_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择文件中的经纬度来自哪里。")},
        help_text=_(
            "从本系统导出的文件是 WGS-84；从高德地图、腾讯地图复制的坐标是 GCJ-02。导入时统一换算为 WGS-84 存储。"
        ),
    )


class CoordinateConfirmImportForm(ConfirmImportForm):
    """Carries the chosen coordinate system from the preview to the confirmed import."""

    coordinate_system = forms.ChoiceField(choices=COORDINATE_SYSTEM_CHOICES, widget=forms.HiddenInput)


class HoursQuickFillForm(forms.Form):
    """Fills the weekly hours on save: a preset, or one day's periods copied to other days (applied after the
    hours table below is saved, so a day entered there can be copied at once)."""

    HOURS_FIELDS = ["hours_preset", "copy_hours_from", "copy_hours_to"]

    hours_preset = forms.ChoiceField(
        label=_("套用预设"),
        required=False,
        choices=[("", _("不套用")), *[(key, preset.label) for key, preset in HOURS_PRESETS.items()]],
        help_text=_("保存时，整周的开放时段换成所选预设，预设以外的日子为休息。"),
    )
    copy_hours_from = forms.TypedChoiceField(
        label=_("复制哪一天的时段"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("不复制")), *Weekday.choices],
        help_text=_("先在下面的“每周开放时段”中填好这一天。"),
    )
    copy_hours_to = forms.TypedMultipleChoiceField(
        label=_("复制到其他日期"),
        required=False,
        coerce=int,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("保存时，所选日期原有的时段换成复制来的时段。"),
    )

    def clean(self):
        cleaned = super().clean()
        source, targets = cleaned.get("copy_hours_from"), cleaned.get("copy_hours_to") or []
        if source is not None and not targets:
            self.add_error("copy_hours_to", _("请选择要复制到哪些日期。"))
        elif targets and source is None:
            self.add_error("copy_hours_from", _("请选择要复制哪一天的时段。"))
        elif source is not None and source in targets:
            self.add_error("copy_hours_to", _("不能复制到同一天，请取消勾选%(day)s。") % {"day": Weekday(source).label})
        return cleaned


class FacilityAdminForm(HoursQuickFillForm, VersionedModelForm, CoordinateEntryForm):
    class Meta:
        model = Facility
        fields = "__all__"  # noqa: DJ007  the admin's fieldsets choose the fields shown


class EstateAdminForm(CoordinateEntryForm):
    class Meta:
        model = Estate
        fields = "__all__"  # noqa: DJ007  the admin's fieldsets choose the fields shown


# --- "Near me": a point typed or given by the browser, or an estate ----------------------------------

MAX_NEAR_LENGTH = 60
# re.ASCII: digits 0-9 only (full-width ones are made ASCII first, by to_ascii_digits).
_POINT_PATTERN = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,，]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$", re.ASCII)


def parse_near(value: str) -> Point:
    """ "纬度,经度" in WGS-84 (what a browser's geolocation gives) → a geo.Point inside the service area.

    Raises ValidationError with a message for residents. Shared by the list's `near` and the API's `near`.
    """
    value = value or ""
    # Full-width digits and comma (Chinese input methods) are the same point; other scripts' digits are refused.
    value = to_ascii_digits(value).strip() if len(value) <= MAX_NEAR_LENGTH else value
    match = _POINT_PATTERN.match(value) if len(value) <= MAX_NEAR_LENGTH else None
    if not match:
        raise forms.ValidationError(_("位置格式应为“纬度,经度”，例如 31.26,121.40。"), code="format")
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if in_service_area(longitude, latitude) and not in_service_area(latitude, longitude):
        raise forms.ValidationError(
            _("纬度和经度似乎写反了：应先写纬度（约 31），再写经度（约 121）。"), code="swapped"
        )
    if not (math.isfinite(latitude) and math.isfinite(longitude)) or not (
        -90 <= latitude <= 90 and -180 <= longitude <= 180
    ):
        raise forms.ValidationError(_("纬度必须在 -90 到 90 之间，经度必须在 -180 到 180 之间。"), code="range")
    if not in_service_area(latitude, longitude):
        raise forms.ValidationError(_("这个位置不在上海市范围内，附近查找只覆盖上海。"), code="outside")
    return Point(latitude, longitude)


class EstateChoiceField(forms.ModelChoiceField):
    """Estates by their name in the page's language; one whose location is not verified yet says so, so a
    resident knows before choosing it that distances cannot be measured from it."""

    widget = FastSelect
    iterator = CachedChoiceIterator
    cache_topics = (LIFECIRCLE,)  # an estate's change bumps "lifecircle" (wanli/signals.py)

    def label_from_instance(self, obj: Estate) -> str:
        if obj.is_located:
            return obj.display_name
        return _("%(estate)s（位置待核实）") % {"estate": obj.display_name}


class PointField(forms.Field):
    widget = forms.TextInput

    def to_python(self, value):
        if not (value or "").strip():
            return None
        return parse_near(value)


def near_options() -> dict:
    """The "my location" field's label, widget and help, the same on every near-me form and filter."""
    return {
        "label": _("我的位置（纬度,经度）"),
        "widget": forms.TextInput(
            attrs={"placeholder": _("例如 31.26,121.40"), "inputmode": "decimal", "autocomplete": "off"}
        ),
        "help_text": _("点“使用我的位置”自动填写。"),
    }


def estate_options() -> dict:
    """The "my estate" choice's label and messages (the queryset is the caller's)."""
    return {
        "label": _("我住的小区"),
        "to_field_name": "slug",
        "empty_label": _("选择小区"),
        "error_messages": {"invalid_choice": _("没有找到这个小区，请从列表中选择。")},
    }


def radius_options() -> dict:
    """The radius field's bounds (from the settings), widget and messages."""
    return {
        "label": _("范围（米）"),
        "min_value": settings.NEARBY_MIN_RADIUS_M,
        "max_value": settings.NEARBY_MAX_RADIUS_M,
        "widget": forms.NumberInput(attrs={"step": 100, "placeholder": settings.NEARBY_DEFAULT_RADIUS_M}),
        "error_messages": {
            "invalid": _("范围请填写整数米数，例如 1000。"),
            "min_value": _("范围至少为 %(limit_value)s 米。"),
            "max_value": _("范围最多为 %(limit_value)s 米。"),
        },
    }


class OriginFormMixin:
    """For forms with `near` (PointField) and `estate` (an Estate choice): one origin, and a located one."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("near") and cleaned.get("estate"):
            raise forms.ValidationError(_("请在“我的位置”和“我住的小区”中只选一项。"), code="two_origins")
        estate = cleaned.get("estate")
        if estate is not None and not estate.is_located:
            self.add_error(
                "estate",
                forms.ValidationError(
                    _("%(estate)s的位置尚待核实，暂时不能按距离查找。可以改用“使用我的位置”。"),
                    code="estate_unlocated",
                    params={"estate": estate.display_name},
                ),
            )
        return cleaned

    @property
    def origin(self) -> Point | None:
        """Where distances are measured from, once the form is valid: the point, or the estate's point."""
        if not self.is_bound or not self.is_valid():
            return None
        if self.cleaned_data.get("near"):
            return self.cleaned_data["near"]
        estate = self.cleaned_data.get("estate")
        if estate is not None and estate.is_located:
            return Point(*estate.verified_coordinates)
        return None


class OriginForm(OriginFormMixin, forms.Form):
    """ "Nearest first" for any page listing places (a service's places, …): a point or an estate."""

    near = PointField(required=False, **near_options())
    estate = forms.ModelChoiceField(required=False, queryset=Estate.objects.order_by("name"), **estate_options())
