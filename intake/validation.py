"""Checks on what residents type: phone numbers and free text that may hide tricks."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .digits import to_ascii_digits

# re.ASCII: `\d` alone also matches ١٢٣ (Arabic-Indic) and other scripts' digits.
MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
# Area code 0xx or 0xxx, then 7 or 8 digits (Shanghai: 021-xxxxxxxx).
LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$", re.ASCII)

# Characters that change how text is displayed without being visible: bidirectional overrides and
# isolates (which can make "txt.exe" show as "exe.txt") and invisible spaces. Zero-width joiners
# are allowed because emoji sequences need them.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE_SPACES = set("\u200b\u2060\ufeff\u00ad")


def normalize_phone(raw: str) -> str:
    """Removes spaces, dots and the +86 prefix; keeps a single hyphen after a landline's area code.

    Full-width digits become ASCII; digits of other scripts raise ValidationError (intake.digits)."""
    text = to_ascii_digits(raw).strip()
    text = re.sub(r"[\s.()（）]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    text = text.lstrip("-")
    if text.startswith("0"):
        digits = text.replace("-", "")
        # A landline typed without its hyphen: Beijing/Shanghai/Tianjin/Chongqing and big cities use 3-digit codes.
        if "-" not in text and len(digits) in (10, 11, 12):
            area = 3 if digits[:2] in ("01", "02") else 4
            return f"{digits[:area]}-{digits[area:]}"
        return text
    return text.replace("-", "")


def validate_mobile(value: str) -> None:
    if not MOBILE.match(value):
        raise ValidationError(
            _("请填写 11 位中国大陆手机号码，例如 13812345678。"),
            code="invalid_mobile",
        )


def validate_mobile_or_landline(value: str) -> None:
    if not (MOBILE.match(value) or LANDLINE.match(value)):
        raise ValidationError(
            _("请填写 11 位手机号码（例如 13812345678）或带区号的固定电话（例如 021-12345678）。"),
            code="invalid_phone",
        )


def mask_phone(phone: str) -> str:
    """138****1234 for mobiles, 021-****5678 for landlines; the last four digits stay for telephone contact."""
    if not phone:
        return ""
    if MOBILE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    return f"{'*' * max(len(phone) - 4, 0)}{phone[-4:]}"


def mask_name(name: str) -> str:
    """张** : the family name only."""
    if not name:
        return ""
    return name[0] + "*" * min(len(name) - 1, 3) if len(name) > 1 else "*"


def clean_text(value: str) -> str:
    """Normalises free text (NFC, Windows line ends, invisible spaces removed) and rejects display tricks.

    HTML and SQL-looking text are kept as typed: the ORM parameterises queries and templates escape output,
    so a resident who writes "<b>" or "'; drop table" gets exactly that back, harmlessly.
    """
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch not in INVISIBLE_SPACES)
    if any(ch in BIDI_CONTROLS for ch in text):
        raise ValidationError(_("内容含有会改变文字显示方向的隐藏字符，请删除后重新输入。"), code="bidi")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise ValidationError(_("内容含有无法显示的控制字符，请删除后重新输入。"), code="control")
    return text.strip()
