"""Every public page is complete in English: when the content has its English fields, an English page shows
no Chinese text except where it is marked lang="zh-Hans" (the language switch's 简体中文)."""

import re
from datetime import time
from html.parser import HTMLParser

import pytest

from tests.facilities.factories import FacilityFactory, FacilityKindFactory, OpeningPeriodFactory
from tests.services.factories import (
    MenuFactory,
    MenuItemFactory,
    ServiceAtLocationFactory,
    ServiceCategoryFactory,
    ServiceFactory,
)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "area", "wbr", "col", "base", "embed", "track"}
TEXT_ATTRIBUTES = {
    "content",
    "placeholder",
    "alt",
    "aria-label",
    "title",
    "value",
    "data-locating",
    "data-denied",
    "data-unsupported",
}


class ChineseTextFinder(HTMLParser):
    """Collects text and readable attributes containing Chinese outside elements marked lang="zh…"."""

    def __init__(self):
        super().__init__()
        self.lang_stack: list[str | None] = []
        self.found: list[str] = []

    def inside_chinese(self, lang: str | None = None) -> bool:
        return any((value or "").lower().startswith("zh") for value in [*self.lang_stack, lang])

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if not self.inside_chinese(attributes.get("lang")):
            for name, value in attrs:
                if name in TEXT_ATTRIBUTES and value and CJK.search(value):
                    if not (tag == "meta" and attributes.get("name") not in ("description",)):
                        self.found.append(f"<{tag} {name}>: {value}")
        if tag not in VOID:
            self.lang_stack.append(attributes.get("lang"))

    def handle_endtag(self, tag):
        if tag not in VOID and self.lang_stack:
            self.lang_stack.pop()

    def handle_data(self, data):
        if CJK.search(data) and not self.inside_chinese():
            self.found.append(data.strip())


def chinese_outside_zh(html: str) -> list[str]:
    finder = ChineseTextFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_sees_text_and_attributes_but_respects_lang():
    html = (
        '<html lang="en"><head><meta name="description" content="万里"></head><body>'
        '<p>Hello 你好</p><input placeholder="例如"><a lang="zh-Hans" href="/">简体中文</a>'
        '<div lang="zh-Hans"><p>中文内容</p></div><p>Fine</p></body></html>'
    )
    assert chinese_outside_zh(html) == ["<meta content>: 万里", "Hello 你好", "<input placeholder>: 例如"]


@pytest.fixture
def english_content(db):
    kind = FacilityKindFactory(slug="canteen", name="食堂", name_en="Canteen")
    canteen = FacilityFactory(
        name="香泉智助食堂",
        name_en="Xiangquan Smart Canteen",
        kind=kind,
        summary="社区食堂",
        summary_en="Community canteen",
        description="服务居民",
        description_en="Serves residents",
        audiences=["elderly", "new_employment"],
        capacity=40,
        capacity_unit="座位",
        follows_public_holidays=False,
    )
    # Two periods every day, so today's line lists several intervals whatever the day the test runs.
    for weekday in range(7):
        OpeningPeriodFactory(facility=canteen, weekday=weekday, opens=time(10, 30), closes=time(13, 30))
        OpeningPeriodFactory(facility=canteen, weekday=weekday, opens=time(16, 30), closes=time(19, 0))
    menu = MenuFactory(facility=canteen, meal="lunch")
    MenuItemFactory(
        menu=menu, dish="清蒸鲈鱼", dish_en="Steamed sea bass", discount_for="elderly", discounted_price="10.00"
    )
    service = ServiceFactory(
        name="社区助餐",
        name_en="Community meals",
        summary="助餐",
        summary_en="Meals for older residents",
        category=ServiceCategoryFactory(name="助餐", name_en="Meals"),
        audiences=["elderly"],
    )
    ServiceAtLocationFactory(service=service, facility=canteen)
    canteen.meal_service = service
    return canteen


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_english_pages_have_no_untranslated_chinese(client, english_content, elderly):
    if elderly:
        client.cookies["elderly_mode"] = "1"
    paths = [
        "/en/",
        "/en/privacy/",
        "/en/facilities/",
        "/en/facilities/?q=canteen",
        "/en/facilities/?kind=nope",
        f"/en/facilities/{english_content.slug}/",
        "/en/facilities/no-such-place/",
        "/en/services/",
        f"/en/services/{english_content.meal_service.slug}/",
    ]
    untranslated = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        found = [
            text
            for text in chinese_outside_zh(response.content.decode())
            # Staff-entered units have no English field yet; the number beside them is still clear.
            if text != "40 座位"
        ]
        if found:
            untranslated[path] = found
    assert not untranslated
