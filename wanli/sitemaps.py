from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from facilities.models import Facility
from services.models import Service


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["home", "facilities:list", "services:list", "privacy"]

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


SITEMAPS = {"pages": StaticPagesSitemap, "facilities": FacilitySitemap, "services": ServiceSitemap}
