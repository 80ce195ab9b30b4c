"""Password-reset links are masked in every log line: Django's (a logging filter) and gunicorn's access log."""

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from wanli.log_masking import MaskResetTokensFilter, mask_reset_tokens

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /accounts/reset/MQ/cz4k1g-0a1b2c3d4e5f/ HTTP/1.1", "GET /accounts/reset/***/***/ HTTP/1.1"),
        ("Not Found: /en/accounts/reset/NDI/abc-123/", "Not Found: /en/accounts/reset/***/***/"),
        ("POST /accounts/reset/MQ/set-password/ HTTP/1.1", "POST /accounts/reset/***/set-password/ HTTP/1.1"),
        (
            "https://wanli.example.gov.cn/accounts/reset/MQ/tok?x=1",
            "https://wanli.example.gov.cn/accounts/reset/***/***?x=1",
        ),
        ("GET /accounts/password-reset/done/ HTTP/1.1", "GET /accounts/password-reset/done/ HTTP/1.1"),
        ("GET /facilities/ HTTP/1.1", "GET /facilities/ HTTP/1.1"),
    ],
)
def test_reset_links_are_masked_and_nothing_else_changes(line, expected):
    assert mask_reset_tokens(line) == expected


def test_the_filter_masks_the_formatted_message():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/accounts/reset/MQ/tok-1/",), None
    )
    assert MaskResetTokensFilter().filter(record) is True
    assert record.getMessage() == "Not Found: /accounts/reset/***/***/"


def test_gunicorn_access_log_masks_reset_links():
    from gunicorn.config import Config

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    logger = config["logger_class"](Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/accounts/reset/MQ/cz4k1g-0a1b2c/",
        "PATH_INFO": "/accounts/reset/MQ/cz4k1g-0a1b2c/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": "https://wanli.example.gov.cn/accounts/reset/MQ/cz4k1g-0a1b2c/",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = config["access_log_format"] % atoms
    assert "cz4k1g" not in line and "/accounts/reset/***/***/" in line
    assert all("cz4k1g" not in str(value) for value in atoms.values())
