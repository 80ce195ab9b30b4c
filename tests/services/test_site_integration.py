"""Where the services catalogue meets the rest of the site: header, home page, sitemap, English pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.services.factories import ServiceAtLocationFactory, ServiceCategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_home_offers_the_categories_that_hold_published_services(client):
    ServiceFactory(category=ServiceCategoryFactory(name="一老一小", slug="yilao-yixiao"))
    ServiceFactory(category=ServiceCategoryFactory(name="只有草稿的分类"), publication_status="draft")
    content = client.get(reverse("home")).content.decode()
    assert "?category=yilao-yixiao" in content
    assert "只有草稿的分类" not in content


def test_sitemap_lists_published_services_only(client):
    published = ServiceFactory(slug="published-service")
    ServiceFactory(slug="draft-service", publication_status="draft")
    content = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in content
    assert "draft-service" not in content
    assert reverse("services:list") in content


def test_english_service_page_is_translated_and_falls_back_to_chinese_names(client):
    link = ServiceAtLocationFactory(service__name="日间照料", service__name_en="", facility__name="日间照料中心")
    with translation.override("en"):
        url = link.service.get_absolute_url()
    assert url.startswith("/en/")
    content = client.get(url).content.decode()
    assert "Where to go" in content and "Find services" in content
    assert "日间照料" in content  # no English name: the Chinese one is shown
