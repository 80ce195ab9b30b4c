"""Error answers (handler400, handler500): JSON under the open-data API, whose clients parse
JSON, the site's pages elsewhere; the database being unreachable is a 503 "try again later", not a 500.

Django calls handler500 for an exception raised anywhere (a view, a template, a middleware) from inside
the `except` that caught it, so the handler can tell an outage from a bug by the exception's class.
DRF passes what it does not handle itself on to Django, so API views end here too.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"
# A lost or refused connection (OperationalError) or one already closed (InterfaceError): the request may
# well succeed in a moment, so clients are told when to retry.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _api_error(detail: str, *, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception=None):
    if is_api_request(request):
        return _api_error(_("请求有误。"), status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    if is_api_request(request):
        return _api_error(_("服务器出错了，请稍后再试。"), status=500)
    return defaults.server_error(request)


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After. The page is rendered without a request context: context processors, the
    session or the signed-in user could need the very database that is down."""
    # The language from the path alone, as for the page cache: the exception may come before LocaleMiddleware.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if is_api_request(request):
            response = _api_error(_("数据库暂时无法访问，请稍后再试。"), status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
