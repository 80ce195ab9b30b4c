"""Staff preview of drafts, the printable door poster and its QR code (decoded back with zxing-cpp)."""

import io
from datetime import time

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from facilities.qr import facility_qr
from publishing.publishable import PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .factories import FacilityFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db


def decode_png(content: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))
    assert len(results) == 1
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


class TestQrCode:
    def test_png_decodes_to_the_absolute_facility_url(self, client, settings):
        settings.SITE_URL = "https://wanli.example.cn"
        facility = FacilityFactory(slug="qr-code-test-place")
        response = client.get(reverse("facilities:qr_png", kwargs={"slug": facility.slug}))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "public" in response["Cache-Control"]
        assert decode_png(response.content) == "https://wanli.example.cn/facilities/qr-code-test-place/"

    def test_english_qr_leads_to_the_english_page(self, client, settings):
        settings.SITE_URL = "https://wanli.example.cn/"
        facility = FacilityFactory(slug="canteen")
        response = client.get(f"/en/facilities/{facility.slug}/qr.png")
        assert decode_png(response.content) == "https://wanli.example.cn/en/facilities/canteen/"

    def test_svg_is_the_same_code(self, client, settings):
        settings.SITE_URL = "https://wanli.example.cn"
        facility = FacilityFactory(slug="canteen")
        response = client.get(reverse("facilities:qr_svg", kwargs={"slug": facility.slug}))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        body = response.content.decode()
        assert body.startswith("<svg") and "</svg>" in body
        # The SVG draws the same matrix as the PNG the test decodes.
        out = io.BytesIO()
        facility_qr(facility).save(out, kind="svg", scale=1, border=4, omitsize=True, xmldecl=False)
        assert body == out.getvalue().decode()
        assert decode_png(client.get(f"/facilities/{facility.slug}/qr.png").content).endswith("/facilities/canteen/")

    def test_draft_has_no_public_qr(self, client):
        draft = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        assert client.get(reverse("facilities:qr_svg", kwargs={"slug": draft.slug})).status_code == 404
        assert client.get(reverse("facilities:poster", kwargs={"slug": draft.slug})).status_code == 404


class TestPoster:
    def test_poster_has_name_qr_and_hours(self, client, settings):
        settings.SITE_URL = "https://wanli.example.cn"
        facility = FacilityFactory(name="万里公园比邻党群服务站", slug="station")
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
        response = client.get(reverse("facilities:poster", kwargs={"slug": facility.slug}))
        assert response.status_code == 200
        text = response.content.decode()
        assert "万里公园比邻党群服务站" in text
        assert "<svg" in text
        assert "https://wanli.example.cn/facilities/station/" in text
        assert "星期一" in text and "09:00–17:00" in text

    def test_poster_without_hours_says_so(self, client):
        facility = FacilityFactory()
        text = client.get(reverse("facilities:poster", kwargs={"slug": facility.slug})).content.decode()
        assert "开放时间尚未公布" in text


class TestPreview:
    def test_staff_who_edit_see_a_draft_with_a_banner(self, client):
        client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
        draft = FacilityFactory(publication_status=PublicationStatus.DRAFT, name="草稿中的设施")
        response = client.get(draft.get_absolute_url(), {"preview": "1"})
        assert response.status_code == 200
        qr = client.get(reverse("facilities:qr_png", kwargs={"slug": draft.slug}), {"preview": "1"})
        assert "public" not in qr["Cache-Control"] and "private" in qr["Cache-Control"]
        text = response.content.decode()
        assert "草稿中的设施" in text and "居民看不到这个页面" in text
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_staff_poster_preview_warns(self, client):
        client.force_login(StaffUserFactory(role=roles.PUBLISHER))
        draft = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        response = client.get(reverse("facilities:poster", kwargs={"slug": draft.slug}), {"preview": "1"})
        assert response.status_code == 200
        assert "请发布后再打印" in response.content.decode()

    @pytest.mark.parametrize("role", [None, roles.MANAGER, roles.DATA_ENTRY])
    def test_others_get_404_for_a_draft(self, client, role):
        if role:
            client.force_login(StaffUserFactory(role=role))
        draft = FacilityFactory(publication_status=PublicationStatus.DRAFT)
        assert client.get(draft.get_absolute_url(), {"preview": "1"}).status_code == 404

    def test_deleted_facility_cannot_be_previewed(self, client):
        from publishing.actions import move_to_recycle_bin

        client.force_login(StaffUserFactory(role=roles.PUBLISHER))
        facility = move_to_recycle_bin(obj=FacilityFactory(), by=None)
        assert client.get(facility.get_absolute_url(), {"preview": "1"}).status_code == 404

    def test_published_page_is_not_marked_private(self, client):
        facility = FacilityFactory()
        response = client.get(facility.get_absolute_url())
        assert response.status_code == 200
        assert "X-Robots-Tag" not in response
        assert "居民看不到这个页面" not in response.content.decode()


def test_english_poster(client, settings):
    settings.SITE_URL = "https://wanli.example.cn"
    facility = FacilityFactory(slug="canteen", name="社区食堂", name_en="Community canteen")
    text = client.get(f"/en/facilities/{facility.slug}/poster/").content.decode()
    assert "Community canteen" in text
    assert "Scan with WeChat" in text
    assert "https://wanli.example.cn/en/facilities/canteen/" in text


class TestPosterClosedDays:
    def poster(self, client, facility) -> str:
        return " ".join(
            client.get(reverse("facilities:poster", kwargs={"slug": facility.slug})).content.decode().split()
        )

    def test_weekend_closed_is_said_in_words_and_in_the_table(self, client):
        facility = FacilityFactory()
        for day in range(5):
            OpeningPeriodFactory(facility=facility, weekday=day, opens=time(8, 30), closes=time(17))
        text = self.poster(client, facility)
        assert '<p class="poster-closed-days">周六、周日休息</p>' in text
        assert '<tr class="closed"><th scope="row">星期六</th><td>休息</td></tr>' in text
        assert '<th scope="row">星期五</th><td>08:30–17:00</td>' in text

    def test_a_day_with_two_periods_is_one_row(self, client):
        facility = FacilityFactory()
        OpeningPeriodFactory(facility=facility, weekday=2, opens=time(13, 30), closes=time(17))
        OpeningPeriodFactory(facility=facility, weekday=2, opens=time(8, 30), closes=time(11, 30))
        text = self.poster(client, facility)
        assert '<th scope="row">星期三</th><td>08:30–11:30、13:30–17:00</td>' in text
        assert "周一、周二、周四、周五、周六、周日休息" in text

    def test_open_every_day_says_no_closed_days(self, client):
        facility = FacilityFactory()
        for day in range(7):
            OpeningPeriodFactory(facility=facility, weekday=day, opens=time(6), closes=time(20))
        text = self.poster(client, facility)
        assert "poster-closed-days" not in text and "休息" not in text.split("poster-hours", 1)[1].split("</table>")[0]

    def test_english_poster_names_the_closed_days_in_english(self, client):
        facility = FacilityFactory()
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
        text = " ".join(client.get(f"/en/facilities/{facility.slug}/poster/").content.decode().split())
        assert "Closed Tue, Wed, Thu, Fri, Sat, Sun" in text
