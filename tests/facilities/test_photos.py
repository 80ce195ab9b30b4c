from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from facilities.models import FacilityPhoto
from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(1600, 1200)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_thumbnail_is_made_on_save():
    photo = FacilityPhoto.objects.create(
        facility=FacilityFactory(),
        image=SimpleUploadedFile("door.png", png_bytes(), content_type="image/png"),
        alt_text="设施大门",
        caption="大门",
    )
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.width <= 480 and thumb.height <= 360


def test_detail_page_shows_photos_with_alt_text(client):
    facility = FacilityFactory()
    FacilityPhoto.objects.create(
        facility=facility,
        image=SimpleUploadedFile("a.png", png_bytes((50, 50))),
        alt_text="食堂内景",
        caption="内景",
    )
    page = client.get(facility.get_absolute_url()).content.decode()
    assert 'alt="食堂内景"' in page and "内景" in page
