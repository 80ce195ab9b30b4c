from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.forms import EstateChoiceField
from facilities.queries import estate_choices


class EstatePickForm(forms.Form):
    """Pick an estate by its slug (a plain GET form: works without JavaScript)."""

    estate = EstateChoiceField(
        label=_("我住的小区"),
        queryset=estate_choices(),
        to_field_name="slug",
        empty_label=_("选择小区"),
        error_messages={
            "invalid_choice": _("没有找到这个小区，请从列表中选择。"),
            "required": _("请选择一个小区。"),
        },
    )
