import pytest

from tests.facilities.factories import FacilityFactory, FacilityKindFactory

pytestmark = pytest.mark.django_db


def test_home_offers_search_kinds_and_audiences(client):
    FacilityFactory(kind=FacilityKindFactory(slug="canteen", name="食堂"))
    page = client.get("/").content.decode()
    assert 'name="q"' in page
    assert "?kind=canteen" in page
    assert "?audience=elderly" in page


def test_footer_has_icp_number_privacy_and_sitemap(client, settings):
    settings.ICP_NUMBER = "沪ICP备00000000号"
    page = client.get("/").content.decode()
    assert "沪ICP备00000000号" in page
    assert 'href="/privacy/"' in page and 'href="/sitemap.xml"' in page


def test_privacy_page(client):
    assert client.get("/privacy/").status_code == 200
    assert client.get("/en/privacy/").status_code == 200


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_published_facilities_in_both_languages(client):
    published = FacilityFactory(slug="shown")
    FacilityFactory(slug="hidden", publication_status="draft")
    body = client.get("/sitemap.xml").content.decode()
    assert f"/facilities/{published.slug}/" in body and f"/en/facilities/{published.slug}/" in body
    assert "/facilities/hidden/" not in body


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_pages_use_no_outside_assets(client):
    page = client.get("/").content.decode()
    for marker in ("cdn", "googleapis", "jsdelivr", "unpkg", "bootcdn"):
        assert marker not in page.lower()
