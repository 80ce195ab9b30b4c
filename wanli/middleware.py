"""Site-wide middleware: the Permissions-Policy header, private caching for signed-in users, read-replica
routing, and the public page cache."""

import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import parse_http_date_safe, urlencode
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_path

from facilities.content_version import ALL_KINDS, CALENDAR, FACILITIES, SITE, topic_versions, version_key, versions_from
from facilities.queries import next_hours_transition

from . import db_routers
from .elderly import display_mode

BENCHMARK_BYPASS_HEADER = "HTTP_X_BENCH_NO_CACHE"
MAX_CACHED_QUERY_LENGTH = 512
# Headers the outer middleware sets afresh on every response, cached or not.
_NOT_CACHED_HEADERS = {"set-cookie", "content-security-policy", "content-security-policy-report-only", "x-cache"}
_UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}


class ServerTimingMiddleware:
    """Only when benchmarking (settings.BENCHMARK): `Server-Timing: app;dur=<ms>`, the time the whole
    middleware stack and view took, so `make bench-http` can report server time apart from the client's.
    Outside benchmarks Django drops it at start-up (MiddlewareNotUsed), so it costs nothing."""

    def __init__(self, get_response):
        if not settings.BENCHMARK:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.2f}"
        return response


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY, e.g. `geolocation=(self), camera=()`, on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SignedInNeverCachedMiddleware:
    """Every response to a signed-in user is private and never stored (Cache-Control: private, no-store, …).

    Pages for staff and managers hold internal figures (coverage, the dashboard) or personal data; a shared
    proxy must not keep them, and neither should the browser of a shared office computer. Goes after the
    authentication middleware, which sets `request.user`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ReplicaRoutingMiddleware:
    """Lets the database router send this request's reads to the replica when that is safe (db_routers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not db_routers.replica_configured():
            return self.get_response(request)
        token = db_routers.allow_replica_reads(db_routers.request_may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            db_routers.restore_replica_reads(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                db_routers.STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response


def _excluded_prefixes() -> tuple[str, ...]:
    return (f"/{settings.ADMIN_URL}", "/healthz", "/bench/", settings.STATIC_URL, settings.MEDIA_URL)


def _language(request) -> str:
    # The same rule as LocaleMiddleware with i18n_patterns(prefix_default_language=False), which runs after
    # the page cache: the language comes from the path's prefix alone, else the default.
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def hours_transition_timeout(version) -> int:
    """Seconds until the next time any published facility opens or closes (cached per `version`, the
    versions of the facilities and the calendar)."""
    now = timezone.now()
    key = f"wanli:hours-transition:{version}"
    timestamp = cache.get(key)
    if timestamp is None or timestamp <= now.timestamp():
        timestamp = next_hours_transition(after=now).timestamp()
        cache.set(key, timestamp, timeout=max(1, int(timestamp - now.timestamp())))
    return int(timestamp - now.timestamp())


@dataclass(frozen=True)
class PageDeclaration:
    """What a view declares to the page cache: the query parameters it reads and the content it shows."""

    parameters: frozenset[str]
    topics: tuple[str, ...]


def page_cache_parameters(request) -> frozenset[str]:
    """The query parameters the page at this path reads, declared by its view as `page_cache_parameters`
    (on the view function, or on its class for class-based and DRF views); none when it declares nothing
    or no page answers the path (a 404, which is never stored)."""
    return page_declaration(request).parameters


def page_declaration(request) -> PageDeclaration:
    """The page's parameters and the content versions it depends on: `page_cache_depends_on` on the view
    (function or class), topics from facilities.content_version, where `{name}` is filled from the path's
    arguments (`"facility:{slug}"`); every kind when the view declares nothing. The site's vocabulary
    (`site`: kinds, categories, the contact line) is on every page."""
    return _declared(settings.ROOT_URLCONF, _language(request), request.path_info)


def _view_attribute(view, name: str):
    for holder in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        value = getattr(holder, name, None)
        if value is not None:
            return value
    return None


# Resolving a path costs 30-60 µs, a noticeable share of answering from the cache (~250 µs); paths repeat.
@lru_cache(maxsize=8192)
def _declared(urlconf: str, language: str, path: str) -> PageDeclaration:
    # LocaleMiddleware has not run yet: resolve the English prefix in English.
    with translation.override(language):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return PageDeclaration(frozenset(), ALL_KINDS)
    parameters = _view_attribute(match.func, "page_cache_parameters") or ()
    depends_on = _view_attribute(match.func, "page_cache_depends_on")
    if depends_on is None:
        return PageDeclaration(frozenset(parameters), ALL_KINDS)
    topics = (SITE, *(topic.format(**match.kwargs) for topic in depends_on))
    return PageDeclaration(frozenset(parameters), tuple(dict.fromkeys(topics)))


def canonical_query(query: QueryDict, known: frozenset[str]) -> str:
    """Only the known parameters, sorted by name and value."""
    return urlencode(sorted((name, value) for name in known.intersection(query) for value in query.getlist(name)))


def _has_real_session(request) -> bool:
    """Whether the session cookie names a session that exists and holds something (a signed-in user)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    if store.session_key is None:  # not even shaped like a session key
        return False
    try:
        return bool(store.load())
    except DatabaseError:
        return True  # cannot tell: never risk sharing a signed-in page


def _public_cache_headers(response, *, expires: float) -> None:
    """Lets a browser, nginx or a CDN keep an anonymous page a short while (PAGE_CACHE_BROWSER_SECONDS,
    PAGE_CACHE_SHARED_SECONDS), never past the moment this cache would drop it (the next opening or closing
    time). `Vary: Cookie` is set beside it: 长者模式 and its options are cookies."""
    left = max(0, int(expires - time.time()))
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PAGE_CACHE_BROWSER_SECONDS, left),
        s_maxage=min(settings.PAGE_CACHE_SHARED_SECONDS, left),
    )


class PublicPageCacheMiddleware:
    """Caches whole GET responses for anonymous visitors: public pages and API responses alike.

    Each entry records the versions of the content it shows (the view's `page_cache_depends_on`, see
    page_declaration) as they were when it was rendered, and is served only while they are still current: a
    change shows on the next request of the pages showing it, and leaves every other page cached. Keyed by the
    language, elderly mode and its options, HTML-or-not (Accept), host, path and the query parameters the page declares
    (`page_cache_parameters`, in a canonical order: others are dropped before the page sees them). Kept at
    most PAGE_CACHE_SECONDS and never past the next time a published facility opens or closes, so "open
    now" is never stale. Only plain 200 responses that set no cookie and used no CSRF token (no POST form)
    are stored; signed-in staff (a real session: a made-up session cookie is ignored), POST and anything
    marked private/no-cache bypass it. A cached page gets a fresh CSP nonce. What is stored also gets
    `Cache-Control: public` with a short max-age and s-maxage, so nginx or a CDN in front may keep it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        if not self._keep_known_parameters(request):
            return self.get_response(request)
        topics = page_declaration(request).topics
        key = self._key(request)
        # One round trip for the versions of what the page shows and the page itself: the entry records the
        # versions it was rendered at, and only an entry of the current versions is served.
        found = cache.get_many([*(version_key(topic) for topic in topics), key])
        versions = versions_from(found, topics)
        if versions is None:  # cache unavailable: serve uncached, never fail
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry.get("version") == versions:
            refusal = self._guard(request)
            return refusal if refusal is not None else self._from_entry(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self._may_store(request, response):
            timeout = self._timeout(response, topics)
            if timeout > 0:
                patch_vary_headers(response, ["Cookie"])  # the elderly_mode cookie changes the page
                http_cache = "Cache-Control" not in response  # a view's own header (the API's, a QR code's) stays
                expires = time.time() + timeout
                if http_cache:
                    _public_cache_headers(response, expires=expires)
                entry = self._entry(request, response, version=versions)
                entry.update(expires=expires, http_cache=http_cache)
                cache.set(key, entry, timeout=timeout)
                response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _timeout(response, topics: tuple[str, ...]) -> int:
        """PAGE_CACHE_SECONDS, or less for a page showing open/closed: until the moment the view set as
        `response.page_cache_until` (one facility's next opening or closing), else until the next time any
        facility opens or closes. A page that does not depend on the calendar shows no status."""
        until = getattr(response, "page_cache_until", None)
        if until is not None:
            return min(settings.PAGE_CACHE_SECONDS, int((until - timezone.now()).total_seconds()))
        if CALENDAR not in topics:
            return settings.PAGE_CACHE_SECONDS
        versions = ":".join(map(str, topic_versions((FACILITIES, CALENDAR)) or ()))
        return min(settings.PAGE_CACHE_SECONDS, hours_transition_timeout(versions))

    def _guard(self, request):
        """Checks a view would have made before answering (PAGE_CACHE_HIT_GUARDS: path prefix -> callable
        returning a refusal response or None), e.g. the open-data API's per-client rate limit."""
        for prefix, dotted_path in settings.PAGE_CACHE_HIT_GUARDS.items():
            if request.path_info.startswith(prefix):
                # LocaleMiddleware has not run yet: answer in the path's language, not the last request's.
                with translation.override(_language(request)):
                    refusal = import_string(dotted_path)(request)
                if refusal is not None:
                    return refusal
        return None

    def _may_use_cache(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(_excluded_prefixes()):
            return False
        if "messages" in request.COOKIES:
            return False  # a visitor with a message waiting
        if settings.BENCHMARK and request.META.get(BENCHMARK_BYPASS_HEADER):
            return False
        return not _has_real_session(request)  # signed-in staff; a made-up session cookie does not count

    def _keep_known_parameters(self, request) -> bool:
        """Reduces the query to the parameters the page knows, in a canonical order, so extra or reordered
        parameters share one cache entry (and the page is rendered as for that canonical address). False
        when even the canonical query is too long to cache."""
        query = canonical_query(request.GET, page_cache_parameters(request))
        if query != request.META.get("QUERY_STRING", ""):
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)
        return len(query) <= MAX_CACHED_QUERY_LENGTH

    def _key(self, request) -> str:
        elderly = display_mode(request)  # 长者模式 and its options (超大字, 大鼠标) each change the page
        language = _language(request)
        # The API answers the same URL with JSON or the browsable HTML page depending on Accept (Vary: Accept).
        accept = request.META.get("HTTP_ACCEPT", "")
        wants = "html" if "text/html" in accept else hashlib.sha256(accept.encode()).hexdigest()[:16]
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"wanli:page:{language}:{elderly}:{wants}:{digest}"

    def _may_store(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds a CSRF token (a POST form): never share it
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        directives = {d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
        return not (directives & _UNCACHEABLE_DIRECTIVES)

    def _entry(self, request, response, *, version: tuple[int, ...]) -> dict:
        nonce = getattr(request, "_csp_nonce", None)
        return {
            "version": version,
            "content": response.content,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in _NOT_CACHED_HEADERS],
            "nonce": nonce if isinstance(nonce, str) else None,
        }

    def _from_entry(self, request, entry: dict) -> HttpResponse:
        content = entry["content"]
        if entry["nonce"] and hasattr(request, "csp_nonce"):
            # A nonce must never be reused: replace the stored one with this response's own.
            content = content.replace(entry["nonce"].encode(), str(request.csp_nonce).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["X-Cache"] = "hit"
        if entry.get("http_cache"):
            _public_cache_headers(response, expires=entry["expires"])
        # Conditional requests (ETag / Last-Modified set by the view, e.g. the API) still get their 304.
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
