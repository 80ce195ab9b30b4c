"""Public forms: a request to a service and a report of wrong information. Both carry a honeypot field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.digits import to_ascii_digits
from intake.forms import HoneypotMixin, clean_resident_name, name_field, phone_field
from intake.validation import clean_text, normalize_phone, validate_mobile, validate_mobile_or_landline

from .models import PlacePool, PreferredTime, RequestKind, RequestSettings


def show_action_error(
    form: forms.Form, error: ValidationError, *, renamed: dict[str, str], default: str | None = None
) -> None:
    """Puts an action's ValidationError on `form`: each message on the field it names (`renamed` maps the
    model's field names to the form's), the others on `default` (None: the form as a whole). A field already
    showing an error of its own (a missing consent) is not told twice."""
    for field, messages in error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]:
        name = renamed.get(field, field)
        name = name if name in form.fields else default
        if name not in form.errors:
            form.add_error(name, messages)


class ServiceRequestForm(HoneypotMixin, forms.Form):
    """Asks only what handling the request needs (PIPL minimisation): no ID number, no age, no address unless
    someone has to come to the door."""

    pool = forms.TypedChoiceField(
        label=_("申请哪里的名额"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("请从列表中选择地点。"), "required": _("请选择申请哪里的名额。")},
    )
    name = name_field()
    phone = phone_field(label=_("联系电话"), help_text=_("工作人员用它联系您；查询进度时要输入后四位。"))
    address = forms.CharField(
        label=_("小区与门牌"),
        max_length=120,
        required=False,
        help_text=_("上门服务需要，例如：香泉苑 12 号 301 室。"),
    )
    description = forms.CharField(
        label=_("需要什么帮助"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("最多 2000 字。"),
    )
    preferred_time = forms.ChoiceField(label=_("方便的时间"), choices=PreferredTime.choices, initial=PreferredTime.ANY)
    sms_updates = forms.BooleanField(
        label=_("通过短信告诉我进展"),
        required=False,
        help_text=_(
            "受理、安排时间、办结或未能受理时，以及候补有了名额时，发一条只含查询码的短信。晚上 9 点到早上 8 点不发。"
        ),
    )
    consent = forms.BooleanField(
        label=_("我已阅读上面的个人信息说明，同意街道为处理本次申请使用这些信息。"),
        error_messages={"required": _("请阅读并勾选同意个人信息说明，否则无法提交。")},
    )

    def __init__(self, *args, request_settings: RequestSettings, pools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_settings = request_settings
        self.landline_allowed = request_settings.kind in (RequestKind.REPAIR_VISIT, RequestKind.GENERAL_ENQUIRY)
        if request_settings.takes_places:
            self.pools = {pool.pk: pool for pool in pools or []}
            self.fields["pool"].choices = [(pk, pool.location.facility.display_name) for pk, pool in self.pools.items()]
            if len(self.pools) == 1:
                self.fields["pool"].initial = next(iter(self.pools))
        else:
            del self.fields["pool"]
        if request_settings.needs_address:
            self.fields["address"].required = True
        else:
            del self.fields["address"]
        if request_settings.kind == RequestKind.GENERAL_ENQUIRY:
            del self.fields["preferred_time"]
        if request_settings.takes_places:
            self.fields["description"].label = _("补充说明")
            self.fields["description"].help_text = _(
                "例如：希望从哪天开始。不需要写身份证号等其他个人信息。最多 2000 字。"
            )
        if self.landline_allowed:
            self.fields["phone"].help_text = _("手机或带区号的固定电话。工作人员用它联系您；查询进度时要输入后四位。")

    def clean_pool(self) -> PlacePool:
        return self.pools[self.cleaned_data["pool"]]

    def clean_name(self) -> str:
        return clean_resident_name(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if self.landline_allowed:
            validate_mobile_or_landline(phone)
        else:
            validate_mobile(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone", "")
        if cleaned.get("sms_updates") and phone and not (len(phone) == 11 and phone.startswith("1")):
            self.add_error("sms_updates", _("短信只能发到手机号；固定电话请不要勾选这一项。"))
        return cleaned

    def clean_address(self) -> str:
        address = clean_text(self.cleaned_data.get("address", ""))
        if self.request_settings.needs_address and not address:
            raise forms.ValidationError(_("上门服务需要填写小区与门牌。"))
        return address.replace("\n", " ")

    def clean_description(self) -> str:
        text = clean_text(self.cleaned_data["description"])
        if not text:
            raise forms.ValidationError(_("请简单说明需要什么帮助。"))
        return text


class CorrectionForm(HoneypotMixin, forms.Form):
    what_is_wrong = forms.CharField(
        label=_("哪里有误？"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：电话打不通、开放时间变了、已经搬走。最多 1000 字。"),
    )
    contact = forms.CharField(
        label=_("联系方式（可不填）"),
        max_length=60,
        required=False,
        help_text=_("愿意让工作人员回访时填写电话或邮箱。"),
    )

    def clean_what_is_wrong(self) -> str:
        text = clean_text(self.cleaned_data["what_is_wrong"])
        if not text:
            raise forms.ValidationError(_("请写下哪里有误。"))
        return text

    def clean_contact(self) -> str:
        # A phone number typed with full-width digits is kept as ASCII, so staff can dial it (and it masks right).
        return to_ascii_digits(clean_text(self.cleaned_data.get("contact", "")).replace("\n", " "))
