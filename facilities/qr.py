"""QR codes that lead to a facility's public page, for the posters staff stick at the door."""
import io

import segno
from django.conf import settings

from .models import Facility


def facility_page_url(facility: Facility) -> str:
    """The absolute address of the facility's page in the active language, on the site's public host."""
    return settings.SITE_URL.rstrip("/") + facility.get_absolute_url()


def facility_qr(facility: Facility) -> segno.QRCode:
    # Level M survives a scuffed or partly covered poster and keeps the code small enough for WeChat to read.
    return segno.make(facility_page_url(facility), error="m", micro=False)


def qr_svg(facility: Facility, *, title: str = "") -> str:
    """A standalone SVG document; sizes come from CSS, so the poster can scale it for print."""
    out = io.BytesIO()
    facility_qr(facility).save(out, kind="svg", scale=1, border=4, omitsize=True, title=title or None, xmldecl=False)
    return out.getvalue().decode("utf-8")


def qr_png(facility: Facility, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    facility_qr(facility).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
