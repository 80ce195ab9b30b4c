"""Thumbnails for uploaded photos, made with Pillow."""
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (480, 360)


def thumbnail_name(original_name: str) -> str:
    return f"{PurePosixPath(original_name).stem}-thumb.jpg"


def make_thumbnail(image_file) -> ContentFile:
    """A JPEG no larger than THUMBNAIL_SIZE, turned upright by its EXIF orientation."""
    image_file.open("rb")
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail(THUMBNAIL_SIZE)
        buffer = BytesIO()
        image.save(buffer, format="JPEG", quality=82, optimize=True)
    image_file.seek(0)
    return ContentFile(buffer.getvalue())
