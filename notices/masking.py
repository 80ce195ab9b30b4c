"""Phones and e-mail addresses as they may appear in logs and admin lists.

TODO(intake): use `intake.validation.mask_phone` once the intake app is in main (it lies below notices); the
rule here is the same (first three and last four digits of a mobile stay)."""

import re

MOBILE = re.compile(r"^1\d{10}$")


def mask_phone(phone: str) -> str:
    """138****1234; other numbers keep their last four digits only."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if MOBILE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    return f"{'*' * max(len(phone) - 4, 0)}{phone[-4:]}"


def mask_email(address: str) -> str:
    """z***@example.org: the first letter and the domain stay, enough for staff to tell addresses apart."""
    address = (address or "").strip()
    if "@" not in address:
        return "***" if address else ""
    local, domain = address.rsplit("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_recipient(channel: str, recipient: str) -> str:
    return mask_email(recipient) if channel == "email" else mask_phone(recipient)
