"""/life-circle/ for residents, /life-circle/coverage/ and its CSV for managers."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.models import Estate, Facility
from tests.facilities.factories import EstateFactory, FacilityFactory, FacilityKindFactory
from tests.facilities.places import north_of
from tests.lifecircle.factories import LifeCircleCategoryFactory

pytestmark = pytest.mark.django_db
URL = "/life-circle/"
COVERAGE_URL = "/life-circle/coverage/"
CSV_URL = "/life-circle/coverage.csv"


@pytest.fixture
def setup(settings):
    settings.WALKING_SPEED_M_PER_MIN = 60
    settings.WALKING_DETOUR_FACTOR = 1.25
    elderly = FacilityKindFactory(slug="elderly-care", name="养老服务中心")
    canteen = FacilityKindFactory(slug="canteen", name="食堂")
    LifeCircleCategoryFactory(name="养老服务", name_en="Elderly care", target_minutes=5, kinds=[elderly], order=1)
    LifeCircleCategoryFactory(name="社区助餐", name_en="Community meals", target_minutes=15, kinds=[canteen], order=2)
    estate = EstateFactory(
        name="甲小区", name_en="Estate A", slug="jia", population=2000, households=800, **north_of(0)
    )
    FacilityFactory(name="日间照料中心", kind=elderly, **north_of(200))
    FacilityFactory(name="远处食堂", kind=canteen, **north_of(1500))
    return estate


def test_pick_an_estate_shows_nearest_place_minutes_and_verdict(client, setup):
    page = client.get(URL, {"estate": "jia"}).content.decode()
    assert "日间照料中心" in page and "约 5 分钟" in page and "达标" in page  # 200 m → 4.2 → 5 minutes
    assert "远处食堂" in page and "未达标" in page  # 1500 m → 31.25 minutes


def test_without_estate_the_page_shows_the_selector_and_targets(client, setup):
    page = client.get(URL).content.decode()
    assert '<select name="estate"' in page and 'value="jia"' in page
    assert "5 分钟内" in page


@pytest.mark.parametrize("value", ["nope", "x" * 300, "%00"])
def test_bad_estate_is_a_clear_message(client, setup, value):
    response = client.get(URL, {"estate": value})
    assert response.status_code == 200
    assert "没有找到这个小区" in response.content.decode()


def test_unverified_estate_is_explained_not_measured(client, setup):
    EstateFactory(name="香泉苑", slug="xiangquanyuan")
    page = client.get(URL, {"estate": "xiangquanyuan"}).content.decode()
    assert "香泉苑的位置尚待核实" in page
    assert "日间照料中心" not in page


def test_english_page(client, setup):
    page = client.get("/en" + URL, {"estate": "jia"}).content.decode()
    assert "Elderly care" in page and "Estate A" in page


def test_coverage_requires_login_and_permission(client, django_user_model, setup):
    assert client.get(COVERAGE_URL).status_code == 302
    user = django_user_model.objects.create_user("clerk", password="pw-for-tests-only-123")
    client.force_login(user)
    assert client.get(COVERAGE_URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


@pytest.fixture
def manager_client(client, django_user_model):
    user = django_user_model.objects.create_user("manager", password="pw-for-tests-only-123")
    user.user_permissions.add(Permission.objects.get(codename="view_coverage", content_type__app_label="lifecircle"))
    client.force_login(user)
    return client


def test_coverage_matrix_highlights_gaps_and_shares(manager_client, setup):
    EstateFactory(name="待核实小区")
    page = manager_client.get(COVERAGE_URL).content.decode()
    assert "甲小区" in page and 'class="gap"' in page and 'class="ok"' in page
    assert "1/1" in page and "100%" in page and "0/1" in page
    assert "待核实小区" in page and "位置待核实的小区" in page
    assert 'href="/life-circle/?estate=jia"' in page


def test_csv_export(manager_client, setup):
    EstateFactory(name='=HYPERLINK("x")', slug="evil", **north_of(50))
    response = manager_client.get(CSV_URL)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["小区", "网址标识", "户数", "居住人口"]
    assert rows[0][4:] == ["养老服务：步行分钟", "养老服务：5 分钟内", "社区助餐：步行分钟", "社区助餐：15 分钟内"]
    jia = next(r for r in rows if r[1] == "jia")
    assert jia == ["甲小区", "jia", "800", "2000", "5", "是", ">15", "否"]
    evil = next(r for r in rows if r[1] == "evil")
    assert evil[0].startswith("'=")


def test_coverage_page_query_count_is_fixed(manager_client, setup):
    def count(rows):
        Estate.objects.filter(is_demo=True).delete()
        Facility.objects.filter(is_demo=True).delete()
        kind = Facility.objects.first().kind
        for n in range(rows):
            EstateFactory(is_demo=True, **north_of(n * 2 + 3))
            FacilityFactory(is_demo=True, kind=kind, **north_of(n * 2 + 4))
        cache.clear()  # both measured cold: the site contact and choice lists are cached after the first
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(COVERAGE_URL).status_code == 200
        return len(queries)

    assert count(10) == count(200)


def test_header_links_to_the_life_circle(client):
    assert 'href="/life-circle/"' in client.get("/").content.decode()


def test_managers_see_a_link_to_the_matrix_residents_do_not(client, manager_client, setup):
    assert "覆盖矩阵" in manager_client.get(URL).content.decode()
    client.logout()
    assert "/life-circle/coverage/" not in client.get(URL).content.decode()


def test_wide_tables_scroll_by_keyboard_too(client, manager_client, setup):
    """On a phone the tables scroll sideways; a named, focusable region lets a keyboard user do that (axe:
    scrollable-region-focusable)."""
    scrollable = 'class="table-scroll" role="region" tabindex="0" aria-label="'
    assert scrollable in manager_client.get(COVERAGE_URL).content.decode()
    estate_page = client.get(URL, {"estate": setup.slug}).content.decode()
    assert scrollable in estate_page
