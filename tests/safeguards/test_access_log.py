"""gunicorn's access log names the client as the limits see it, not the proxy in front."""

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from safeguards.access_log import ClientAddressLogger


def logged_address(environ: dict) -> str:
    logger = ClientAddressLogger(Config())
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/", "SERVER_PROTOCOL": "HTTP/1.1", **environ}
    return logger.atoms(response, [], environ, datetime.timedelta(milliseconds=5))["h"]


def test_behind_nginx_the_log_shows_the_visitor(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert (
        logged_address({"REMOTE_ADDR": "172.17.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}) == "203.0.113.9"
    )


def test_without_a_trusted_proxy_the_log_shows_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert logged_address({"REMOTE_ADDR": "172.17.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}) == "172.17.0.1"


def test_gunicorn_uses_this_logger():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    from safeguards.access_log import ClientAddressLogger

    # gunicorn.conf.py's own logger also masks password-reset tokens; it must still log the client's address.
    assert issubclass(config["logger_class"], ClientAddressLogger)
