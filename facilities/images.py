"""Photo uploads made safe with Pillow.

The content decides, never the file name: a file is accepted only if Pillow reads it as JPEG, PNG or WebP,
it is not larger than PHOTO_MAX_UPLOAD_BYTES, its header declares no more than PHOTO_MAX_PIXELS pixels
(checked before anything is decoded, so a decompression bomb is refused without being expanded), and it
decodes completely (a truncated file is refused). A PNG named ".jpg" is therefore accepted as the PNG it
is, and stored with a ".png" name.

What is stored is never the uploaded bytes: the picture is turned upright by its EXIF orientation, bounded
to STORED_MAX_SIDE pixels and re-encoded from its pixels alone, so EXIF (GPS position, camera serial) and
every other piece of metadata are gone. Renditions are cut to fixed sizes, so templates can always give
width and height.

An upload is decoded once: the form field, the model's validator and the model's save() all inspect the
same upload, and decoding a 40-megapixel PNG is most of the time an upload takes. The first inspection
keeps its result (the bounded, upright, metadata-free picture) on the upload for the others.
"""

from dataclasses import dataclass, field
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> the extension the stored copy gets.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
STORED_MAX_SIDE = 2560
# Fixed rendition sizes (4:3), cropped to fill: name -> (width, height).
RENDITIONS = {"thumbnail": (480, 360), "thumbnail_2x": (960, 720)}

MESSAGES = {
    "too_large": _("图片文件太大（%(size)s），请上传不超过 %(limit)s 的图片。"),
    "not_image": _("这个文件不是图片。请上传 JPEG、PNG 或 WebP 格式的照片。"),
    "format": _("不支持 %(format)s 格式。请上传 JPEG、PNG 或 WebP 格式的照片。"),
    "too_many_pixels": _("图片像素过多，可能是恶意文件。请上传不超过 %(megapixels)s 百万像素的照片。"),
    "damaged": _("图片文件已损坏或不完整，请重新导出后再上传。"),
}


# Where an upload keeps its inspection, as Django's own forms.ImageField keeps the image it opened on `upload.image`.
INSPECTION_ATTRIBUTE = "wanli_inspected_image"


@dataclass(frozen=True)
class InspectedImage:
    format: str
    width: int
    height: int
    # Upright, bounded to STORED_MAX_SIDE and metadata-free: what is stored and cut into renditions.
    pixels: Image.Image = field(repr=False, compare=False)

    @property
    def extension(self) -> str:
        return ALLOWED_FORMATS[self.format]


@dataclass(frozen=True)
class ProcessedPhoto:
    extension: str
    original: ContentFile
    renditions: dict[str, ContentFile]


def inspect_upload(file) -> InspectedImage:
    """Checks an uploaded file by its content; raises ValidationError with a message staff understand.
    The first call decodes the file; later calls on the same upload give the same result."""
    inspected = getattr(file, INSPECTION_ATTRIBUTE, None)
    if inspected is None:
        inspected = _decode(file)
        setattr(file, INSPECTION_ATTRIBUTE, inspected)
    return inspected


def _decode(file) -> InspectedImage:
    size = getattr(file, "size", None)
    limit = settings.PHOTO_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(MESSAGES["format"], code="format", params={"format": image.format})
            width, height = image.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise _too_many_pixels()
            image.load()  # the one decode: a truncated or corrupt file fails here
            return InspectedImage(format=image.format, width=width, height=height, pixels=_storable(image))
    except Image.DecompressionBombError:
        # Pillow itself refuses headers far beyond its own limit before we can read the size.
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(MESSAGES["not_image"], code="not_image") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(MESSAGES["damaged"], code="damaged") from None
    finally:
        file.seek(0)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        MESSAGES["too_many_pixels"],
        code="too_many_pixels",
        params={"megapixels": settings.PHOTO_MAX_PIXELS // 1_000_000},
    )


def _storable(image: Image.Image) -> Image.Image:
    """The decoded upload bounded, turned upright and stripped of metadata. Bounded first (in place), so
    turning it works on at most STORED_MAX_SIDE² pixels, not on the full upload."""
    image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    ImageOps.exif_transpose(image, in_place=True)
    return _pixels_only(image)


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image made of the pixels alone: no EXIF, XMP, ICC, comments or other metadata survive."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, pillow_format: str) -> ContentFile:
    buffer = BytesIO()
    if pillow_format == "JPEG":
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    elif pillow_format == "PNG":
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="WEBP", quality=85)
    return ContentFile(buffer.getvalue())


def _on_white(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image.convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def process_photo(file) -> ProcessedPhoto:
    """Validates, then re-encodes the upload in its own format without metadata, plus fixed-size JPEG renditions."""
    inspected = inspect_upload(file)
    clean = inspected.pixels
    flattened = _on_white(clean)
    renditions = {
        name: _encode(ImageOps.fit(flattened, size, Image.Resampling.LANCZOS), "JPEG")
        for name, size in RENDITIONS.items()
    }
    return ProcessedPhoto(
        extension=inspected.extension, original=_encode(clean, inspected.format), renditions=renditions
    )


def validate_photo_upload(value) -> None:
    """Model-level check for new uploads (files already stored were checked when they were uploaded)."""
    if value and not getattr(value, "_committed", True):
        inspect_upload(value.file)


class PhotoFormField(forms.ImageField):
    """An image form field whose checks are `inspect_upload`'s (clear messages, content not name)."""

    default_validators = []

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        inspected = inspect_upload(upload)
        upload.content_type = Image.MIME[inspected.format]
        return upload


class PhotoField(models.ImageField):
    """An ImageField checked by content: no file-name extension rule, `inspect_upload` instead."""

    default_validators = []

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})
