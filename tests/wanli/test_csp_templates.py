"""The Content-Security-Policy forbids inline script without a nonce, inline styles and event-handler
attributes: this keeps every template of the portal within it (a blocked script fails silently in the
browser, so it is caught here instead)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_SCRIPT_TYPE = re.compile(r"""type=["']application/(ld\+)?json["']""", re.IGNORECASE)
INLINE_STYLE = re.compile(r"""<style\b|\sstyle=["']""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+=["']""", re.IGNORECASE)
# Pages whose view relaxes the policy for itself (opendata/urls.py: the API documentation).
RELAXED = {"opendata/templates/opendata/redoc.html"}


def portal_templates() -> list[Path]:
    folders = [ROOT / "templates"] + [ROOT / app / "templates" for app in settings.LOCAL_APPS]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def violations(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" in attributes or "nonce=" in attributes or DATA_SCRIPT_TYPE.search(attributes):
            continue
        found.append(f"inline <script> without a nonce: {match.group(0)}")
    found += [f"inline style: {m.group(0)}" for m in INLINE_STYLE.finditer(text)]
    found += [f"event-handler attribute: {m.group(0)[:60]}" for m in EVENT_HANDLER.finditer(text)]
    return found


def test_the_checker_catches_what_the_policy_blocks():
    assert violations("<script>alert(1)</script>")
    assert violations('<p style="color:red">')
    assert violations('<button onclick="go()">')
    assert not violations('<script src="/static/js/map.js" defer></script>')
    assert not violations('<script nonce="{{ request.csp_nonce }}">init()</script>')
    assert not violations('<script type="application/ld+json">{}</script>')


def test_no_template_needs_what_the_content_security_policy_blocks():
    templates = portal_templates()
    assert templates
    problems = {
        str(path.relative_to(ROOT)): found
        for path in templates
        if str(path.relative_to(ROOT)) not in RELAXED and (found := violations(path.read_text(encoding="utf-8")))
    }
    assert not problems, problems
