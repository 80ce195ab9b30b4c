"""The page cache and signed-in users: their pages are private and never stored, and nobody bypasses the
cache at will (made-up parameters or session cookies)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


# --- Signed-in users: private, never stored ----------------------------------------------------------------


def _cache_directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def manager_client(client):
    from tests.wanli.factories import StaffUserFactory
    from wanli import roles

    client.force_login(StaffUserFactory(role=roles.MANAGER))
    return client


@pytest.mark.parametrize(
    "path", ["/life-circle/coverage/", "/life-circle/coverage.csv", "/dashboard/", "/", "/facilities/"]
)
def test_every_page_to_a_signed_in_user_is_private_and_not_stored(manager_client, path):
    response = manager_client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store", "no-cache"} <= _cache_directives(response)
    assert "X-Cache" not in response


def test_a_signed_in_users_forbidden_page_is_private_too(client):
    from tests.wanli.factories import StaffUserFactory
    from wanli import roles

    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    response = client.get("/life-circle/coverage/")
    assert response.status_code == 403 and "private" in _cache_directives(response)


def test_anonymous_public_pages_stay_publicly_cacheable(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not {"private", "no-store"} & _cache_directives(response)


# --- the cache cannot be bypassed at will ------------------------------------------------------------------------


def test_extra_or_reordered_parameters_share_the_pages_entry(client):
    kind = FacilityFactory(name="参数测试食堂").kind.slug
    assert client.get(f"/facilities/?q=食堂&kind={kind}")["X-Cache"] == "miss"
    for variant in (
        f"/facilities/?kind={kind}&q=食堂",
        f"/facilities/?q=食堂&kind={kind}&utm_source=x",
        f"/facilities/?nonsense=1&q=食堂&kind={kind}&more=2",
    ):
        assert client.get(variant)["X-Cache"] == "hit", variant
    assert client.get("/facilities/?q=食堂")["X-Cache"] == "miss"  # a parameter the page knows still counts


def test_a_page_is_rendered_without_the_parameters_it_does_not_know(client):
    FacilityFactory()
    html = client.get("/facilities/?q=食堂&utm_source=leaked-into-links").content.decode()
    assert "leaked-into-links" not in html  # e.g. the elderly-mode switch links back to the page's address


def test_a_page_that_declares_no_parameters_has_one_entry(client):
    assert client.get("/privacy/")["X-Cache"] == "miss"
    assert client.get("/privacy/?v=1")["X-Cache"] == "hit"
    assert client.get("/privacy/?" + "x=" + "a" * 2000)["X-Cache"] == "hit"  # too long to key, but all unknown


def test_api_pages_know_their_parameters(client):
    url = reverse("opendata:hsds-services")
    assert client.get(url, {"per_page": 5})["X-Cache"] == "miss"
    assert client.get(url, {"per_page": 5, "cache_buster": 7})["X-Cache"] == "hit"
    assert client.get(url, {"per_page": 6})["X-Cache"] == "miss"


def test_a_made_up_session_cookie_does_not_bypass_the_cache(client):
    FacilityFactory()
    client.get("/facilities/")
    for made_up in ("x" * 32, "not a key", "a" * 8):
        visitor = Client()
        visitor.cookies["sessionid"] = made_up
        assert visitor.get("/facilities/")["X-Cache"] == "hit", made_up


def test_a_real_session_cookie_bypasses_the_cache(staff_client):
    FacilityFactory()
    Client().get("/facilities/")
    assert Client().get("/facilities/")["X-Cache"] == "hit"
    assert "X-Cache" not in staff_client.get("/facilities/")
