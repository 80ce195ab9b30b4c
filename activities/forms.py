"""Public forms: what's on (filters and near me), sign-up, and finding a sign-up by its code."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.filters import AsciiIntegerField
from facilities.forms import (
    EstateChoiceField,
    OriginFormMixin,
    PointField,
    estate_options,
    near_options,
    radius_options,
)
from facilities.models import AudienceCode, Facility
from facilities.queries import estate_choices
from intake.forms import HoneypotMixin, clean_resident_name, name_field, phone_field
from intake.forms import TrackForm as CodeAndLast4Form
from intake.validation import normalize_phone, validate_mobile

from .models import ActivityKind


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Facility) -> str:
        return obj.display_name


class WhatsOnForm(OriginFormMixin, forms.Form):
    """The what's-on page's filters. Every field is optional; a bad value is a form error, never a 500."""

    view = forms.ChoiceField(
        label=_("显示方式"),
        required=False,
        choices=[("day", _("按天")), ("week", _("按周"))],
        initial="week",
    )
    date = forms.DateField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期请按 2024-07-01 的格式填写。")},
    )
    audience = forms.ChoiceField(
        label=_("面向对象"), required=False, choices=[("", _("全部对象")), *AudienceCode.choices]
    )
    kind = forms.ChoiceField(label=_("活动类型"), required=False, choices=[("", _("全部类型")), *ActivityKind.choices])
    place = FacilityChoiceField(
        label=_("举办地点"),
        required=False,
        queryset=Facility.objects.published().filter(activities__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        empty_label=_("全部地点"),
        error_messages={"invalid_choice": _("没有找到这个地点，请从列表中选择。")},
    )
    places_left = forms.BooleanField(
        label=_("只看还有名额的"), required=False, widget=forms.CheckboxInput(attrs={"value": "1"})
    )
    near = PointField(required=False, **near_options())
    estate = EstateChoiceField(required=False, queryset=estate_choices(), **estate_options())
    radius = AsciiIntegerField(required=False, **radius_options())

    def clean_date(self):
        day = self.cleaned_data.get("date")
        # Far-off dates would overflow the week's arithmetic; nobody plans activities that far anyway.
        if day is not None and not (datetime.date(2000, 1, 1) <= day <= datetime.date(2099, 12, 31)):
            raise forms.ValidationError(_("请选择 2000 年到 2099 年之间的日期。"))
        return day

    def chosen(self, name: str, default=None):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default

    @property
    def day(self) -> datetime.date:
        return self.chosen("date", timezone.localdate())

    @property
    def view_name(self) -> str:
        return self.chosen("view", "week")

    @property
    def radius_m(self) -> int:
        return self.chosen("radius", settings.NEARBY_DEFAULT_RADIUS_M)


class SignUpForm(HoneypotMixin, forms.Form):
    """Asks only what the sign-up needs (PIPL minimisation): a name to call out at the door, a phone to be told
    of changes, and how many are coming."""

    name = name_field()
    phone = phone_field(label=_("手机号码"), help_text=_("候补转正或活动有变时通知您；查看或取消报名时要输入后四位。"))
    party_size = forms.TypedChoiceField(label=_("几人参加（含本人）"), coerce=int)
    sms_opt_in = forms.BooleanField(label=_("活动前一天发短信提醒我"), required=False)
    consent = forms.BooleanField(
        label=_("我已阅读上面的个人信息说明，同意街道为组织本次活动使用这些信息。"),
        error_messages={"required": _("请阅读并勾选同意个人信息说明，否则无法报名。")},
    )

    def __init__(self, *args, max_party_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"].choices = [(n, str(n)) for n in range(1, max_party_size + 1)]
        self.fields["party_size"].initial = 1
        self.fields["party_size"].error_messages["invalid_choice"] = _("这项活动每次报名最多 %(limit)s 人。") % {
            "limit": max_party_size
        }
        if max_party_size == 1:
            self.fields["party_size"].widget = forms.HiddenInput()

    def clean_name(self) -> str:
        return clean_resident_name(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile(phone)
        return phone


class TrackForm(CodeAndLast4Form):
    """A sign-up code and the phone's last four digits; any mismatch is "not found", whichever was wrong."""

    code = forms.CharField(label=_("报名码"), max_length=40, strip=True)
    last4 = forms.CharField(label=_("手机号码后四位"), max_length=10, strip=True)
