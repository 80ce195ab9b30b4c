from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from facilities.models import Facility
from reports.queries import years_with_data
from services.models import Service


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return [
            "home",
            "facilities:list",
            "services:list",
            "map",
            "lifecircle:estate",
            "activities:list",
            "privacy",
            "contact",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class FacilitySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Facility.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, facility: Facility):
        return facility.updated_at


class ServiceSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Service.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, service: Service):
        return service.updated_at


class ActivitySitemap(Sitemap):
    """Activities not yet over: a past one's page is of no use to someone searching."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000

    def items(self):
        return Activity.objects.published().filter(ends_at__gt=timezone.now()).only("slug", "updated_at").order_by("pk")

    def lastmod(self, activity: Activity):
        return activity.updated_at


class ReportCardSitemap(Sitemap):
    """The report card of every year that has data; the latest year is also at /report-card/."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[int]:
        return years_with_data()

    def location(self, year: int) -> str:
        return reverse("reports:card_year", kwargs={"year": year})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "facilities": FacilitySitemap,
    "services": ServiceSitemap,
    "activities": ActivitySitemap,
    "report-cards": ReportCardSitemap,
}
