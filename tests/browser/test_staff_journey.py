"""Street-office staff in the admin: a publisher adds a facility with its hours and a photo, publishes it, and
residents see it; a content editor may edit but cannot publish, so a draft stays off the public pages."""

import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from facilities.models import Facility, FacilityPhoto
from publishing.publishable import PublicationStatus
from tests.facilities.factories import FacilityFactory, FacilityKindFactory
from wanli.roles import CONTENT_EDITOR, PUBLISHER

from .helpers import assert_accessible, save_screenshot

NEW_FACILITY = "测试长者食堂"  # test data, not a real place
OPENS, CLOSES = "10:30", "13:30"


@pytest.fixture
def canteen_kind(transactional_db):
    return FacilityKindFactory(slug="canteen", name="食堂", name_en="Canteen")


@pytest.fixture
def photo_file(tmp_path) -> Path:
    """A small real PNG, as a phone photo would be once exported (test image: coloured blocks)."""
    image = Image.new("RGB", (800, 600), (230, 240, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 700, 500), fill=(200, 80, 40))
    draw.ellipse((300, 200, 500, 400), fill=(40, 120, 200))
    path = tmp_path / "canteen-dining-room.png"
    image.save(path, format="PNG")
    return path


def serve_media_from_media_root(page) -> None:
    """Production serves /media/ from the web server, not Django; here the browser is given the stored files."""
    media_root = Path(settings.MEDIA_ROOT)

    def fulfil(route):
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1]
        path = (media_root / relative).resolve()
        if media_root.resolve() not in path.parents or not path.is_file():
            route.fulfill(status=404, body="")
            return
        route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0])

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


