"""What the residents' forms share (service requests, corrections, activity sign-ups): the honeypot field
with the error summary, the name a resident gives, and finding one's request or sign-up by its code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .digits import to_ascii_digits
from .validation import clean_text

HONEYPOT_FIELD = "website"


def _is_option_group(widget) -> bool:
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def field_anchor(field) -> str:
    """The id to link to for a field: its first option in a group of radio buttons or checkboxes."""
    return f"{field.auto_id}_0" if _is_option_group(field.field.widget) else field.id_for_label


class HoneypotMixin(forms.Form):
    # People never see this field (hidden with CSS, skipped by screen readers); form-filling robots do fill it.
    website = forms.CharField(label=_("网站（请留空）"), required=False, max_length=200)

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def full_clean(self) -> None:
        super().full_clean()
        # The page comes back with the cursor in the first field to correct, so a phone user lands on it.
        # Not in a group of radio buttons or checkboxes: each option would carry the attribute.
        to_correct = self.fields_to_correct()
        if to_correct and not _is_option_group(to_correct[0].field.widget):
            to_correct[0].field.widget.attrs["autofocus"] = True

    def fields_to_correct(self) -> list:
        """The bound fields with errors, in form order, for the error summary at the top of the form."""
        return [field for field in self if field.errors and field.name != HONEYPOT_FIELD]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(id to link to, label, first error) for each field to correct, in form order."""
        return [(field_anchor(field), field.label, field.errors[0]) for field in self.fields_to_correct()]


def name_field() -> forms.CharField:
    """How a resident wants to be called: a surname is enough (PIPL minimisation)."""
    return forms.CharField(label=_("怎么称呼您"), max_length=40, help_text=_("可以只写姓，例如：王阿姨。"))


def phone_field(*, label: str, help_text: str) -> forms.CharField:
    """A resident's phone: the phone keyboard, and room for spaces and dashes (the form's clean_phone normalises)."""
    widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    return forms.CharField(label=label, max_length=30, widget=widget, help_text=help_text)


def clean_resident_name(value: str) -> str:
    """The name (or form of address) a resident gives: required, one line, no angle brackets."""
    name = clean_text(value)
    if not name:
        raise forms.ValidationError(_("请填写称呼。"))
    if "\n" in name or "<" in name or ">" in name:
        raise forms.ValidationError(_("称呼里不能有换行或尖括号。"))
    return name


class TrackForm(forms.Form):
    """A tracking code and the phone's last four digits. Only digits of another script are a form error: any
    other mismatch is "not found", so a wrong code and a wrong phone look the same from outside."""

    code = forms.CharField(label=_("查询码"), max_length=40, strip=True)
    last4 = forms.CharField(label=_("联系电话后四位"), max_length=10, strip=True)

    def clean_code(self) -> str:
        return to_ascii_digits(self.cleaned_data["code"])

    def clean_last4(self) -> str:
        return to_ascii_digits(self.cleaned_data["last4"])
