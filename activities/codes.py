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
