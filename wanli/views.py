"""Site-wide pages: home, privacy, robots.txt and the health check."""
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from facilities.models import Audience
from facilities.queries import kinds_in_use
from services.queries import category_tree


@require_GET
def home(request):
    return render(
        request,
        "wanli/home.html",
        {"kinds": kinds_in_use(), "audiences": Audience.objects.all(), "service_categories": category_tree()},
    )


@require_GET
def privacy(request):
    return render(request, "wanli/privacy.html")


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /dashboard/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # any database failure means "not healthy", whatever its class
        database = "error"
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database}, status=status)
