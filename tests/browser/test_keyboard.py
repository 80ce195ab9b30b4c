"""Keyboard-only use: the skip link comes first and works, focus is always visible,
and Tab visits every control once and then leaves the page (no trap)."""

import pytest
from playwright.sync_api import expect

from .conftest import turn_on_elderly_mode
from .helpers import has_visible_focus

DESCRIBE_FOCUS = """() => { const el = document.activeElement;
    if (!el || el === document.body) return null;
    return el.tagName.toLowerCase() + '|' + (el.id || '') + '|' + (el.getAttribute('href') || '') + '|' + el.textContent.trim(); }"""
FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')]
    .filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map(el => el.tagName.toLowerCase() + '|' + (el.id || '') + '|' + (el.getAttribute('href') || '') + '|' + el.textContent.trim())"""


def test_skip_link_is_first_visible_when_focused_and_jumps_to_main(any_page, canteen):
    page = any_page
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, "the skip link must show when it has focus"
    assert has_visible_focus(page)

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="朗读本页")).to_be_focused()  # the first control of the main content
    page.keyboard.press("Tab")
    expect(page.get_by_label("搜索设施和服务")).to_be_focused()


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
@pytest.mark.parametrize("path", ["/", "/facilities/", "/en/"])
def test_tab_reaches_every_control_with_visible_focus_and_leaves_the_page(desktop_page, canteen, path, elderly):
    page = desktop_page
    if elderly:
        turn_on_elderly_mode(page)
    page.goto(path)
    expected = page.evaluate(FOCUSABLE)
    assert len(expected) > 8

    visited = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        current = page.evaluate(DESCRIBE_FOCUS)
        if current is None:  # focus left the document: nothing held it
            break
        assert has_visible_focus(page), f"no visible focus on {current}"
        visited.append(current)
    else:
        raise AssertionError(f"focus never left the page after {len(visited)} presses: {visited[-5:]}")
    assert visited == expected

    # And backwards: from outside the page, Shift+Tab comes back to the last control and walks the same way in reverse.
    for previous in reversed(visited[-6:]):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(DESCRIBE_FOCUS) == previous
