"""What the browser tests measure: axe-core, tap targets, text size, horizontal scroll, keyboard focus, screenshots.

Each helper takes a Playwright `Page`, so a new journey (rider request, staff admin, manager dashboard, map)
calls them in a line each:

    assert_accessible(page)          # axe-core, WCAG 2.1 A/AA, no serious or critical violations
    assert_no_horizontal_scroll(page)
    assert_targets_at_least(page, 44)
    save_screenshot(page, "rider-request")
"""

import io
import json
import re
from pathlib import Path

from django.conf import settings
from PIL import Image
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# What a person can tap or click.
INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex='-1'])"


def axe_violations(page: Page, *, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """Runs axe-core on the page as it is now; returns every violation (any impact)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Injected as an inline script, which a Content-Security-Policy would block: contexts are made
        # with bypass_csp=True for exactly this reason.
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    return result["violations"]


def assert_accessible(page: Page) -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the current page."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found on {page.url}:\n" + "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} -> " + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when it fits). Measured against the viewport the
    test asked for, not window.innerWidth: a phone (is_mobile) widens its layout viewport to fit wide content, so
    innerWidth grows with the overflow and would hide it."""
    return page.evaluate("() => document.documentElement.scrollWidth") - page.viewport_size["width"]


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = horizontal_overflow(page)
    if overflow > 0:
        culprits = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
            page.viewport_size["width"],
        )
        raise AssertionError(f"{page.url} scrolls sideways by {overflow}px at {page.viewport_size}: {culprits}")


def small_targets(page: Page, minimum: int) -> list[dict]:
    """Visible interactive elements smaller than minimum x minimum CSS pixels."""
    return page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
            .filter(el => {
                const style = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0
                    && box.right > 0 && box.bottom > 0;  // the off-screen skip link is measured when it shows
            })
            .map(el => ({html: el.outerHTML.slice(0, 120), width: el.getBoundingClientRect().width,
                         height: el.getBoundingClientRect().height}))
            .filter(t => t.width < minimum - 0.5 || t.height < minimum - 0.5)""",
        [INTERACTIVE, minimum],
    )


def interactive_count(page: Page) -> int:
    return page.evaluate("(selector) => document.querySelectorAll(selector).length", INTERACTIVE)


def assert_targets_at_least(page: Page, minimum: int) -> None:
    small = small_targets(page, minimum)
    assert not small, f"targets under {minimum}px on {page.url}:\n" + json.dumps(small, ensure_ascii=False, indent=1)


def font_size_px(page: Page, selector: str = "body") -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


def smallest_text_px(page: Page) -> float:
    """The smallest computed font size of any visible element that holds text of its own."""
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('body *')]
            .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                          && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
            .filter(el => el.getBoundingClientRect().right > 0)
            .map(el => parseFloat(getComputedStyle(el).fontSize)))"""
    )


def has_visible_focus(page: Page) -> bool:
    """Whether the focused element draws a focus outline of at least 3 px (the 适老化 rules' visible focus)."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 3; }"""
    )


def viewport_label(page: Page) -> str:
    return f"{page.viewport_size['width']}px"


def save_screenshot(page: Page, name: str) -> Path:
    """Writes test-artifacts/<name>-<width>px.png (the whole page) and returns the path."""
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    path = ARTIFACTS / f"{safe}-{viewport_label(page)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def contrast_ratio(page: Page, selector: str) -> float:
    """WCAG contrast ratio between the first matching element's text colour and the background behind it."""
    return page.eval_on_selector(
        selector,
        """el => {
            const rgb = s => s.match(/[\\d.]+/g).map(Number);
            const luminance = ([r, g, b]) => {
                const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
            };
            let node = el, background = null;
            while (node && node.nodeType === 1) {
                const parts = rgb(getComputedStyle(node).backgroundColor);
                if (parts.length < 4 || parts[3] > 0) { background = parts; break; }
                node = node.parentElement;
            }
            background = background || [255, 255, 255];
            const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(background)];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
    )


def axe_rule_violations(page: Page, rules: list[str]) -> list[dict]:
    """Runs only the named axe rules (for rules outside the WCAG A/AA tags, such as AAA contrast)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async (rules) => await axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
        rules,
    )
    return result["violations"]


def blank_tile() -> bytes:
    """A transparent 256 x 256 PNG, served in place of every map tile."""
    buffer = io.BytesIO()
    Image.new("RGBA", (256, 256), (0, 0, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def tile_pattern() -> re.Pattern:
    """MAP_TILE_URL as a regular expression ({z}/{x}/{y} numbers, {s} a subdomain, {r} an optional "@2x")."""
    pattern = re.escape(settings.MAP_TILE_URL)
    for placeholder, part in [("z", r"\d+"), ("x", r"\d+"), ("y", r"\d+"), ("s", r"[a-z0-9]+"), ("r", r"(@2x)?")]:
        pattern = pattern.replace(re.escape("{" + placeholder + "}"), part)
    return re.compile(pattern + "$")
