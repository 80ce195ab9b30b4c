"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live_server.

A journey test asks for `phone_page` (360 x 780, touch), `desktop_page` (1280 x 800) or `any_page`
(parametrized over both), plus `elderly` to turn 长者模式 on through its own link. Every test in this folder
is marked `browser`. Locally a missing Chromium or axe-core skips these tests; in CI (CI=true) it fails them.
"""

import os
import re
from datetime import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from casework.models import RequestKind
from facilities.models import Audience, AudienceCode
from tests.casework.factories import PlacePoolFactory, RequestSettingsFactory
from tests.facilities.factories import EstateFactory, FacilityFactory, FacilityKindFactory, OpeningPeriodFactory
from tests.reports.factories import AchievementFactory, MetricFactory, MetricValueFactory
from tests.services.factories import MenuFactory, MenuItemFactory, ServiceAtLocationFactory, ServiceFactory
from wanli.roles import sync_roles

from .helpers import AXE_SCRIPT, blank_tile, tile_pattern

# Playwright's sync API runs an event loop in the test thread; Django refuses database work from such a
# thread unless told that the test code is not really async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
HERE = Path(__file__).resolve().parent
OUTSIDE_THE_SITE = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])")


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must run the browser tests, never skip them)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of the session: its sync API refuses a second one running at the same time, so
    a module that needs a browser of its own (a fake camera, say) launches it from this driver."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
    if not AXE_SCRIPT.exists():
        _unavailable(f"{AXE_SCRIPT} is missing: npm ci")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """Makes browser contexts on the live server; bypass_csp lets the tests inject axe-core."""
    contexts = []
    tiles, tile = tile_pattern(), blank_tile()

    def make(size: str = "phone", **options):
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=True,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **{**SIZES[size], **options},
        )
        context.set_default_timeout(15_000)
        # Nothing leaves the machine: map tiles (the one outside request a page may make) get a blank tile,
        # anything else outside the live server is refused. A test's own page.route() is asked first.
        context.route(
            OUTSIDE_THE_SITE,
            lambda route: (
                route.fulfill(status=200, content_type="image/png", body=tile)
                if tiles.match(route.request.url)
                else route.abort()
            ),
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in_page(new_context, live_server):
    """Makes a page already signed in as `user` (staff and manager journeys start here, not at the login form)."""

    def make(user, size: str = "desktop"):
        client = Client()
        client.force_login(user)
        context = new_context(size)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return context.new_page()

    return make


@pytest.fixture
def role_user(transactional_db):
    """Makes a staff account in one of the office's roles (wanli.roles), with the groups set up as `setup_roles` does."""
    sync_roles()

    def make(role: str, username: str):
        user = get_user_model().objects.create_user(username, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def phone_page(new_context):
    return new_context("phone").new_page()


@pytest.fixture
def desktop_page(new_context):
    return new_context("desktop").new_page()


@pytest.fixture(params=list(SIZES))
def any_page(request, new_context):
    """The same test once on a 360 px phone and once on a desktop."""
    return new_context(request.param).new_page()


def turn_on_elderly_mode(page) -> None:
    """Uses the switch in the header the way a resident does (a plain link)."""
    page.goto("/")
    page.get_by_role("link", name="长者模式", exact=True).click()
    page.wait_for_url("**/")
    assert "elderly" in page.eval_on_selector("body", "el => el.className")


CANTEEN_HOURS = [(time(10, 30), time(13, 30)), (time(16, 30), time(19, 0))]


@pytest.fixture
def canteen(transactional_db):
    """A published canteen open every day 10:30–13:30 and 16:30–19:00 (test data, not the real seed)."""
    # live_server tests flush the database, which removes the audience rows the migration created.
    for order, code in enumerate(AudienceCode.values):
        Audience.objects.get_or_create(code=code, defaults={"order": order})
    kind = FacilityKindFactory(slug="canteen", name="食堂", name_en="Canteen")
    facility = FacilityFactory(
        name="香泉智助食堂",
        name_en="Xiangquan Smart Canteen",
        slug="xiangquan-zhizhu-shitang",
        kind=kind,
        summary="为香泉苑居民和附近上班族提供午餐和晚餐。",
        summary_en="Lunch and dinner for Xiangquan residents and nearby workers.",
        follows_public_holidays=False,
        audiences=["elderly", "all_residents"],
    )
    for weekday in range(7):
        for opens, closes in CANTEEN_HOURS:
            OpeningPeriodFactory(facility=facility, weekday=weekday, opens=opens, closes=closes)
    FacilityFactory(
        name="社区宝宝屋",
        name_en="Community baby house",
        slug="shequ-baobaowu",
        kind=FacilityKindFactory(slug="baby-house", name="宝宝屋", name_en="Baby house"),
    )
    lunch = MenuFactory(facility=facility, meal="lunch")
    MenuItemFactory(menu=lunch, dish="清蒸鲈鱼", dish_en="Steamed sea bass", price=Decimal("15.00"))
    MenuItemFactory(menu=lunch, dish="番茄炒蛋", dish_en="Tomato and egg stir-fry", price=Decimal("8.00"))
    return facility


# Made-up points near the map centre for the tests, not surveyed locations of the real places (WGS-84).
TEST_ESTATE_POINT = (Decimal("31.260000"), Decimal("121.400000"))
TEST_CANTEEN_POINT = (Decimal("31.261500"), Decimal("121.401000"))  # about 190 m from the test estate
TEST_FITNESS_POINT = (Decimal("31.266000"), Decimal("121.404000"))  # about 770 m from the test estate


@pytest.fixture
def located_places(canteen):
    """The canteen with a verified (test) point, a second verified place further away, and two estates:
    one with a verified point, one whose location is not verified. The baby house stays unverified."""
    canteen.latitude, canteen.longitude = TEST_CANTEEN_POINT
    canteen.location_verified = True
    canteen.save()
    fitness = FacilityFactory(
        name="测试健身点",
        name_en="Test fitness corner",
        slug="test-fitness-corner",
        kind=FacilityKindFactory(slug="fitness", name="健身点", name_en="Fitness corner"),
        latitude=TEST_FITNESS_POINT[0],
        longitude=TEST_FITNESS_POINT[1],
        location_verified=True,
    )
    estate = EstateFactory(
        name="测试苑",
        name_en="Test Garden",
        slug="test-garden",
        latitude=TEST_ESTATE_POINT[0],
        longitude=TEST_ESTATE_POINT[1],
        location_verified=True,
    )
    unverified_estate = EstateFactory(
        name="待核实测试小区", name_en="Unverified test estate", slug="unverified-test-estate"
    )
    return SimpleNamespace(canteen=canteen, fitness=fitness, estate=estate, unverified_estate=unverified_estate)


@pytest.fixture
def meal_service(canteen):
    """A published service offered at the canteen (the services app's pages need one)."""
    service = ServiceFactory(
        name="社区助餐",
        name_en="Community meals",
        slug="shequ-zhucan",
        summary="为老年人提供午餐和晚餐。",
        summary_en="Lunch and dinner for older residents.",
    )
    ServiceAtLocationFactory(service=service, facility=canteen)
    return service


@pytest.fixture
def beds(transactional_db):
    """The builders' home takes bed applications online (test data: the real seed leaves requests off)."""
    home = FacilityFactory(
        name="万有引力城市建设者管理者之家",
        name_en="Wanyouyinli Home for City Builders and Managers",
        slug="builders-home",
        kind=FacilityKindFactory(slug="builders-home", name="城市建设者管理者之家"),
    )
    service = ServiceFactory(
        name="骑手床位申请",
        name_en="Beds for riders",
        slug="rider-beds",
        summary="为新就业群体提供床位。",
        summary_en="Beds for riders and couriers.",
    )
    PlacePoolFactory(location=ServiceAtLocationFactory(service=service, facility=home), capacity=152)
    RequestSettingsFactory(service=service, kind=RequestKind.BED_APPLICATION, target_hours=48)
    return service


# Two years of report-card figures: made-up test metrics and values, never the street office's real figures.
REPORT_FIGURES = {
    "test-metric-a": {2022: Decimal("111"), 2023: Decimal("222")},
    "test-metric-b": {2022: Decimal("20"), 2023: Decimal("35")},
}


@pytest.fixture
def report_years(transactional_db) -> dict[str, dict[int, Decimal]]:
    """REPORT_FIGURES for 2022 and 2023 (2023 is the latest year), and one honour in 2023 (test data)."""
    metrics = {
        "test-metric-a": MetricFactory(
            code="test-metric-a",
            name="测试指标甲",
            name_en="Test metric A",
            unit="家",
            unit_en="companies",
            headline=True,
        ),
        "test-metric-b": MetricFactory(
            code="test-metric-b", name="测试指标乙", name_en="Test metric B", unit="个", unit_en="projects"
        ),
    }
    for code, by_year in REPORT_FIGURES.items():
        for year, value in by_year.items():
            MetricValueFactory(metric=metrics[code], year=year, value=value)
    AchievementFactory(year=2023, title="测试荣誉（测试数据）", title_en="Test honour (test data)")
    return REPORT_FIGURES


@pytest.fixture
def public_pages(canteen, meal_service, beds, report_years) -> dict[str, str]:
    """Every public page type that exists today, by name -> Chinese path (English is /en + path).

    Later issues add theirs here (services, report card, map…), and every browser check covers them.
    """
    return {
        "home": "/",
        "facility-list": "/facilities/",
        "search-results": "/facilities/?q=%E9%A3%9F%E5%A0%82",
        "site-search": "/search/?q=%E9%A3%9F%E5%A0%82",  # 食堂
        "site-search-nothing-found": "/search/?q=%E7%81%AB%E6%98%9F",  # 火星
        "filter-error": "/facilities/?kind=no-such-kind&page=abc",
        "facility-detail": f"/facilities/{canteen.slug}/",
        "privacy": "/privacy/",
        "service-list": "/services/",
        "service-detail": f"/services/{meal_service.slug}/",
        "request-form": f"/requests/new/{beds.slug}/",
        "track-request": "/requests/track/",
        "map": "/map/",
        "life-circle": "/life-circle/",
        "report-card": "/report-card/",
        "not-found": "/facilities/no-such-place/",
        "contact": "/contact/",
        "shortlist": f"/shortlist/?f={canteen.slug},shequ-baobaowu&s={meal_service.slug}",
        "sign-in": "/accounts/login/",
    }
