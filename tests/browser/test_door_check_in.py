"""Check-in at the door on a 360 px phone: the camera reads the resident's QR code (Chromium's fake camera plays
a video of a segno QR code of a known sign-up code), a typed code and a walk-in tap made offline are kept in the
phone and sent when the network returns, and only the check-in page may use the camera.

This module runs its own Chromium: the fake-camera flags apply to the whole browser, so no other module shares it.
"""

import io
from pathlib import Path

import pytest
import segno
from PIL import Image
from playwright.sync_api import expect

from activities.models import SignUp, SignUpStatus
from tests.activities.factories import ActivityFactory, sign_up
from wanli.roles import DOOR_STAFF

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .helpers import assert_accessible, assert_no_horizontal_scroll, save_screenshot, small_targets

# The code the fake camera shows (a valid tracking code made up for the test; the sign-up is given it).
CAMERA_CODE = "QRDR2345CHKN"
FRAME_SIZE = (640, 480)


def qr_video(path: Path, text: str, *, frames: int = 10) -> Path:
    """A Y4M video (what --use-file-for-fake-video-capture plays, looping) of a QR code on a white frame:
    segno draws the PNG, Pillow centres it, the luma plane carries the picture and the chroma planes are grey."""
    png = io.BytesIO()
    segno.make(text, error="m", micro=False).save(png, kind="png", scale=8, border=4)
    code = Image.open(png).convert("L")
    frame = Image.new("L", FRAME_SIZE, 255)
    frame.paste(code, ((FRAME_SIZE[0] - code.width) // 2, (FRAME_SIZE[1] - code.height) // 2))
    width, height = FRAME_SIZE
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return path


@pytest.fixture(scope="module")
def browser(playwright_driver, tmp_path_factory):
    """Chromium with a fake camera that films CAMERA_CODE's QR code, and the permission prompt answered yes."""
    video = qr_video(tmp_path_factory.mktemp("camera") / "qr.y4m", CAMERA_CODE)
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    chromium = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + camera, headless=True
    )
    yield chromium
    chromium.close()


@pytest.fixture
def door(role_user):
    """A published activity with a confirmed party of two, and a colleague at the door in the 活动签到 role."""
    activity = ActivityFactory(title="社区太极拳", capacity=10, max_party_size=3)
    party = sign_up(activity, name="王秀英", phone="13912345678", party_size=2)
    return activity, party, role_user(DOOR_STAFF, "door.volunteer")


def door_url(activity) -> str:
    return f"/activities/staff/{activity.slug}/check-in/"


def camera_answer(page) -> str:
    """What asking for the camera gives on the current page: "ok", or the error's name."""
    return page.evaluate(
        """() => navigator.mediaDevices.getUserMedia({video: true}).then(
            (stream) => { stream.getTracks().forEach((t) => t.stop()); return "ok"; },
            (error) => error.name)"""
    )


def test_the_phone_camera_reads_the_qr_code_and_checks_the_party_in(signed_in_page, door):
    activity, party, volunteer = door
    SignUp.objects.filter(pk=party.pk).update(tracking_code=CAMERA_CODE)
    page = signed_in_page(volunteer, "phone")
    page.goto(door_url(activity))
    expect(page.get_by_role("heading", level=1)).to_have_text("签到：社区太极拳")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    # The door page's own controls, held in one hand; the site header is measured by the elderly-mode tests.
    assert [t for t in small_targets(page, 44) if 'class="brand"' not in t["html"]] == []

    page.get_by_role("button", name="打开摄像头扫码").click()
    answer = page.locator("#check-in-result .check-in-answer")
    expect(answer).to_contain_text("签到成功", timeout=20_000)
    expect(answer).to_contain_text("王** · 2 人")
    expect(page.locator("[data-count=attended_people]")).to_have_text("2")
    save_screenshot(page, "door-check-in-camera")
    party.refresh_from_db()
    assert party.status == SignUpStatus.ATTENDED and party.checked_in_by == volunteer
    page.get_by_role("button", name="关闭摄像头").click()
    expect(page.locator("#camera-video")).to_be_hidden()


def test_a_scan_and_a_walk_in_made_offline_are_kept_and_sent_when_the_network_returns(signed_in_page, door):
    activity, party, volunteer = door
    page = signed_in_page(volunteer, "phone")
    page.goto(door_url(activity))
    page.context.set_offline(True)
    page.get_by_label("输入报名码").fill(party.display_code.lower())
    page.get_by_role("button", name="签到", exact=True).click()
    page.get_by_role("button", name="现场加入 +1").click()
    pending = page.locator("#check-in-pending")
    expect(pending).to_contain_text("待发送：2 条")
    expect(page.locator("[data-count=walk_in_people]")).to_have_text("1")  # counted on the phone at once
    party.refresh_from_db()
    assert party.status == SignUpStatus.CONFIRMED and activity.walk_ins.count() == 0

    page.context.set_offline(False)
    expect(page.locator("#check-in-result")).to_contain_text("签到成功")
    expect(pending).to_be_hidden()
    party.refresh_from_db()
    assert party.status == SignUpStatus.ATTENDED
    assert activity.walk_ins.people() == 1
    expect(page.locator("[data-count=present_people]")).to_have_text("3")


def test_what_was_kept_offline_survives_closing_the_page(signed_in_page, door):
    activity, party, volunteer = door
    page = signed_in_page(volunteer, "phone")
    page.goto(door_url(activity))
    page.context.set_offline(True)
    page.get_by_label("输入报名码").fill(party.tracking_code)
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator("#check-in-pending")).to_contain_text("待发送：1 条")
    context = page.context
    page.close()
    context.set_offline(False)
    again = context.new_page()
    again.goto(door_url(activity))  # the queue kept in localStorage goes out on load
    expect(again.locator("#check-in-result")).to_contain_text("签到成功")
    party.refresh_from_db()
    assert party.status == SignUpStatus.ATTENDED
    assert again.evaluate("() => Object.keys(localStorage).filter(k => localStorage.getItem(k) !== '[]').length") == 0


def test_only_the_check_in_page_may_use_the_camera(signed_in_page, role_user, door):
    activity, _party, volunteer = door
    page = signed_in_page(volunteer, "phone")
    response = page.goto(door_url(activity))
    assert "camera=(self)" in response.headers["permissions-policy"]
    assert camera_answer(page) == "ok"
    response = page.goto("/activities/staff/")
    assert "camera=()" in response.headers["permissions-policy"]
    assert camera_answer(page) == "NotAllowedError"
    page.goto(activity.get_absolute_url())
    assert camera_answer(page) == "NotAllowedError"


def test_the_door_script_runs_under_the_sites_content_security_policy(browser, live_server, door):
    """The other tests bypass the CSP (to inject axe-core); here the page's own policy is enforced."""
    from django.conf import settings
    from django.test import Client

    activity, party, volunteer = door
    client = Client()
    client.force_login(volunteer)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    response = page.goto(door_url(activity))
    assert "script-src" in response.headers["content-security-policy"]
    assert page.evaluate("() => typeof window.jsQR") == "function"
    page.get_by_label("输入报名码").fill(party.tracking_code)
    page.get_by_role("button", name="签到", exact=True).click()
    expect(page.locator("#check-in-recent li")).to_contain_text("签到成功")  # written by the script, not a reload
    assert violations == []
    context.close()
