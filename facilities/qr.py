"""QR codes that lead to a facility's public page, for the posters staff stick at the door."""

import io

import segno
from django.conf import settings

from .models import Facility


def facility_page_url(facility: Facility) -> str:
    """The absolute address of the facility's page in the active language, on the site's public host."""
    return settings.SITE_URL.rstrip("/") + facility.get_absolute_url()


def public_page_url(obj) -> str:
    """The absolute address of any public page (`obj.get_absolute_url()`) on the site's public host."""
    return settings.SITE_URL.rstrip("/") + obj.get_absolute_url()


def facility_qr(facility: Facility) -> segno.QRCode:
    return _qr(facility_page_url(facility))


def _qr(url: str) -> segno.QRCode:
    # Level M survives a scuffed or partly covered poster and keeps the code small enough for WeChat to read.
    return segno.make(url, error="m", micro=False)


def _svg(code: segno.QRCode, *, title: str) -> str:
    """A standalone SVG document; sizes come from CSS, so the page can scale it for print."""
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, omitsize=True, title=title or None, xmldecl=False)
    return out.getvalue().decode("utf-8")


def qr_svg(facility: Facility, *, title: str = "") -> str:
    return _svg(facility_qr(facility), title=title)


def page_qr_svg(obj, *, title: str = "") -> str:
    """The QR code of any public page (a facility or a service), as SVG."""
    return _svg(_qr(public_page_url(obj)), title=title)


def qr_png(facility: Facility, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    facility_qr(facility).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
