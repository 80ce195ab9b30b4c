"""Site-wide views: the health check and the benchmark floor."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


def test_bench_floor_exists_only_when_benchmarking(client, settings):
    assert client.get("/bench/floor").status_code == 404
    settings.BENCHMARK = True
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_admin_lives_at_the_configured_url(settings):
    from django.urls import reverse

    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"


def test_fresh_migrate_and_seed_create_no_user_account():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("seed_wanli", verbosity=0)
    call_command("generate_demo", "--facilities", "3", verbosity=0)
    user_model = get_user_model()
    assert user_model.objects.count() == 0


# --- 联系我们 --------------------------------------------------------------------------------------------------


def main_of(response) -> str:
    """The page's own content, without the header and footer every page shares."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_contact_page_says_to_be_published_until_staff_enter_the_details_and_always_gives_12345(client):
    from django.urls import reverse

    page = main_of(client.get(reverse("contact")))
    assert page.count("待公布") == 3  # hotline, address, hours
    assert 'href="tel:12345"' in page


def test_contact_page_and_every_footer_show_what_staff_entered(client):
    from django.urls import reverse

    from wanli.models import SiteContact

    client.get(reverse("home"))  # cached now
    SiteContact(
        hotline="021-52820000",
        address="万里路 1 号",
        address_en="1 Wanli Road",
        opening_hours="周一至周五 9:00–17:00",
        opening_hours_en="Mon–Fri 9:00–17:00",
    ).save()
    page = main_of(client.get(reverse("contact")))
    assert "待公布" not in page
    assert 'href="tel:021-52820000"' in page and "万里路 1 号" in page and "周一至周五 9:00–17:00" in page
    english = client.get("/en/contact/").content.decode()
    assert "1 Wanli Road" in english and "Mon–Fri 9:00–17:00" in english
    # Saving the settings drops the cached pages, so the footer shows the number at once.
    assert 'href="tel:021-52820000"' in client.get(reverse("home")).content.decode()


def test_every_page_links_to_contact_tracking_and_the_shortlist_and_home_offers_tracking(client):
    from django.urls import reverse

    for path in [reverse("home"), reverse("privacy"), reverse("facilities:list"), "/no-such-page/"]:
        page = client.get(path).content.decode()
        for target in (reverse("contact"), reverse("casework:track"), reverse("shortlist")):
            assert f'href="{target}"' in page, (path, target)
    home = client.get(reverse("home")).content.decode()
    assert 'class="button" href="/requests/track/"' in home and 'id="my-requests"' in home


# --- the shortlist -------------------------------------------------------------------------------------------


@pytest.fixture
def listed():
    from datetime import time

    from publishing.publishable import PublicationStatus
    from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
    from tests.services.factories import ServiceAtLocationFactory, ServiceFactory

    canteen = FacilityFactory(name="香泉智助食堂", slug="canteen", phone="021-66660000", address="香泉路 8 号")
    for weekday in range(7):
        OpeningPeriodFactory(facility=canteen, weekday=weekday, opens=time(10, 30), closes=time(13, 30))
    unverified = FacilityFactory(name="社区宝宝屋", slug="baby-house")
    draft = FacilityFactory(name="草稿设施", slug="draft", publication_status=PublicationStatus.DRAFT)
    repairs = ServiceFactory(name="小修小补", slug="repairs")
    ServiceAtLocationFactory(service=repairs, facility=canteen)
    return canteen, unverified, draft, repairs


def test_shortlist_prints_names_hours_verified_phone_and_address_and_a_qr_each(client, listed, settings):
    from django.urls import reverse

    response = client.get(reverse("shortlist"), {"f": "baby-house,canteen,draft", "s": "repairs"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("社区宝宝屋") < page.index("香泉智助食堂")  # the link's order
    assert "草稿设施" not in page  # published content only
    assert "10:30–13:30" in page
    assert 'href="tel:021-66660000"' in page and "香泉路 8 号" in page
    assert "待核实" in page  # the baby house has neither
    assert "小修小补" in page
    assert page.count("<svg") == 3
    # The link to share holds what is on the page (the draft is dropped), on the public host.
    assert f'value="{settings.SITE_URL}/shortlist/?f=baby-house,canteen&amp;s=repairs"' in page
    assert "css/shortlist.css" in page  # the A4 print stylesheet


def test_shortlist_with_nothing_or_nonsense_in_the_link_is_an_empty_page_not_an_error(client, listed):
    from django.urls import reverse

    for query in ({}, {"f": "<script>,,../../etc"}, {"s": "x" * 5000}, {"f": "no-such-place"}):
        response = client.get(reverse("shortlist"), query)
        assert response.status_code == 200, query
        assert 'id="shortlist-empty"' in response.content.decode()


def test_every_card_and_page_offers_the_tick_box(client, listed):
    from django.urls import reverse

    canteen, _unverified, _draft, repairs = listed
    for url, kind, slug in [
        (reverse("facilities:list"), "f", canteen.slug),
        (canteen.get_absolute_url(), "f", canteen.slug),
        (reverse("services:list"), "s", repairs.slug),
        (repairs.get_absolute_url(), "s", repairs.slug),
    ]:
        page = client.get(url).content.decode()
        assert f'data-shortlist-kind="{kind}" data-shortlist-slug="{slug}"' in page, url
        assert "js/shortlist" in page
