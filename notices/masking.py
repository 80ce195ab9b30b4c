"""Phones and e-mail addresses as they may appear in logs and admin lists (phones: intake's one rule)."""

from intake.validation import mask_phone

__all__ = ["mask_email", "mask_phone", "mask_recipient"]


def mask_email(address: str) -> str:
    """z***@example.org: the first letter and the domain stay, enough for staff to tell addresses apart."""
    address = (address or "").strip()
    if "@" not in address:
        return "***" if address else ""
    local, domain = address.rsplit("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_recipient(channel: str, recipient: str) -> str:
    return mask_email(recipient) if channel == "email" else mask_phone(recipient)
