"""The 404 page is a real page of the site in both languages; the 500 page stands on its own."""
import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wanli import views as site_views


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "lang", "heading"), [("", "zh-Hans", "没有找到这个页面"), ("/en", "en", "Page not found")])
def test_404_is_a_translated_page_with_the_site_around_it(client, prefix, lang, heading):
    response = client.get(f"{prefix}/facilities/no-such-place/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'class="elderly-switch"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    ("language", "lang", "heading", "home"),
    [("zh-hans", "zh-Hans", "系统暂时出错", 'href="/"'), ("en", "en", "Something went wrong on our side", 'href="/en/"')],
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
@pytest.mark.parametrize(("prefix", "lang", "heading"), [("", "zh-Hans", "没有权限查看这个页面"), ("/en", "en", "You may not see this page")])
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
    assert f'<form method="post" action="{reverse("admin:logout")}">' in html
    assert f'name="next" value="{reverse("admin:login")}?next={prefix}/life-circle/coverage/"' in html


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
