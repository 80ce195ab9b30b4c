"""Every public page type, in both languages, in normal and elderly mode, on a phone and a desktop:
no serious or critical axe-core violation and no sideways scrolling; in elderly mode, text of 18 px and more,
targets of 44 px and more, and AAA contrast."""

import pytest

from .conftest import turn_on_elderly_mode
from .helpers import (
    assert_accessible,
    assert_no_horizontal_scroll,
    assert_targets_at_least,
    axe_rule_violations,
    font_size_px,
    interactive_count,
    smallest_text_px,
)

PAGE_TYPES = [
    "home",
    "facility-list",
    "search-results",
    "site-search",
    "site-search-nothing-found",
    "filter-error",
    "facility-detail",
    "privacy",
    "service-list",
    "service-detail",
    "request-form",
    "track-request",
    "map",
    "life-circle",
    "report-card",
    "not-found",
    "contact",
    "shortlist",
    "sign-in",
]
LANGUAGES = {"zh": "", "en": "/en"}


@pytest.mark.parametrize("mode", ["normal", "elderly"])
@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_is_accessible_and_fits_the_screen(any_page, public_pages, page_type, language, mode):
    page = any_page
    if mode == "elderly":
        turn_on_elderly_mode(page)
    response = page.goto(LANGUAGES[language] + public_pages[page_type])
    assert response.status == (404 if page_type == "not-found" else 200)
    assert page.eval_on_selector("html", "el => el.lang") == ("en" if language == "en" else "zh-Hans")

    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    if mode == "elderly":
        assert "elderly" in page.eval_on_selector("body", "el => el.className")
        assert font_size_px(page) >= 18
        assert smallest_text_px(page) >= 18
        assert interactive_count(page) > 3
        assert_targets_at_least(page, 44)
        assert not axe_rule_violations(page, ["color-contrast-enhanced"]), "elderly mode must meet AAA contrast (7:1)"
    else:
        assert "elderly" not in page.eval_on_selector("body", "el => el.className")


def test_every_public_page_type_is_checked(public_pages):
    assert sorted(PAGE_TYPES) == sorted(public_pages), "add the new page type to PAGE_TYPES"
