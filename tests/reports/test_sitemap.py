import pytest

from .factories import AchievementFactory, MetricValueFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_each_report_card_in_both_languages(client):
    MetricValueFactory(year=2023)
    AchievementFactory(year=2021)
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/report-card/2023/" in xml
    assert "http://testserver/en/report-card/2023/" in xml
    assert "http://testserver/report-card/2021/" in xml
    assert "/report-card/2022/" not in xml


def test_sitemap_without_report_data(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "report-card" not in response.content.decode()


def test_english_header_link(client):
    html = client.get("/en/").content.decode()
    assert 'href="/en/report-card/"' in html
    assert ">Report card<" in html
