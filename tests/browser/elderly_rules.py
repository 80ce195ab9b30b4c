"""The MIIT 适老化 rules (互联网网站适老化通用设计规范) as browser measurements: each rule counts the elements
of the current page that fail it, so a report can say "0 of N" per rule and a test can ask for zeros.

Used by tests/browser/test_elderly_rules.py (every public page type, 长者模式 and 超大字, at 360 px), which
also writes the counts to test-artifacts/elderly-rules.txt (`make audit-elderly` prints them).
"""

from playwright.sync_api import Page

from .helpers import axe_violations, horizontal_overflow

# Rule name -> what it asks, as the report prints it.
RULES = {
    "text-size": "正文字号 ≥ 18 px（超大字 ≥ 30 px）",
    "line-height": "行距 ≥ 1.3 倍字号",
    "paragraph-spacing": "段落间距 ≥ 1.3 倍行距",
    "target-size": "按钮、表单控件、导航和主要链接 ≥ 60 × 60 px",
    "text-link-height": "正文中的链接高度 ≥ 44 px",
    "contrast": "对比度 ≥ 4.5 : 1（大字 3 : 1，axe-core color-contrast）",
    "colour-only": "不只用颜色区分（axe-core link-in-text-block：正文中的链接不只靠颜色）",
    "other-axe": "axe-core 其他严重问题（WCAG 2.1 A/AA）",
    "sideways-scroll": "360 px 宽无横向滚动",
    "popups": "无弹窗、浮层、自动刷新或动画等限时内容",
    "focus": "键盘焦点可见，轮廓 ≥ 3 px",
}

# Runs in the page: elements of the page that hold visible text of their own.
_TEXT_ELEMENTS = """() => [...document.querySelectorAll('body *')].filter(el =>
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
    && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
    && el.getBoundingClientRect().right > 0 && !el.closest('script, style, noscript, .leaflet-container'))"""

_MEASURE = """(minimumText) => {
  const describe = el => el.outerHTML.slice(0, 100);
  const texts = (TEXT_ELEMENTS)();
  const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]);
  const lineHeight = el => { const v = getComputedStyle(el).lineHeight; return v === 'normal' ? 1.2 * px(el, 'fontSize') : parseFloat(v); };
  const visible = el => { const s = getComputedStyle(el); const b = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && b.width > 0 && b.height > 0 && b.right > 0 && b.bottom > 0; };
  const inRunningText = a => a.tagName === 'A' && a.parentElement
    && [...a.parentElement.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const interactive = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex='-1'])")]
    .filter(visible).filter(el => !el.closest('.leaflet-container'));
  const paragraphs = [...document.querySelectorAll('main p, footer p')].filter(p => p.textContent.trim() && visible(p));
  const fixed = [...document.querySelectorAll('body *')].filter(el => visible(el) && getComputedStyle(el).position === 'fixed');
  const timed = [...document.querySelectorAll("dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true], meta[http-equiv=refresh i], marquee, blink")];
  const animated = document.getAnimations().filter(a => a.playState === 'running').map(a => a.effect && a.effect.target).filter(Boolean);
  return {
    'text-size': texts.filter(el => px(el, 'fontSize') < minimumText - 0.05).map(el => describe(el) + ' ' + px(el, 'fontSize') + 'px'),
    'line-height': texts.filter(el => lineHeight(el) < 1.3 * px(el, 'fontSize') - 0.5).map(describe),
    'paragraph-spacing': paragraphs.filter(p => px(p, 'marginBottom') < 1.3 * lineHeight(p) - 0.5).map(describe),
    'target-size': interactive.filter(el => !inRunningText(el)).filter(el => { const b = el.getBoundingClientRect();
      return b.width < 59.5 || b.height < 59.5; }).map(el => describe(el) + ' ' + Math.round(el.getBoundingClientRect().width) + 'x' + Math.round(el.getBoundingClientRect().height)),
    'text-link-height': interactive.filter(inRunningText).filter(el => el.getBoundingClientRect().height < 43.5).map(describe),
    'popups': [...fixed, ...timed, ...animated].map(el => el.outerHTML ? describe(el) : String(el)),
  };
}""".replace("TEXT_ELEMENTS", _TEXT_ELEMENTS)

_FOCUS = """() => { const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {html: el.outerHTML.slice(0, 100), ok: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 3};
}"""
_FOCUSABLE_COUNT = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden').length"""
COLOUR_ONLY_RULES = {"link-in-text-block"}


def _unfocused(page: Page) -> list[str]:
    """Tabs through the whole page; every element that takes focus must draw an outline of at least 3 px."""
    failing = []
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(page.evaluate(_FOCUSABLE_COUNT) + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUS)
        if focused is None:
            break
        if not focused["ok"]:
            failing.append(focused["html"])
    return failing


def measure(page: Page, *, minimum_text: float) -> dict[str, list[str]]:
    """Every rule of RULES -> the elements of the current page that fail it (described, for the report)."""
    failures = page.evaluate(_MEASURE, minimum_text)
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    failures["contrast"] = [
        " ".join(n["target"]) for v in violations if v["id"] == "color-contrast" for n in v["nodes"]
    ]
    failures["colour-only"] = [
        " ".join(n["target"]) for v in violations if v["id"] in COLOUR_ONLY_RULES for n in v["nodes"]
    ]
    failures["other-axe"] = [
        f"{v['id']}: " + " ".join(n["target"])
        for v in serious
        if v["id"] != "color-contrast" and v["id"] not in COLOUR_ONLY_RULES
        for n in v["nodes"]
    ]
    overflow = horizontal_overflow(page)  # against the screen's width (a phone zooms out for a wider page)
    failures["sideways-scroll"] = [f"{overflow}px"] if overflow > 0 else []
    failures["focus"] = _unfocused(page)
    return {rule: failures[rule] for rule in RULES}
