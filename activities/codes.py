"""Tracking codes and phone masking for sign-ups.

Stand-in until the shared `intake` app lands in main; then these names are imported from intake.codes and
intake.validation and this module only re-exports them."""

import re
import secrets
import unicodedata

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    text = re.sub(r"[\s\-–—]", "", unicodedata.normalize("NFKC", raw or "")).upper()
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if MOBILE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    return f"{'*' * max(len(phone) - 4, 0)}{phone[-4:]}"


# --- Stand-ins for intake.validation and intake.ratelimit (same behaviour), until intake lands ---------------
import hashlib  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from intake.digits import to_ascii_digits  # noqa: E402
from safeguards import counters  # noqa: E402
from safeguards.client_address import client_ip  # noqa: E402,F401

BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE_SPACES = set("\u200b\u2060\ufeff\u00ad")


def normalize_phone(raw: str) -> str:
    text = re.sub(r"[\s.()（）-]", "", to_ascii_digits(raw).strip())
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    return text


def validate_mobile(value: str) -> None:
    if not MOBILE.match(value):
        raise ValidationError(_("请填写 11 位中国大陆手机号码，例如 13812345678。"), code="invalid_mobile")


def clean_text(value: str) -> str:
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch not in INVISIBLE_SPACES)
    if any(ch in BIDI_CONTROLS for ch in text):
        raise ValidationError(_("内容含有会改变文字显示方向的隐藏字符，请删除后重新输入。"), code="bidi")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise ValidationError(_("内容含有无法显示的控制字符，请删除后重新输入。"), code="control")
    return text.strip()


DEFAULT_LIMITS = {"signup_ip": (10, 3600), "signup_phone": (5, 86400), "track_ip": (30, 3600)}


def limit_for(name: str) -> tuple[int, int]:
    configured = getattr(settings, "CASEWORK_RATE_LIMITS", {}) or {}
    return tuple(configured.get(name, DEFAULT_LIMITS[name]))


def _key(name: str, identity: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    return f"activities:rl:{name}:{digest}"


def take(name: str, identity: str) -> bool:
    allowed, window = limit_for(name)
    return counters.increment(_key(name, identity), window=window) <= allowed


def give_back(name: str, identity: str) -> None:
    counters.decrement(_key(name, identity))


def is_limited(name: str, identity: str) -> bool:
    allowed, _window = limit_for(name)
    return counters.current(_key(name, identity)) >= allowed


def record_hit(name: str, identity: str) -> int:
    _allowed, window = limit_for(name)
    return counters.increment(_key(name, identity), window=window)


def hit(name: str, identity: str) -> bool:
    return not take(name, identity)
