"""Security headers on every response, and the public page cache."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from facilities.actions import facilities_mark_verified
from facilities.content_version import content_version
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from wanli import middleware

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/facilities/", "/privacy/", "/healthz", "/robots.txt", "/no-such-page/"]
)
def test_security_headers_on_public_and_machine_responses(client, path):
    _assert_security_headers(client.get(path))


def test_security_headers_on_a_facility_page_and_admin(client, staff_client):
    facility = FacilityFactory()
    _assert_security_headers(Client().get(facility.get_absolute_url()))
    _assert_security_headers(Client().get(reverse("admin:login")))
    _assert_security_headers(staff_client.get(reverse("admin:facilities_facility_changelist")))


def test_csp_allows_the_map_tile_host_as_image_source(client, settings):
    from wanli.settings.base import tile_host_source

    assert tile_host_source(settings.MAP_TILE_URL) in client.get("/")["Content-Security-Policy"].split("img-src", 1)[1]


def test_tile_host_source_follows_the_setting():
    from wanli.settings.base import tile_host_source

    assert tile_host_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert tile_host_source("https://tiles.example.cn/{z}/{x}/{y}.png") == "https://tiles.example.cn"


@pytest.mark.parametrize("path", ["/", "/en/", "/facilities/", "/facilities/?q=%E9%A3%9F%E5%A0%82", "/privacy/"])
def test_anonymous_pages_set_no_cookie_and_carry_no_csrf_token(client, path):
    FacilityFactory()
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert b"csrfmiddlewaretoken" not in response.content


def test_second_anonymous_request_is_served_from_cache(client):
    FacilityFactory(name="缓存测试设施")
    first = client.get("/facilities/")
    second = client.get("/facilities/")
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert not second.cookies


def test_cache_is_kept_per_language_and_per_elderly_mode(client):
    FacilityFactory()
    assert client.get("/facilities/")["X-Cache"] == "miss"
    assert client.get("/en/facilities/")["X-Cache"] == "miss"
    client.cookies["elderly_mode"] = "1"
    assert client.get("/facilities/")["X-Cache"] == "miss"
    assert client.get("/facilities/")["X-Cache"] == "hit"
    del client.cookies["elderly_mode"]
    assert client.get("/facilities/")["X-Cache"] == "hit"


def test_edit_in_admin_shows_on_the_next_anonymous_request(staff_client):
    facility = FacilityFactory(name="旧名称食堂")
    visitor = Client()
    assert "旧名称食堂" in visitor.get(facility.get_absolute_url()).content.decode()
    assert visitor.get(facility.get_absolute_url())["X-Cache"] == "hit"

    url = reverse("admin:facilities_facilitykind_change", args=[facility.kind.pk])
    response = staff_client.post(
        url, {"name": "新类型名称", "name_en": "New kind", "slug": facility.kind.slug, "order": 5}
    )
    assert response.status_code == 302
    page = visitor.get(facility.get_absolute_url())
    assert page["X-Cache"] == "miss"
    assert "新类型名称" in page.content.decode()


def test_facility_edit_through_admin_change_form_is_visible_next_request(staff_client):
    facility = FacilityFactory(name="旧名称食堂", slug="jiu-shitang")
    visitor = Client()
    visitor.get("/facilities/")
    assert visitor.get("/facilities/")["X-Cache"] == "hit"
    url = reverse("admin:facilities_facility_change", args=[facility.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="新名称食堂", kind=facility.kind.pk, audiences=[])
    for prefix in ["opening_periods", "hours_exceptions", "photos", "children"]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert "新名称食堂" in visitor.get("/facilities/").content.decode()


def test_update_through_an_action_bumps_the_version_and_refreshes_pages(client):
    facility = FacilityFactory()
    client.get(facility.get_absolute_url())
    before = content_version()
    facilities_mark_verified(facility_ids=[facility.pk], on=date(2024, 3, 1))
    assert content_version() > before
    page = client.get(facility.get_absolute_url())
    assert page["X-Cache"] == "miss"
    assert "2024-03-01" in page.content.decode()


def test_signed_in_staff_and_post_bypass_the_cache(staff_client):
    FacilityFactory()
    client = Client()
    client.get("/facilities/")
    assert client.get("/facilities/")["X-Cache"] == "hit"
    assert "X-Cache" not in staff_client.get("/facilities/")
    assert "X-Cache" not in client.post("/facilities/")


def test_admin_and_healthz_are_never_cached(client):
    client.get("/healthz")
    assert "X-Cache" not in client.get("/healthz")
    assert "X-Cache" not in client.get(reverse("admin:login"))


def test_page_with_a_csrf_token_is_not_stored(rf):
    from django.middleware.csrf import get_token

    def view_with_form(request):
        from django.http import HttpResponse

        return HttpResponse(
            f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
        )

    cache_middleware = middleware.PublicPageCacheMiddleware(view_with_form)
    request = rf.get("/form/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "zh-hans"
    response = cache_middleware(request)
    assert "X-Cache" not in response
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def test_a_cached_page_gets_a_fresh_csp_nonce(rf):
    from csp.middleware import CSPMiddleware
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    def view_with_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    stack = CSPMiddleware(middleware.PublicPageCacheMiddleware(view_with_script))

    def get():
        request = rf.get("/scripted/")
        request.user = AnonymousUser()
        request.LANGUAGE_CODE = "zh-hans"
        return stack(request)

    first, second = get(), get()
    assert second["X-Cache"] == "hit"
    first_nonce = first.content.decode().split('"')[1]
    second_nonce = second.content.decode().split('"')[1]
    assert first_nonce != second_nonce
    assert f"'nonce-{second_nonce}'" in second["Content-Security-Policy"]


def test_open_now_is_never_served_past_the_next_opening(client, settings, monkeypatch):
    """A page cached at 08:59 must not be served at 09:00, when the facility opens."""
    from django.utils import timezone

    facility = FacilityFactory(name="九点开门")
    monday = datetime(2024, 6, 3, 8, 59, tzinfo=SHANGHAI)  # a Monday
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    clock = {"now": monday}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    captured = {}
    real_set = middleware.cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("wanli:page:"):
            captured[key] = timeout
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(middleware.cache, "set", recording_set)
    response = client.get(facility.get_absolute_url())
    assert "现在关闭" in response.content.decode()
    assert list(captured.values()) == [60]  # seconds until 09:00


def test_redis_outage_degrades_to_no_cache(client, settings):
    FacilityFactory()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    for path in ["/", "/facilities/", "/en/facilities/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert client.get("/healthz").status_code == 503


def test_cached_response_still_answers_conditional_requests(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    def view_with_etag(request):
        response = HttpResponse(b'{"items": []}', content_type="application/json")
        response["ETag"] = '"v1"'
        return response

    cache_middleware = middleware.PublicPageCacheMiddleware(view_with_etag)

    def get(**headers):
        request = rf.get("/api/things", **headers)
        request.user = AnonymousUser()
        request.LANGUAGE_CODE = "zh-hans"
        return cache_middleware(request)

    assert get()["X-Cache"] == "miss"
    assert get(HTTP_IF_NONE_MATCH='"v1"').status_code == 304
    fresh = get(HTTP_IF_NONE_MATCH='"v0"')
    assert fresh.status_code == 200 and fresh["X-Cache"] == "hit"
    assert "Cookie" in fresh["Vary"]


def test_json_and_html_answers_to_the_same_url_are_cached_apart(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    def negotiating_view(request):
        if "text/html" in request.META.get("HTTP_ACCEPT", ""):
            return HttpResponse(b"<html>browsable</html>")
        return HttpResponse(b"{}", content_type="application/json")

    cache_middleware = middleware.PublicPageCacheMiddleware(negotiating_view)

    def get(accept):
        request = rf.get("/api/things", HTTP_ACCEPT=accept)
        request.user = AnonymousUser()
        request.LANGUAGE_CODE = "zh-hans"
        return cache_middleware(request)

    assert get("text/html,application/xhtml+xml,*/*;q=0.8").content == b"<html>browsable</html>"
    json_response = get("application/json")
    assert json_response.content == b"{}" and json_response["X-Cache"] == "miss"
    assert get("application/json")["X-Cache"] == "hit"
    assert get("text/html,*/*").content == b"<html>browsable</html>"


def test_api_documentation_pages_relax_the_policy_only_for_themselves(client):
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "style-src 'self' 'unsafe-inline'" in docs["Content-Security-Policy"]
    assert "<script>" not in docs.content.decode()  # the initialiser is a separate script file
    redoc = client.get("/api/redoc/")
    assert redoc.status_code == 200
    assert "'unsafe-inline'" in redoc["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
    home = client.get("/")
    assert "'unsafe-inline'" not in home["Content-Security-Policy"]


def test_api_answers_from_the_cache_still_count_against_the_rate_limit(client, settings):
    settings.OPENDATA_THROTTLE_RATE = "3/min"
    url = reverse("opendata:hsds-root")
    responses = [client.get(url) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert responses[-1]["X-Cache"] == "hit"
    refused = client.get(url)
    assert refused.status_code == 429
    assert "detail" in refused.json()
    assert int(refused["Retry-After"]) > 0


def test_a_cached_page_costs_one_cache_round_trip(client, monkeypatch):
    """The content version and the page come back together: a hit makes one read and no write."""
    FacilityFactory()
    client.get("/facilities/")
    calls, depth = [], [0]

    def counting(name, real):
        def call(*args, **kwargs):
            if depth[0] == 0:  # the local-memory cache's get_many calls get itself; Redis sends one MGET
                calls.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(middleware.cache, name, counting(name, getattr(middleware.cache, name)))

    response = client.get("/facilities/")

    assert response["X-Cache"] == "hit"
    assert calls == ["get_many"]


def test_an_entry_of_an_older_content_version_is_never_served(client):
    facility = FacilityFactory(name="旧名字")
    assert "旧名字" in client.get("/facilities/").content.decode()
    facility.name = "新名字"
    facility.save()  # bumps the content version; the old entry stays in the cache under the same key

    response = client.get("/facilities/")

    assert response["X-Cache"] == "miss"
    assert "新名字" in response.content.decode()
    assert client.get("/facilities/")["X-Cache"] == "hit"


def test_a_page_with_a_form_is_never_shared_through_the_real_middleware_stack(client):
    """The request form, fetched twice by two new visitors: rendered each time, each with its own token."""
    from tests.casework.factories import repair_service

    url = reverse("casework:request_new", kwargs={"slug": repair_service().slug})
    first, second = Client().get(url), Client().get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first and "X-Cache" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_a_language_cookie_does_not_change_the_cached_chinese_page(client):
    FacilityFactory(name="语言测试设施", name_en="Language test place")
    assert client.get("/facilities/")["X-Cache"] == "miss"
    english_cookie = Client()
    english_cookie.cookies["django_language"] = "en"
    response = english_cookie.get("/facilities/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["X-Cache"] == "hit"
    assert "语言测试设施" in response.content.decode()  # Chinese at the root, as LocaleMiddleware decides
    assert "Language test place" in Client().get("/en/facilities/").content.decode()
