"""A resident on a phone (and at a desk): search, open a canteen, read today's hours and menu, switch language,
open the canteen in Amap, find the places nearest to their estate, and browse the map without any request
leaving the site except for map tiles (which the tests stub)."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from facilities.geo import displayed_minutes, haversine_m, walking_minutes, wgs84_to_gcj02
from facilities.models import Facility

from .helpers import assert_accessible, assert_no_horizontal_scroll, blank_tile, save_screenshot, tile_pattern


def test_resident_searches_canteen_and_reads_todays_hours_and_menu(any_page, canteen):
    page = any_page
    page.goto("/")
    page.get_by_label("搜索设施和服务").fill("食堂")
    page.locator(".hero").get_by_role("button", name="搜索").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=%E9%A3%9F%E5%A0%82$"))
    expect(page.locator(".result-count")).to_contain_text("找到 1 条结果")
    page.get_by_role("link", name="香泉智助食堂").click()

    expect(page).to_have_url(re.compile(rf"/facilities/{canteen.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("香泉智助食堂")
    today_line = page.locator(".now-box p").filter(has_text="今天")
    expect(today_line).to_contain_text("10:30–13:30")
    expect(today_line).to_contain_text("16:30–19:00")
    expect(page.locator(".hours tbody tr")).to_have_count(14)
    todays_menu = page.locator(".menu")
    expect(todays_menu.get_by_role("heading", level=3).first).to_contain_text("今天")
    expect(todays_menu).to_contain_text("清蒸鲈鱼")
    expect(todays_menu).to_contain_text("番茄炒蛋")
    assert_accessible(page)
    save_screenshot(page, "resident-canteen-hours")


def test_resident_switches_to_english_and_back(any_page, canteen):
    page = any_page
    page.goto(f"/facilities/{canteen.slug}/")
    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(rf"/en/facilities/{canteen.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xiangquan Smart Canteen")
    expect(page.locator(".menu")).to_contain_text("Steamed sea bass")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    expect(page.get_by_role("link", name="Elderly mode")).to_be_visible()
    expect(page.locator(".language-switch [aria-current]")).to_have_text("English")
    save_screenshot(page, "resident-english")

    page.get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(re.compile(rf"/facilities/{canteen.slug}/$"))
    assert "/en/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("香泉智助食堂")


def test_alternate_language_links_point_at_the_same_page(desktop_page, canteen):
    page = desktop_page
    page.goto(f"/en/facilities/{canteen.slug}/")
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, new URL(l.href).pathname])"
    )
    assert sorted(alternates) == [
        ["en", f"/en/facilities/{canteen.slug}/"],
        ["x-default", f"/facilities/{canteen.slug}/"],
        ["zh-Hans", f"/facilities/{canteen.slug}/"],
    ]
    for hreflang, path in alternates:
        response = page.request.get(path)
        assert response.status == 200, (hreflang, path)


def test_canteen_with_a_verified_location_opens_in_amap(any_page, located_places):
    page = any_page
    canteen = located_places.canteen
    page.goto(f"/facilities/{canteen.slug}/")

    link = page.get_by_role("link", name="在高德地图中打开")
    expect(link).to_be_visible()
    href = urlsplit(link.get_attribute("href"))
    assert (href.scheme, href.netloc, href.path) == ("https", "uri.amap.com", "/marker")
    params = parse_qs(href.query)
    # Amap expects GCJ-02 "longitude,latitude": the stored WGS-84 test point, converted.
    gcj_lat, gcj_lng = wgs84_to_gcj02(float(canteen.latitude), float(canteen.longitude))
    assert params["position"] == [f"{gcj_lng:.6f},{gcj_lat:.6f}"]
    assert params["name"] == ["香泉智助食堂"]
    assert params["coordinate"] == ["gaode"]
    shift = haversine_m(gcj_lat, gcj_lng, float(canteen.latitude), float(canteen.longitude))
    assert 100 < shift < 1000, "the GCJ-02 offset in Shanghai is a few hundred metres"
    expect(page.get_by_text("位置待核实")).to_have_count(0)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "resident-canteen-amap")


def test_no_amap_link_while_the_location_is_not_verified(desktop_page, canteen):
    # A point typed in but not yet checked by staff must not send a resident walking to it.
    Facility.objects.filter(pk=canteen.pk).update(latitude="31.261500", longitude="121.401000", location_verified=False)
    page = desktop_page
    page.goto(f"/facilities/{canteen.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("香泉智助食堂")
    expect(page.get_by_role("link", name="在高德地图中打开")).to_have_count(0)
    expect(page.locator("a[href*='amap.com']")).to_have_count(0)
    expect(page.locator(".notice").filter(has_text="位置待核实")).to_be_visible()


def _expected_minutes(place, estate) -> int:
    metres = haversine_m(float(estate.latitude), float(estate.longitude), float(place.latitude), float(place.longitude))
    return displayed_minutes(walking_minutes(metres))


def test_resident_picks_their_estate_and_sees_the_nearest_place_first(any_page, located_places):
    page = any_page
    estate, near, far = located_places.estate, located_places.canteen, located_places.fitness
    near_minutes, far_minutes = _expected_minutes(near, estate), _expected_minutes(far, estate)
    assert near_minutes < far_minutes

    page.goto("/facilities/")
    expect(page.locator(".result-count")).to_contain_text("找到 3 处设施")
    page.get_by_label("我住的小区").select_option(label="测试苑")
    page.get_by_role("button", name="查找").click()

    expect(page).to_have_url(re.compile(r"/facilities/\?.*estate=test-garden"))
    expect(page.locator(".result-count")).to_contain_text("找到 2 处位置已核实的设施，由近到远排列")
    cards = page.locator(".cards .card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).get_by_role("heading", level=3)).to_have_text("香泉智助食堂")
    expect(cards.nth(0).locator(".distance")).to_contain_text(f"步行约 {near_minutes} 分钟")
    expect(cards.nth(1).get_by_role("heading", level=3)).to_have_text("测试健身点")
    expect(cards.nth(1).locator(".distance")).to_contain_text(f"步行约 {far_minutes} 分钟")
    # The place whose location is not verified is not ranked, but listed apart.
    unlocated = page.locator("section.unlocated")
    expect(unlocated.get_by_role("link", name="社区宝宝屋")).to_be_visible()
    expect(page.get_by_label("我住的小区")).to_have_value("test-garden")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "resident-nearby-estate")


def test_map_shows_markers_and_the_list_and_filters_by_kind(any_page, located_places, live_server):
    page = any_page
    site_host = urlsplit(live_server.url).hostname
    tiles_at, stub = tile_pattern(), blank_tile()
    tiles, outside = [], []

    def only_the_site_and_stubbed_tiles(route):
        url = route.request.url
        if urlsplit(url).hostname == site_host:
            route.continue_()
        elif tiles_at.match(url):
            tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=stub)
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_the_site_and_stubbed_tiles)
    page.goto("/map/")

    expect(page.get_by_role("heading", level=1)).to_have_text("地图")
    expect(page.get_by_role("region", name="设施地图")).to_be_visible()
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(2)  # the two places with a verified location; the baby house has none
    expect(page.locator(".leaflet-marker-icon[title='香泉智助食堂']")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon[title='测试健身点']")).to_be_visible()
    listing = page.locator(".map-list li")
    expect(listing).to_have_count(3)
    expect(listing.filter(has_text="社区宝宝屋")).to_contain_text("位置待核实")
    expect(page.locator("#map-tiles-failed")).to_be_hidden()
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "放大地图")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "缩小地图")
    assert tiles, "the map asked for its tiles (served here by the stub)"

    page.locator(".leaflet-marker-icon[title='香泉智助食堂']").click()
    popup = page.locator(".leaflet-popup")
    expect(popup.get_by_role("link", name="香泉智助食堂")).to_have_attribute(
        "href", f"/facilities/{located_places.canteen.slug}/"
    )

    page.get_by_label("设施类型").select_option(label="食堂")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"/map/\?kind=canteen"))
    expect(markers).to_have_count(1)
    expect(markers.first).to_have_attribute("title", "香泉智助食堂")
    expect(listing).to_have_count(1)
    expect(listing.first.get_by_role("link")).to_have_text("香泉智助食堂")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    save_screenshot(page, "resident-map-canteens")
    assert not outside, f"requests left the site: {outside}"
