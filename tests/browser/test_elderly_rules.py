"""The 适老化 rules measured on every public page type in 长者模式 and in 超大字, at 360 px: each rule's count
of failing elements is written to test-artifacts/elderly-rules.txt (and printed), and every count must be 0."""

import pytest

from .conftest import turn_on_elderly_mode
from .elderly_rules import RULES, measure
from .helpers import ARTIFACTS, font_size_px

MODES = {"elderly": 18, "largest-text": 30}  # mode -> the smallest text it allows, in px
_report: dict[str, dict[str, dict[str, list[str]]]] = {}


def turn_on_largest_text(page) -> None:
    """Uses the 超大字 link in the header the way a resident does (it shows once 长者模式 is on)."""
    turn_on_elderly_mode(page)
    page.get_by_role("link", name="超大字", exact=True).click()
    page.wait_for_url("**/")
    assert "largest-text" in page.eval_on_selector("body", "el => el.className")


def write_report() -> str:
    lines = ["适老化 measurement (360 px, every public page type): failing elements per rule", ""]
    modes = list(_report)
    lines.append("rule".ljust(20) + "".join(mode.rjust(16) for mode in modes) + "  rule text")
    for rule, text in RULES.items():
        counts = [sum(len(page[rule]) for page in _report[mode].values()) for mode in modes]
        lines.append(rule.ljust(20) + "".join(str(count).rjust(16) for count in counts) + f"  {text}")
    lines.append("")
    for mode in modes:
        pages = _report[mode]
        lines.append(f"{mode}: {len(pages)} pages")
        for name, failures in pages.items():
            for rule, elements in failures.items():
                for element in elements[:5]:
                    lines.append(f"  {name} {rule}: {element}")
    text = "\n".join(lines) + "\n"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "elderly-rules.txt").write_text(text, encoding="utf-8")
    print("\n" + text)
    return text


@pytest.mark.parametrize("mode", list(MODES))
def test_every_public_page_meets_the_elderly_rules(phone_page, public_pages, mode):
    page = phone_page
    (turn_on_largest_text if mode == "largest-text" else turn_on_elderly_mode)(page)
    results = _report.setdefault(mode, {})
    for name, path in public_pages.items():
        page.goto(path)
        results[name] = measure(page, minimum_text=MODES[mode])
        assert font_size_px(page) >= MODES[mode], f"{name}: body text under {MODES[mode]}px"
    report = write_report()
    failing = {
        f"{name} {rule}": elements[:3]
        for name, failures in results.items()
        for rule, elements in failures.items()
        if elements
    }
    assert not failing, report


def test_the_measurement_notices_failures_in_normal_mode(phone_page, canteen):
    """Without 长者模式 the same measurement finds small text, small targets and tight paragraphs: the rules
    can fail, so their zeros above mean something."""
    page = phone_page
    page.goto(f"/facilities/{canteen.slug}/")
    failures = measure(page, minimum_text=18)
    for rule in ("text-size", "target-size", "paragraph-spacing"):
        assert failures[rule], rule

    # And the rules no page breaks today: a thin focus ring, an overlay, a too-wide block, grey-on-white text.
    page.add_style_tag(content=":focus-visible { outline-width: 1px !important; } main h1 { color: #bbb !important; }")
    page.evaluate("""() => { const overlay = document.createElement('div'); overlay.textContent = 'overlay';
        overlay.style.cssText = 'position: fixed; top: 0; left: 0; width: 420px; height: 40px; background: #fff';
        document.body.append(overlay); }""")
    failures = measure(page, minimum_text=18)
    for rule in ("focus", "popups", "contrast"):
        assert failures[rule], rule
    page.evaluate("() => { document.querySelector('main').style.minWidth = '500px'; }")
    assert measure(page, minimum_text=18)["sideways-scroll"]
