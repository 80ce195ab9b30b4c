"""No page tells a resident to phone or visit without the number or address to use (issue 16).

Every public page type is rendered on the real seed (which has no phone numbers), in Chinese and English,
before and after staff enter the office's contact details: any block of text that says to call, phone or
visit must carry a phone link (tel:) or the link to 联系我们 within the same paragraph, list item or cell."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.models import RequestSettings
from facilities.models import Facility
from services.models import Service
from wanli.models import SiteContact

pytestmark = pytest.mark.django_db

ASKS_TO_CALL_OR_VISIT = re.compile(
    r"致电|打电话|电话咨询|请先咨询|请咨询|到服务窗口|\bcall\b|\bphone us\b|\bvisit (us|the)\b", re.I
)
BLOCKS = {
    "p",
    "li",
    "dd",
    "dt",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "div",
    "section",
    "article",
    "figcaption",
    "label",
    "legend",
    "main",
    "header",
    "footer",
    "nav",
    "ul",
    "ol",
    "dl",
    "form",
    "fieldset",
    "body",
    "table",
}
SKIPPED = {"script", "style", "head", "title"}


class _Blocks(HTMLParser):
    """Collects, for each block element, its own text (not that of blocks inside it) and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = [{"tag": "document", "text": "", "links": []}]
        self.closed: list[dict] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.stack.append({"tag": tag, "text": "", "links": []})
        elif tag == "a":
            self.stack[-1]["links"].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in BLOCKS and len(self.stack) > 1 and self.stack[-1]["tag"] == tag:
            self.closed.append(self.stack.pop())

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1]["text"] += data


def dead_ends(html: str, *, contact_urls: set[str]) -> list[str]:
    """The texts asking to call or visit with neither a phone link nor the contact link beside them."""
    parser = _Blocks()
    parser.feed(html)
    found = []
    for block in parser.closed + parser.stack:
        text = " ".join(block["text"].split())
        if ASKS_TO_CALL_OR_VISIT.search(text):
            if not any(link.startswith("tel:") or link in contact_urls for link in block["links"]):
                found.append(text)
    return found


def test_the_check_finds_the_wordings_the_issue_reported():
    contact = {"/contact/"}
    assert dead_ends("<p>开放时间尚未公布，请先致电咨询。</p>", contact_urls=contact)
    assert dead_ends("<p>不方便在网上填写？也可以打电话或到服务窗口，请工作人员代为登记。</p>", contact_urls=contact)
    assert dead_ends("<dd>Please call us.</dd>", contact_urls=contact)
    assert not dead_ends('<p>请致电 <a href="tel:021-1">021-1</a> 咨询。</p>', contact_urls=contact)
    assert not dead_ends('<p>请先咨询（见<a href="/contact/">联系我们</a>）</p>', contact_urls=contact)
    # A link elsewhere on the page does not count for this paragraph.
    assert dead_ends('<p>请先致电咨询。</p><p><a href="tel:1">1</a></p>', contact_urls=contact)


def public_paths(client) -> list[str]:
    """Every public page type on the real seed, with online applications switched on where set up."""
    paths = [
        reverse("home"),
        reverse("facilities:list"),
        reverse("facilities:list") + "?q=食堂",
        reverse("facilities:list") + "?kind=no-such-kind&page=abc",
        reverse("services:list"),
        reverse("casework:track"),
        reverse("map"),
        reverse("lifecircle:estate"),
        reverse("reports:card"),
        reverse("privacy"),
        reverse("contact"),
        "/facilities/no-such-place/",
    ]
    paths += [facility.get_absolute_url() for facility in Facility.objects.published()]
    paths += [service.get_absolute_url() for service in Service.objects.published()]
    paths += [reverse("casework:correction_new", args=["facility", Facility.objects.published().first().pk])]
    facilities = ",".join(Facility.objects.published().values_list("slug", flat=True)[:20])
    services = ",".join(Service.objects.published().values_list("slug", flat=True)[:20])
    paths.append(f"{reverse('shortlist')}?f={facilities}&s={services}")
    for request_settings in RequestSettings.objects.filter(accepts_requests=True).select_related("service"):
        url = reverse("casework:request_new", args=[request_settings.service.slug])
        if client.get(url).status_code == 200:
            paths.append(url)
    return paths


def submit_one_request(client) -> None:
    repair = RequestSettings.objects.get(service__slug="xiaoxiu-xiaobu").service
    client.post(
        reverse("casework:request_new", args=[repair.slug]),
        {
            "name": "王阿姨",
            "phone": "13812345678",
            "address": "香泉苑 1 号",
            "description": "热水壶坏了",
            "preferred_time": "any",
            "consent": "on",
            "website": "",
        },
    )


@pytest.mark.parametrize("contact_entered", [False, True], ids=["contact-not-yet-entered", "contact-entered"])
def test_no_public_page_on_the_real_seed_says_to_call_or_visit_without_a_number_or_the_contact_link(
    client, settings, contact_entered
):
    call_command("seed_wanli", verbosity=0)
    RequestSettings.objects.update(accepts_requests=True)
    if contact_entered:
        SiteContact(hotline="021-52820000", address="万里路 1 号", opening_hours="周一至周五 9:00–17:00").save()
    paths = public_paths(client)
    submit_one_request(client)
    paths.append(reverse("casework:request_sent"))
    settings.CASEWORK_RATE_LIMITS = {"track_ip": (0, 3600)}  # the "too many requests" page
    paths.append(("POST", reverse("casework:track")))
    contact_urls = {reverse("contact"), "/en" + reverse("contact")}
    problems = {}
    for language_prefix in ("", "/en"):
        for path in paths:
            if isinstance(path, tuple):
                path = path[1]
                response = client.post(language_prefix + path, {"code": "x", "last4": "1234"})
                assert response.status_code == 429
            else:
                response = client.get(language_prefix + path)
                assert response.status_code in (200, 404), (language_prefix + path, response.status_code)
            found = dead_ends(response.content.decode(), contact_urls=contact_urls)
            if found:
                problems[language_prefix + path] = found
    assert not problems
    assert len(paths) > 30