def choose_kind(page, name: str) -> None:
    """The kind is an autocomplete (select2): type, then pick the suggestion."""
    page.locator(".field-kind .select2-selection").click()
    page.locator(".select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()
    expect(page.locator("#select2-id_kind-container")).to_have_text(name)


def add_inline_row(page, group: str) -> None:
    page.locator(f"#{group}-group .add-row a").click()


def fill_in_the_new_facility(page, photo_file: Path) -> None:
    """The add form: name, kind, summary, hours for every day of the week and one photo."""
    page.locator("#id_name").fill(NEW_FACILITY)
    choose_kind(page, "食堂")
    page.locator("#id_summary").fill("为长者提供午餐（测试数据）。")
    page.locator("#id_follows_public_holidays").uncheck()
    for weekday in range(7):  # open every day, so "today" on the public page is the same whenever the test runs
        add_inline_row(page, "opening_periods")
        page.locator(f"#id_opening_periods-{weekday}-weekday").select_option(str(weekday))
        page.locator(f"#id_opening_periods-{weekday}-opens").fill(OPENS)
        page.locator(f"#id_opening_periods-{weekday}-closes").fill(CLOSES)
    add_inline_row(page, "photos")
    page.locator("#id_photos-0-image").set_input_files(photo_file)
    page.locator("#id_photos-0-alt_text").fill("食堂就餐区，摆着几张方桌")
    page.locator("#id_photos-0-caption").fill("就餐区")


def publish_from_the_list(page) -> None:
    """Publishing is an action on the list (发布所选内容), offered to publishers."""
    row = page.locator("#result_list tbody tr").filter(has_text=NEW_FACILITY)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("已发布 1 条内容")
    expect(row.locator(".field-publication_status")).to_have_text("已发布")


def assert_the_resident_sees_it(visitor, facility: Facility) -> None:
    """The public list leads to the facility's page, with today's hours, the week and the photo's thumbnail."""
    visitor.goto("/facilities/")
    visitor.get_by_role("link", name=NEW_FACILITY).click()
    expect(visitor).to_have_url(re.compile(rf"/facilities/{facility.slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEW_FACILITY)
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    expect(visitor.locator(".now-box p").filter(has_text="今天")).to_contain_text(f"{OPENS}–{CLOSES}")
    expect(visitor.locator(".hours tbody tr")).to_have_count(7)
    image = visitor.get_by_role("img", name="食堂就餐区，摆着几张方桌")
    expect(image).to_have_attribute("src", re.compile(rf"^{settings.MEDIA_URL}facilities/thumbnails/.+-480x360\.jpg$"))
    expect(visitor.locator(".photos figcaption")).to_have_text("就餐区")
    image.scroll_into_view_if_needed()
    visitor.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    # The browser picked one of the two renditions from srcset and decoded it; the upload itself is not shown.
    shown = urlsplit(image.evaluate("img => img.currentSrc")).path
    assert re.fullmatch(rf"{settings.MEDIA_URL}facilities/thumbnails/.+-(480x360|960x720)\.jpg", shown), shown
    with Image.open(Path(settings.MEDIA_ROOT) / shown.removeprefix(settings.MEDIA_URL)) as rendition:
        assert (rendition.format, f"{rendition.width}x{rendition.height}") == ("JPEG", shown.rsplit("-", 1)[1][:-4])


def test_publisher_adds_a_facility_with_hours_and_a_photo_publishes_it_and_residents_see_it(
    signed_in_page,
    new_context,
    role_user,
    canteen_kind,
    photo_file,
):
    publisher = role_user(PUBLISHER, "zhang.publisher")
    page = signed_in_page(publisher, "desktop")
    page.goto("/admin/")
    page.locator("a.addlink[href$='/facilities/facility/add/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("增加 设施")

    fill_in_the_new_facility(page, photo_file)
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text(NEW_FACILITY)
    facility = Facility.objects.get(name=NEW_FACILITY)
    assert facility.publication_status == PublicationStatus.DRAFT, "a new facility starts as a draft"
    assert facility.opening_periods.count() == 7
    photo = FacilityPhoto.objects.get(facility=facility)
    assert photo.thumbnail and photo.thumbnail_2x

    publish_from_the_list(page)
    facility.refresh_from_db()
    assert facility.publication_status == PublicationStatus.PUBLISHED
    save_screenshot(page, "staff-published")

    # A resident who was never signed in, on a phone.
    visitor = new_context("phone").new_page()
    serve_media_from_media_root(visitor)
    assert_the_resident_sees_it(visitor, facility)
    assert_accessible(visitor)
    save_screenshot(visitor, "staff-published-facility-public")

    # The same last page at a desk, for the desktop screenshot.
    at_a_desk = new_context("desktop").new_page()
    serve_media_from_media_root(at_a_desk)
    at_a_desk.goto(f"/facilities/{facility.slug}/")
    expect(at_a_desk.get_by_role("heading", level=1)).to_have_text(NEW_FACILITY)
    expect(at_a_desk.get_by_role("img", name="食堂就餐区，摆着几张方桌")).to_be_visible()
    save_screenshot(at_a_desk, "staff-published-facility-public")


def test_content_editor_cannot_publish_and_the_draft_stays_off_the_public_list(
    signed_in_page,
    new_context,
    role_user,
    canteen_kind,
):
    draft = FacilityFactory(
        name="测试草稿食堂", slug="test-draft-canteen", kind=canteen_kind, publication_status=PublicationStatus.DRAFT
    )
    editor = role_user(CONTENT_EDITOR, "li.editor")
    page = signed_in_page(editor, "desktop")
    page.goto("/admin/facilities/facility/")

    actions = page.locator("select[name=action] option")
    offered = actions.evaluate_all("options => options.map(o => o.value)")
    assert "mark_verified_today" in offered, "an editor may record a check"
    assert not {"publish_selected", "unpublish_selected", "archive_selected"} & set(offered)

    # Even a forged choice (an option added to the page) is refused by the server.
    page.locator("select[name=action]").evaluate(
        "select => select.add(new Option('发布所选内容（居民可见）', 'publish_selected'))"
    )
    row = page.locator("#result_list tbody tr").filter(has_text="测试草稿食堂")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .warning")).to_be_visible()
    expect(page.locator(".messagelist .success")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.publication_status == PublicationStatus.DRAFT

    # On the change form the status is shown, not editable; the editor's other edits are saved.
    row.get_by_role("link", name="测试草稿食堂").click()
    expect(page.locator("#id_publication_status")).to_have_count(0)
    expect(page.locator(".field-publication_status .readonly")).to_have_text("草稿")
    page.locator("#id_summary").fill("编辑修改后的简介（测试数据）。")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("测试草稿食堂")
    draft.refresh_from_db()
    assert draft.summary == "编辑修改后的简介（测试数据）。"
    assert draft.publication_status == PublicationStatus.DRAFT
    save_screenshot(page, "staff-editor-cannot-publish")

    visitor = new_context("phone").new_page()
    visitor.goto("/facilities/")
    expect(visitor.locator(".result-count")).to_contain_text("找到 0 处设施")
    expect(visitor.get_by_role("link", name="测试草稿食堂")).to_have_count(0)
    response = visitor.goto(f"/facilities/{draft.slug}/")
    assert response.status == 404
    save_screenshot(visitor, "staff-draft-not-public")
