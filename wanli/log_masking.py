"""Password-reset links never reach a log. A reset link (/accounts/reset/<uid>/<token>/) signs its holder in
as that member of staff until it is used or expires; an access log or a "Not Found: …" warning holding it
would hand it to whoever reads the logs. Plain Python (no Django), so gunicorn.conf.py can import it too."""

import logging
import re

RESET_TOKEN_URL = re.compile(r"(/accounts/reset/)([^/\s?#\"']+)/([^/\s?#\"']+)")
# Django's confirm view swaps the token for this word (and keeps the token in the session) before rendering.
SAFE_TOKEN = "set-password"
MASK = "***"


def mask_reset_tokens(text: str) -> str:
    """`text` with the user id and token of every reset link replaced by ***."""
    if not text or "/accounts/reset/" not in text:
        return text

    def masked(match: re.Match) -> str:
        token = match.group(3)
        return f"{match.group(1)}{MASK}/{token if token == SAFE_TOKEN else MASK}"

    return RESET_TOKEN_URL.sub(masked, text)


class MaskResetTokensFilter(logging.Filter):
    """A handler filter: the record's message is formatted once and masked (Django logs the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_reset_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
