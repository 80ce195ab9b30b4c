"""Tracking codes residents use to follow a request: random, unguessable, easy to read aloud on the phone."""

import re
import secrets
import unicodedata

# No 0/O, 1/I/L: letters and digits an elderly resident can read back without confusion.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 7.9e17 possibilities: guessing one is hopeless, even before the rate limit


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a resident typed (any case, spaces, hyphens) in the stored form; "" when it cannot be a code."""
    # NFKC: a code typed with a Chinese input method comes full-width (ＡＢＣＤ－２３４５).
    text = re.sub(r"[\s\-–—]", "", unicodedata.normalize("NFKC", raw or "")).upper()
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def display_code(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four, easier to copy and read aloud."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
