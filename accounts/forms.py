"""The sign-in forms: Django's own password forms, plus the 6-digit code of the authenticator app."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_DIGITS = 6


class CodeForm(forms.Form):
    """The code the authenticator app shows now. Spaces and full-width digits (a Chinese input method) are fine."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        help_text=_("打开手机上的身份验证器应用，输入“Wanli portal”当前显示的 6 位数字。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", self.cleaned_data["code"]))
        if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code):
            raise forms.ValidationError(_("验证码是 6 位数字，请重新输入。"), code="format")
        return code
