"""gunicorn's access log with the client's address, decided as the rate limits decide it.

Behind nginx, REMOTE_ADDR is nginx; `%(h)s` becomes the address safeguards.client_address finds in
X-Forwarded-For for TRUSTED_PROXY_COUNT proxies. Used by gunicorn.conf.py (`logger_class`).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from gunicorn.glogging import Logger

from .client_address import address_from


def _trusted_proxies() -> int:
    try:
        return settings.TRUSTED_PROXY_COUNT
    except (ImproperlyConfigured, AttributeError):  # Django not loaded (yet) in this process
        return 0


class ClientAddressLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = address_from(environ, trusted_proxies=_trusted_proxies())
        return atoms
