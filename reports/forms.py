"""The dashboard's year selector: only years that have data can be chosen, anything else is a form error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.digits import AsciiDigitsMixin


class YearField(AsciiDigitsMixin, forms.TypedChoiceField):
    """A year typed in full-width digits (２０２３) is the same year."""


class YearForm(forms.Form):
    year = YearField(label=_("年份"), coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = _("没有 %(value)s 年的数据，请从列表中选择年份。")
