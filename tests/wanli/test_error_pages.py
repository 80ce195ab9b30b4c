"""The 404 page is a real page of the site in both languages; the 500 page stands on its own."""
import pytest
from django.template.loader import render_to_string


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


def test_400_renders_without_any_context():
    # Django's bad_request view renders it without a request (a refused admin lookup, a bad Host header).
    html = render_to_string("400.html")
    assert "请求无效" in html and "Bad request" in html


def test_500_renders_without_any_context():
    html = render_to_string("500.html")
    assert "系统暂时出错" in html
    assert "Something went wrong" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/hsds/nope", "/api/no-such-thing/"])
def test_unknown_api_paths_get_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "没有找到。"}
