"""The 404 page is a real page of the site in both languages; the 500 and 503 pages stand on their own.
Under /api/ every error is JSON; a database outage is a 503 everywhere."""

import pytest
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connections
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from opendata import views as opendata_views
from wanli import views as site_views
from wanli.errors import RETRY_AFTER_SECONDS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "heading"), [("", "zh-Hans", "没有找到这个页面"), ("/en", "en", "Page not found")]
)
def test_404_is_a_translated_page_with_the_site_around_it(client, prefix, lang, heading):
    response = client.get(f"{prefix}/facilities/no-such-place/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="elderly-switch"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_400_renders_without_any_context():
    # Django's bad_request view renders it without a request (a refused admin lookup, a bad Host header).
    html = render_to_string("400.html")
    assert "请求无效" in html and "Bad request" in html


@pytest.mark.parametrize(
    ("language", "lang", "heading", "home"),
    [
        ("zh-hans", "zh-Hans", "系统暂时出错", 'href="/"'),
        ("en", "en", "Something went wrong on our side", 'href="/en/"'),
    ],
)
def test_500_renders_without_any_context_in_the_visitors_language(language, lang, heading, home):
    with translation.override(language):
        html = render_to_string("500.html")
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html  # looks like the rest of the site
    assert home in html
    assert ("Something went wrong" in html) == (language == "en")  # one language, not both at once


@pytest.mark.django_db
def test_a_broken_english_page_answers_the_500_page_in_english(client, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(site_views, "kinds_in_use", broken)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en">' in html and "Something went wrong on our side" in html
    assert "系统暂时出错" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "heading"), [("", "zh-Hans", "没有权限查看这个页面"), ("/en", "en", "You may not see this page")]
)
def test_403_is_the_sites_page_in_the_visitors_language(client, prefix, lang, heading):
    """A signed-in account without the permission a page needs (here the life-circle coverage matrix)."""
    client.force_login(get_user_model().objects.create_user("zhang.editor", is_staff=True))
    response = client.get(f"{prefix}/life-circle/coverage/")
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html and 'class="elderly-switch"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in html
    assert f'name="next" value="{reverse("accounts:login")}?next={prefix}/life-circle/coverage/"' in html


@pytest.mark.django_db
def test_403_in_the_admin_is_the_sites_page_too(client):
    """The admin raises PermissionDenied itself (here: a staff account on a model page it may not open)."""
    client.force_login(get_user_model().objects.create_user("wang.clerk", is_staff=True))
    response = client.get(reverse("admin:auth_user_add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>没有权限查看这个页面</h1>" in html
    assert "403 Forbidden" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/hsds/nope", "/api/no-such-thing/"])
def test_unknown_api_paths_get_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "没有找到。"}


def take_the_database_down(monkeypatch, error_class) -> None:
    """Every query from now on fails the way a lost PostgreSQL connection does."""

    def refuse():
        raise error_class('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)


@pytest.fixture
def client_seeing_errors(client):
    client.raise_request_exception = False  # answer as the site would, instead of re-raising in the test
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("error_class", [OperationalError, InterfaceError])
@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [("/facilities/", "zh-Hans", "网站暂时无法使用"), ("/en/facilities/", "en", "The site is temporarily unavailable")],
)
def test_pages_answer_503_with_the_site_error_page_when_the_database_is_down(
    client_seeing_errors,
    monkeypatch,
    error_class,
    path,
    lang,
    heading,
):
    take_the_database_down(monkeypatch, error_class)
    response = client_seeing_errors.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("error_class", [OperationalError, InterfaceError])
def test_api_answers_503_json_when_the_database_is_down(client_seeing_errors, monkeypatch, error_class):
    take_the_database_down(monkeypatch, error_class)
    response = client_seeing_errors.get(reverse("opendata:hsds-services"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "数据库暂时无法访问，请稍后再试。"}
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.django_db
def test_health_check_reports_the_database_down_as_503(client_seeing_errors, monkeypatch):
    take_the_database_down(monkeypatch, OperationalError)
    response = client_seeing_errors.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


@pytest.mark.django_db
def test_a_bug_under_the_api_answers_json_500(client_seeing_errors, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(opendata_views.queries, "hsds_services", broken)
    response = client_seeing_errors.get(reverse("opendata:hsds-services"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器出错了，请稍后再试。"}


@pytest.mark.django_db
def test_a_bug_in_a_page_answers_the_html_500_page(client_seeing_errors, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(site_views, "kinds_in_use", broken)
    response = client_seeing_errors.get(reverse("home"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "系统暂时出错" in response.content.decode()


@pytest.mark.django_db
def test_a_bad_request_under_the_api_answers_json_400_and_an_html_page_elsewhere(client):
    api = client.get(reverse("opendata:hsds-root"), HTTP_HOST="not-our-host.example")
    assert api.status_code == 400
    assert api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "请求有误。"}
    page = client.get(reverse("home"), HTTP_HOST="not-our-host.example")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")
