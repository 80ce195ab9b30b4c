"""Photo uploads with hostile files: the content decides, bombs and broken files are refused, and what is
stored carries no EXIF or GPS."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from facilities.actions import facility_photo_add
from facilities.images import RENDITIONS, STORED_MAX_SIDE, inspect_upload
from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def image_bytes(fmt: str, size=(1200, 900), *, exif: bytes | None = None, mode="RGB") -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    buffer = BytesIO()
    kwargs = {"exif": exif} if exif else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (31.0, 15.0, 36.0)
    gps[3] = "E"
    gps[4] = (121.0, 24.0, 0.0)
    return exif.tobytes()


def png_bomb(side: int = 30_000) -> bytes:
    """A real 30,000×30,000 1-bit PNG: about 100 KB on disk, 900 million pixels when decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def add(content: bytes, name="photo.jpg"):
    return facility_photo_add(facility=FacilityFactory(), image=upload(name, content), alt_text="门口", caption="大门")


def error_codes(excinfo) -> list[str]:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_each_allowed_format_is_stored_with_fixed_size_renditions(fmt):
    photo = add(image_bytes(fmt))
    extension = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt]
    assert photo.image.name.endswith(extension)
    with Image.open(photo.image.path) as stored:
        assert stored.format == fmt
    for name, size in RENDITIONS.items():
        with Image.open(getattr(photo, name).path) as rendition:
            assert rendition.size == size
            assert rendition.format == "JPEG"


def test_png_named_jpg_is_accepted_as_the_png_it_is():
    photo = add(image_bytes("PNG"), name="looks-like.jpg")
    assert photo.image.name.endswith(".png")
    assert "looks-like" not in photo.image.name  # the uploader's file name is not kept
    with Image.open(photo.image.path) as stored:
        assert stored.format == "PNG"


def test_jpeg_with_gps_exif_is_stored_without_it_and_upright():
    original = image_bytes("JPEG", size=(800, 600), exif=gps_exif())
    with Image.open(BytesIO(original)) as check:  # the fixture really carries GPS
        assert check.getexif().get_ifd(GPS_IFD)
    photo = add(original)
    for field in (photo.image, photo.thumbnail, photo.thumbnail_2x):
        with Image.open(field.path) as stored:
            assert "exif" not in stored.info
            assert not stored.getexif()
            assert not stored.getexif().get_ifd(GPS_IFD)
    with Image.open(photo.image.path) as stored:
        assert stored.size == (600, 800)  # turned upright by the orientation it declared
    assert b"PhoneMaker" not in open(photo.image.path, "rb").read()


def test_thirty_thousand_square_bomb_is_refused_with_a_clear_message():
    bomb = png_bomb()
    assert len(bomb) < 2_000_000
    with pytest.raises(ValidationError) as excinfo:
        add(bomb, name="bomb.png")
    assert "too_many_pixels" in error_codes(excinfo)
    assert "百万像素" in str(excinfo.value)


def test_too_many_pixels_under_pillows_own_limit_is_refused_before_decoding(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as excinfo:
        inspect_upload(upload("big.png", image_bytes("PNG", size=(1200, 900))))
    assert error_codes(excinfo) == ["too_many_pixels"]


def test_truncated_file_is_refused():
    whole = image_bytes("JPEG", size=(1600, 1200))
    with pytest.raises(ValidationError) as excinfo:
        add(whole[: len(whole) // 2])
    assert "damaged" in error_codes(excinfo)


def test_non_image_is_refused_whatever_its_name():
    with pytest.raises(ValidationError) as excinfo:
        add(b"#!/bin/sh\necho not a picture\n" * 20, name="photo.jpg")
    assert "not_image" in error_codes(excinfo)


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    with pytest.raises(ValidationError) as excinfo:
        add(image_bytes(fmt), name="photo.jpg")
    assert "format" in error_codes(excinfo)


def test_oversized_file_is_refused(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as excinfo:
        add(image_bytes("PNG"))
    assert "too_large" in error_codes(excinfo)


def test_transparent_png_keeps_alpha_and_renditions_are_on_white():
    photo = add(image_bytes("PNG", mode="RGBA"), name="logo.png")
    with Image.open(photo.image.path) as stored:
        assert stored.mode == "RGBA"
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.mode == "RGB"


def test_admin_upload_shows_the_clear_message(admin_client):
    facility = FacilityFactory()
    response = admin_client.post(
        reverse("admin:facilities_facilityphoto_add"),
        {
            "facility": facility.pk,
            "image": upload("bomb.jpg", png_bomb()),
            "alt_text": "门口",
            "caption": "大门",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert "百万像素" in response.content.decode()
    assert not facility.photos.exists()


def test_facility_page_gives_photo_width_height_and_lazy_loading(client):
    photo = add(image_bytes("JPEG"))
    page = client.get(photo.facility.get_absolute_url()).content.decode()
    assert f'src="{photo.thumbnail.url}"' in page
    assert 'width="480" height="360"' in page
    assert 'loading="lazy"' in page
    assert f"{photo.thumbnail_2x.url} 960w" in page


@pytest.fixture
def decodes(monkeypatch) -> list[str]:
    """The format of every image Pillow decodes from a file from now on: a load() with data still to read."""
    decoded = []
    load = ImageFile.ImageFile.load

    def counting_load(image):
        if image.tile:
            decoded.append(image.format)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return decoded


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_upload_is_decoded_once_though_validated_and_processed(decodes, fmt):
    add(image_bytes(fmt))  # full_clean() validates it, save() re-encodes it and cuts the renditions
    assert decodes == [fmt]


def test_an_admin_upload_is_decoded_once_though_the_form_validates_it_too(admin_client, decodes):
    facility = FacilityFactory()
    response = admin_client.post(
        reverse("admin:facilities_facilityphoto_add"),
        {
            "facility": facility.pk,
            "image": upload("photo.png", image_bytes("PNG")),
            "alt_text": "门口",
            "caption": "大门",
            "order": 0,
        },
    )
    assert response.status_code == 302
    assert facility.photos.count() == 1
    assert decodes == ["PNG"]


def test_a_large_sideways_photo_is_stored_upright_and_bounded():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    photo = add(image_bytes("JPEG", size=(4000, 3000), exif=exif.tobytes()))
    with Image.open(photo.image.path) as stored:
        assert stored.size == (1920, STORED_MAX_SIDE)
        assert not stored.getexif()
