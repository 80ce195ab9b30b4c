"""超大字 and 大鼠标, the options of 长者模式: their switch links, cookies, page-cache keys and what pages show."""

import re

import pytest
from django.urls import reverse

from tests.facilities.factories import FacilityFactory, FacilityKindFactory
from wanli.elderly import ELDERLY_MODE_COOKIE, ELDERLY_OPTIONS

pytestmark = pytest.mark.django_db


def option_url(option: str, on: str, next_url: str = "/facilities/") -> str:
    return f"{reverse('elderly_option', args=[option])}?on={on}&next={next_url}"


@pytest.mark.parametrize("option", list(ELDERLY_OPTIONS))
def test_turning_an_option_on_turns_the_mode_on_too_and_goes_back(client, option):
    response = client.get(option_url(option, "1"))
    assert response.status_code == 302
    assert response["Location"] == "/facilities/"
    for cookie in (ELDERLY_MODE_COOKIE, ELDERLY_OPTIONS[option]):
        assert response.cookies[cookie].value == "1"
        assert response.cookies[cookie]["samesite"] == "Lax"
        assert response.cookies[cookie]["httponly"]


@pytest.mark.parametrize("option", list(ELDERLY_OPTIONS))
def test_turning_an_option_off_keeps_the_mode(client, option):
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    client.cookies[ELDERLY_OPTIONS[option]] = "1"
    response = client.get(option_url(option, "0"))
    assert response.cookies[ELDERLY_OPTIONS[option]]["max-age"] == 0
    assert ELDERLY_MODE_COOKIE not in response.cookies


def test_turning_the_mode_off_clears_its_options(client):
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    for cookie in ELDERLY_OPTIONS.values():
        client.cookies[cookie] = "1"
    response = client.get(f"{reverse('elderly_mode')}?on=0&next=/")
    for cookie in (ELDERLY_MODE_COOKIE, *ELDERLY_OPTIONS.values()):
        assert response.cookies[cookie]["max-age"] == 0, cookie


@pytest.mark.parametrize("query", ["", "?on=", "?on=yes"])
def test_a_bad_option_switch_is_a_400(client, query):
    response = client.get(reverse("elderly_option", args=["largest-text"]) + query)
    assert response.status_code == 400
    assert not response.cookies


def test_an_unknown_option_is_a_404(client):
    assert client.get(f"{reverse('elderly_option', args=['no-such-option'])}?on=1").status_code == 404


def test_an_unsafe_next_goes_home(client):
    assert client.get(option_url("largest-text", "1", "https://evil.example/"))["Location"] == reverse("home")


def test_largest_text_is_offered_in_elderly_mode_in_both_languages_and_marks_the_page(client):
    assert "超大字" not in client.get("/").content.decode()
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    assert "超大字" in client.get("/").content.decode()
    assert "Largest text" in client.get("/en/").content.decode()
    client.cookies[ELDERLY_OPTIONS["largest-text"]] = "1"
    html = client.get("/en/").content.decode()
    assert 'class="largest-text"' in html
    assert 'class="elderly largest-text ' in html
    assert "Normal text size" in html


def test_an_option_without_the_mode_changes_nothing(client):
    client.cookies[ELDERLY_OPTIONS["largest-text"]] = "1"
    client.cookies[ELDERLY_OPTIONS["large-cursor"]] = "1"
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert re.search(r'<body class="\s*">', html)
    assert "大鼠标" not in html


def test_large_cursor_is_offered_only_in_elderly_mode(client):
    assert "大鼠标" not in client.get("/").content.decode()
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    assert "大鼠标" in client.get("/").content.decode()
    client.cookies[ELDERLY_OPTIONS["large-cursor"]] = "1"
    html = client.get("/").content.decode()
    assert "large-cursor " in html and "退出大鼠标" in html


def test_the_page_cache_keeps_each_option_apart(client):
    FacilityFactory()
    assert client.get("/facilities/")["X-Cache"] == "miss"
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    assert client.get("/facilities/")["X-Cache"] == "miss"
    client.cookies[ELDERLY_OPTIONS["largest-text"]] = "1"
    largest = client.get("/facilities/")
    assert largest["X-Cache"] == "miss"
    assert 'class="largest-text"' in largest.content.decode()
    client.cookies[ELDERLY_OPTIONS["large-cursor"]] = "1"
    assert client.get("/facilities/")["X-Cache"] == "miss"
    assert client.get("/facilities/")["X-Cache"] == "hit"
    del client.cookies[ELDERLY_MODE_COOKIE]  # the options alone are the normal page
    normal = client.get("/facilities/")
    assert normal["X-Cache"] == "hit"
    assert 'class="largest-text"' not in normal.content.decode()


def test_the_elderly_home_leads_with_the_four_tasks(client):
    FacilityFactory(kind=FacilityKindFactory(slug="canteen", name="食堂"))
    assert "elderly-tasks" not in client.get("/").content.decode()
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    main = client.get("/").content.decode().split("<main", 1)[1]
    tasks = main.index('class="elderly-tasks"')
    assert tasks < main.index('class="hero"')
    assert (
        main.index(">找正在开门的食堂<")
        < main.index(">找我家附近的地方<")
        < main.index(">查我的申请进度<")
        < main.index("打电话求助")
    )
    assert f"{reverse('facilities:list')}?kind=canteen&amp;open_now=1" in main
    assert 'href="tel:12345"' in main
    english = client.get("/en/").content.decode()
    assert "Find a canteen open now" in english and "Call for help" in english


def test_the_canteen_task_drops_the_kind_when_no_canteen_is_published(client):
    client.cookies[ELDERLY_MODE_COOKIE] = "1"
    response = client.get("/")
    assert f'{reverse("facilities:list")}?open_now=1"' in response.content.decode()
    assert client.get(f"{reverse('facilities:list')}?open_now=1").status_code == 200
