"""The request admin's two forms. Neither writes a rule of its own: they ask the rules (`transitions.check_move`,
`actions.check_submission`) and show the ValidationError they raise on the form, beside the field it is about."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.validation import clean_text, normalize_phone, validate_mobile_or_landline

from . import actions, transitions
from .forms import show_action_error
from .models import Channel, RequestStatus, ServiceRequest


class Step:
    ACCEPT = "accept"
    SCHEDULE = "schedule"
    COMPLETE = "complete"
    DECLINE = "decline"


STEP_CHOICES = [
    ("", _("（不改变状态，只保存答复和备注）")),
    (Step.ACCEPT, _("受理（床位、托位会同时分配名额）")),
    (Step.SCHEDULE, _("安排时间")),
    (Step.COMPLETE, _("办结")),
    (Step.DECLINE, _("不予受理（原因会告诉居民）")),
]
STEP_STATUS = {
    Step.ACCEPT: RequestStatus.ACCEPTED,
    Step.SCHEDULE: RequestStatus.SCHEDULED,
    Step.COMPLETE: RequestStatus.COMPLETED,
    Step.DECLINE: RequestStatus.DECLINED,
}


class HandleRequestForm(forms.ModelForm):
    """The change form: a next step with what it needs (a time, a reason), the public reply, internal notes."""

    step = forms.ChoiceField(label=_("下一步"), choices=STEP_CHOICES, required=False)
    when = forms.SplitDateTimeField(label=_("安排的日期和时间"), required=False, widget=AdminSplitDateTime)

    class Meta:
        model = ServiceRequest
        fields = ["public_reply", "internal_notes", "decline_reason"]

    def clean_public_reply(self) -> str:
        return clean_text(self.cleaned_data.get("public_reply", ""))

    def clean_decline_reason(self) -> str:
        return clean_text(self.cleaned_data.get("decline_reason", ""))

    def clean(self):
        cleaned = super().clean()
        step = cleaned.get("step")
        if step:
            try:
                transitions.check_move(
                    self.instance,
                    STEP_STATUS[step],
                    when=cleaned.get("when"),
                    reason=cleaned.get("decline_reason", ""),
                )
            except ValidationError as error:
                show_action_error(self, error, renamed={"scheduled_for": "when"}, default="step")
        return cleaned


class OnBehalfForm(forms.ModelForm):
    """Staff enter a request taken by phone or at the counter, for a resident who cannot use the site."""

    channel = forms.ChoiceField(
        label=_("来源"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.COUNTER, Channel.COUNTER.label)],
    )
    consent = forms.BooleanField(
        label=_("已向居民说明个人信息的用途和保存期限，居民同意"),
        error_messages={"required": _("请先向居民说明个人信息用途并取得同意。")},
    )

    class Meta:
        model = ServiceRequest
        fields = ["service", "pool", "channel", "name", "phone", "address", "description", "preferred_time"]

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile_or_landline(phone)
        return phone

    def clean_address(self) -> str:
        return clean_text(self.cleaned_data.get("address", ""))

    def clean_description(self) -> str:
        return clean_text(self.cleaned_data["description"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("service") is None:
            return cleaned
        try:
            actions.check_submission(
                service=cleaned["service"],
                consent=bool(cleaned.get("consent")),
                pool=cleaned.get("pool"),
                address=cleaned.get("address", ""),
            )
        except ValidationError as error:
            show_action_error(self, error, renamed={"consent_at": "consent"}, default="service")
        return cleaned

    # The model's own checks run in the action that saves it (tracking code, due time, status are set there).
    def _post_clean(self):
        pass
