"""长者模式: the switch view, the cookie, the body class, and that no information is lost."""

import re

import pytest
from django.urls import reverse

from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from wanli.elderly import ELDERLY_MODE_COOKIE

pytestmark = pytest.mark.django_db


def switch_url(on: str, next_url: str | None = None) -> str:
    url = f"{reverse('elderly_mode')}?on={on}"
    return url if next_url is None else f"{url}&next={next_url}"


def test_turning_on_sets_the_cookie_and_goes_back(client):
    response = client.get(switch_url("1", "/facilities/?q=%E9%A3%9F%E5%A0%82"))
    assert response.status_code == 302
    assert response["Location"] == "/facilities/?q=%E9%A3%9F%E5%A0%82"
    cookie = response.cookies[ELDERLY_MODE_COOKIE]
    assert cookie.value == "1"
    assert cookie["max-age"] >= 60 * 60 * 24 * 30
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"


def test_turning_off_clears_the_cookie(client):
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    response = client.get(switch_url("0", "/en/privacy/"))
    assert response.status_code == 302
    assert response["Location"] == "/en/privacy/"
    assert response.cookies[ELDERLY_MODE_COOKIE].value == ""
    assert response.cookies[ELDERLY_MODE_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "http:///x"]
)
def test_an_unsafe_or_missing_next_goes_home(client, next_url):
    response = client.get(switch_url("1", next_url))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_without_next_goes_home(client):
    response = client.get(switch_url("1"))
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("query", ["", "?on=", "?on=yes", "?on=2", "?on=%00"])
def test_a_bad_switch_value_is_a_400_not_a_500(client, query):
    response = client.get(reverse("elderly_mode") + query)
    assert response.status_code == 400
    assert ELDERLY_MODE_COOKIE not in response.cookies


def test_the_switch_only_answers_get(client):
    assert client.post(switch_url("1", "/")).status_code == 405


def test_the_switch_response_is_never_cached(client):
    response = client.get(switch_url("1", "/"))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def body_class(html: str) -> list[str]:
    return re.search(r'<body class="([^"]*)"', html).group(1).split()


@pytest.mark.parametrize("path", ["/", "/facilities/", "/privacy/", "/en/", "/en/facilities/"])
def test_every_page_has_the_switch_and_the_body_class_follows_the_cookie(client, path):
    off = client.get(path).content.decode()
    assert "elderly" not in body_class(off)
    assert f'href="/elderly-mode/?on=1&amp;next={path}"' in off

    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    on = client.get(path).content.decode()
    assert "elderly" in body_class(on)
    assert f'href="/elderly-mode/?on=0&amp;next={path}"' in on


def test_following_the_switch_link_comes_back_to_the_same_page_and_query(client):
    html = client.get("/en/facilities/?q=%E9%A3%9F%E5%A0%82&kind=canteen").content.decode()
    link = re.search(r'class="elderly-switch"><a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302
    # The same query, in the page cache's canonical order (parameters sorted by name).
    assert response["Location"] == "/en/facilities/?kind=canteen&q=%E9%A3%9F%E5%A0%82"


def test_any_other_cookie_value_is_off(client):
    client.cookies[ELDERLY_MODE_COOKIE] = "yes"
    assert "elderly" not in body_class(client.get("/").content.decode())


def main_content(html: str) -> str:
    """The page's main content, less the elderly home's task buttons (links that only repeat other pages')."""
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    main = re.sub(r"<nav class=\"elderly-tasks-box\".*?</nav>", "", main, flags=re.S)
    return re.sub(r">\s+<", "><", main)


@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_elderly_mode_shows_exactly_the_same_information(client, language_prefix):
    facility = FacilityFactory(name="香泉智助食堂", summary="社区食堂", address="")
    OpeningPeriodFactory(facility=facility, weekday=0)
    for path in ["/", "/facilities/", f"/facilities/{facility.slug}/", "/privacy/"]:
        normal = main_content(client.get(language_prefix + path).content.decode())
        client.cookies[ELDERLY_MODE_COOKIE] = "1"
        elderly = main_content(client.get(language_prefix + path).content.decode())
        del client.cookies[ELDERLY_MODE_COOKIE]
        assert elderly == normal, path


def test_robots_keep_crawlers_off_the_switch(client):
    assert "Disallow: /elderly-mode/" in client.get("/robots.txt").content.decode()


def test_the_elderly_stylesheet_is_loaded_only_in_elderly_mode(client):
    assert "css/elderly.css" not in client.get("/").content.decode()
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    html = client.get("/").content.decode()
    assert html.index("css/site.css") < html.index("css/elderly.css")
