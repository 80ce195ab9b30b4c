"""Opt-out by phone hash, and the short signed opt-out link an SMS carries."""

import hashlib
import hmac

from django.conf import settings


def _key() -> bytes:
    # A key of its own (falling back to SECRET_KEY): rotating SECRET_KEY must not forget who opted out.
    return (getattr(settings, "SMS_OPT_OUT_KEY", "") or settings.SECRET_KEY).encode()


def normalize(phone: str) -> str:
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def phone_hash(phone: str) -> str:
    """A keyed hash: eleven digits are too few for a plain hash to hide the number."""
    return hmac.new(_key(), normalize(phone).encode(), hashlib.sha256).hexdigest()


def _mac(notice_id: int) -> str:
    return hmac.new(_key(), f"stop:{notice_id}".encode(), hashlib.sha256).hexdigest()[:10]


def stop_token(notice_id: int) -> str:
    """ "<notice id>-<10 hex>": short enough for an SMS, names no number, and cannot be guessed for another notice."""
    return f"{notice_id}-{_mac(notice_id)}"


def notice_id_from_stop_token(token: str) -> int | None:
    notice_id, _, mac = (token or "").partition("-")
    if not notice_id.isdigit() or len(notice_id) > 18:
        return None
    return int(notice_id) if hmac.compare_digest(_mac(int(notice_id)), mac) else None
