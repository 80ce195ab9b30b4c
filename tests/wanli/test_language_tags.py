"""lang and hreflang: right on every page, in both languages, with the query string kept."""

import re

import pytest

from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("path", ["/", "/facilities/", "/facilities/{slug}/", "/privacy/", "/facilities/?q=%E9%A3%9F"])
def test_html_lang_and_alternates_in_both_languages(client, path):
    facility = FacilityFactory()
    path = path.format(slug=facility.slug)
    chinese = client.get(path).content.decode()
    english = client.get("/en" + path).content.decode()

    assert '<html lang="zh-Hans">' in chinese
    assert '<html lang="en">' in english
    expected = {
        "zh-Hans": f"http://testserver{path}",
        "en": f"http://testserver/en{path}",
        "x-default": f"http://testserver{path}",
    }
    assert alternates(chinese) == expected
    assert alternates(english) == expected


def test_language_switch_marks_the_current_language_and_links_the_other(client):
    chinese = client.get("/privacy/").content.decode()
    assert '<span aria-current="true" lang="zh-Hans">简体中文</span>' in chinese
    assert '<a href="/en/privacy/" hreflang="en" lang="en">English</a>' in chinese
    english = client.get("/en/privacy/").content.decode()
    assert '<span aria-current="true" lang="en">English</span>' in english
    assert '<a href="/privacy/" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in english
    assert "<title>Privacy · Wanli Community Services Portal</title>" in english
