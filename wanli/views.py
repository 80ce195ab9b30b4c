"""Site-wide pages: home, privacy, contact, the shortlist, the elderly-mode switch, robots.txt, the health check and the benchmark floor."""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from facilities.content_version import CALENDAR, FACILITIES, SERVICES
from facilities.hours import local_now
from facilities.models import Audience
from facilities.qr import page_qr_svg
from facilities.queries import kinds_in_use
from services.queries import category_tree
from services.templatetags.services_tags import CANTEEN_KIND

from .elderly import ELDERLY_MODE_COOKIE, ELDERLY_MODE_MAX_AGE, ELDERLY_MODE_ON, ELDERLY_OPTIONS
from .queries import parse_slugs, site_contact
from .queries import shortlist as shortlist_items


@require_GET
def home(request):
    kinds = list(kinds_in_use())
    # 长者模式's first task, "a canteen open now": filtered to canteens only while that kind is in use (a
    # filter on an unused kind would be refused as a bad choice).
    canteen_kind_slug = CANTEEN_KIND if any(kind.slug == CANTEEN_KIND for kind in kinds) else ""
    return render(
        request,
        "wanli/home.html",
        {
            "kinds": kinds,
            "audiences": Audience.objects.all(),
            "service_categories": category_tree(),
            "canteen_kind_slug": canteen_kind_slug,
        },
    )


# What it shows (facilities.content_version): the page cache renders it afresh only when one of these changes.
home.page_cache_depends_on = (FACILITIES, SERVICES)


@require_GET
def privacy(request):
    return render(request, "wanli/privacy.html")


privacy.page_cache_depends_on = ()  # the site's vocabulary only, like every page


@require_GET
def contact(request):
    """联系我们: the street office's hotline, address and hours as staff entered them (待公布 until then)."""
    return render(request, "wanli/contact.html", {"contact": site_contact()})


contact.page_cache_depends_on = ()  # the site contact is part of the site's vocabulary (`site`)


@require_GET
def shortlist(request):
    """A shortlist to print or share: `?f=<facility slugs>&s=<service slugs>`, rendered from the link alone
    (the tick boxes keep it in the browser), so the same link prints the same page for anyone."""
    moment = local_now()
    result = shortlist_items(
        facility_slugs=parse_slugs(request.GET.get("f", "")),
        service_slugs=parse_slugs(request.GET.get("s", "")),
        at=moment,
    )
    for item in [*result.facilities, *result.services]:
        item.qr_svg = page_qr_svg(item, title=_("扫码查看%(name)s") % {"name": item.display_name})
    query = urlencode(
        {key: ",".join(slugs) for key, slugs in (("f", result.facility_slugs), ("s", result.service_slugs)) if slugs},
        safe=",",
    )
    share_url = settings.SITE_URL.rstrip("/") + reverse("shortlist") + (f"?{query}" if query else "")
    return render(request, "wanli/shortlist.html", {"shortlist": result, "share_url": share_url, "now": moment})


shortlist.page_cache_parameters = ("f", "s")
shortlist.page_cache_depends_on = (FACILITIES, SERVICES, CALENDAR)


def _back_to(request) -> str:
    """The page a switch came from (?next=), or the home page when that is missing or not on this site."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return target


def _set_flag(request, response, cookie: str) -> None:
    response.set_cookie(
        cookie, ELDERLY_MODE_ON, max_age=ELDERLY_MODE_MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure()
    )


@never_cache
@require_GET
def elderly_mode(request):
    """Turns 长者模式 on (?on=1) or off (?on=0) with a plain link, then goes back to the page (?next=)."""
    switch = request.GET.get("on")
    if switch not in ("0", "1"):
        return HttpResponseBadRequest(_("长者模式开关的参数有误。"), content_type="text/plain; charset=utf-8")
    response = HttpResponseRedirect(_back_to(request))
    if switch == "1":
        _set_flag(request, response, ELDERLY_MODE_COOKIE)
    else:
        for cookie in (ELDERLY_MODE_COOKIE, *ELDERLY_OPTIONS.values()):
            response.delete_cookie(cookie, samesite="Lax")
    return response


# The query parameters this page reads: the page cache keys on them and drops any other.
elderly_mode.page_cache_parameters = ("on", "next")


@never_cache
@require_GET
def elderly_option(request, option: str):
    """Turns an option of 长者模式 (超大字 or 大鼠标, wanli.elderly.ELDERLY_OPTIONS) on or off with a plain link;
    turning one on turns 长者模式 on too, since the options only apply in it."""
    if option not in ELDERLY_OPTIONS:
        raise Http404(_("没有这个长者模式选项。"))
    switch = request.GET.get("on")
    if switch not in ("0", "1"):
        return HttpResponseBadRequest(_("长者模式选项开关的参数有误。"), content_type="text/plain; charset=utf-8")
    response = HttpResponseRedirect(_back_to(request))
    if switch == "1":
        _set_flag(request, response, ELDERLY_MODE_COOKIE)
        _set_flag(request, response, ELDERLY_OPTIONS[option])
    else:
        response.delete_cookie(ELDERLY_OPTIONS[option], samesite="Lax")
    return response


elderly_option.page_cache_parameters = ("on", "next")


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /dashboard/",
        "Disallow: /elderly-mode/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any database failure means "not healthy", whatever its class
        return False


def _cache_ok() -> bool:
    # django-redis ignores an outage (the site keeps working without a cache), so a failed write shows
    # up only as the value not coming back.
    value = uuid.uuid4().hex
    key = f"wanli:healthz:{value}"  # one key per check: app servers sharing the cache never collide
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
        return answered
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 200 when the database and the cache answer, 503 when either does not."""
    checks = {"database": "ok" if _database_ok() else "error", "cache": "ok" if _cache_ok() else "error"}
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)


@require_GET
def bench_floor(request):
    """The framework's floor for `make bench`: the smallest Django response. Only when BENCHMARK is on."""
    if not settings.BENCHMARK:
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain")


def not_found(request, exception=None):
    """404 for every path: JSON under the open-data API (its clients parse JSON), the site's page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("没有找到。")}, status=404)
    return page_not_found(request, exception)
