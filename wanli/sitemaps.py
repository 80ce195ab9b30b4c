from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from facilities.models import Facility
from reports.queries import years_with_data
from services.models import Service


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["home", "facilities:list", "services:list", "map", "lifecircle:estate", "privacy", "contact"]

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
    "report-cards": ReportCardSitemap,
}
