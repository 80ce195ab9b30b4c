"""Photos of a facility, stored without their metadata and with fixed-size renditions."""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..images import RENDITIONS, PhotoField, process_photo, validate_photo_upload
from .facility import Facility


def facility_photo_path(instance: "FacilityPhoto", filename: str) -> str:
    """A random name: the uploader's file name (which may say who or where) is never kept."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"facilities/{instance.facility_id}/{uuid.uuid4().hex}{extension}"


def facility_rendition_path(instance: "FacilityPhoto", filename: str) -> str:
    return f"facilities/thumbnails/{filename}"


def _rendition_field(label: str) -> models.ImageField:
    # Made from the upload on save (see FacilityPhoto.save); staff never choose one.
    return models.ImageField(
        label, upload_to=facility_rendition_path, blank=True, editable=False, help_text=_("系统自动生成。")
    )


class FacilityPhoto(models.Model):
    """A photo of a facility, with required alt text for screen readers and a caption."""

    facility = models.ForeignKey(
        Facility,
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="photos",
        help_text=_("照片属于哪个设施。"),
    )
    image = PhotoField(
        _("图片"),
        upload_to=facility_photo_path,
        validators=[validate_photo_upload],
        help_text=_("JPEG、PNG 或 WebP 格式，不超过 10 MB。保存时会去掉拍摄地点等隐私信息。"),
    )
    thumbnail = _rendition_field(_("缩略图"))
    thumbnail_2x = _rendition_field(_("高清缩略图"))
    alt_text = models.CharField(_("替代文字"), max_length=200, help_text=_("为看不到图片的读者描述图片内容。"))
    caption = models.CharField(_("图片说明"), max_length=200, help_text=_("显示在图片下方，例如：食堂就餐区。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("数字越小越靠前。"))

    class Meta:
        verbose_name = _("设施照片")
        verbose_name_plural = _("设施照片")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="facility_photo_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.caption

    def save(self, *args, **kwargs) -> None:
        if self.image and not self.image._committed:
            # A new upload: store only the re-encoded copy (no EXIF/GPS) and its fixed-size renditions.
            processed = process_photo(self.image.file)
            stem = uuid.uuid4().hex
            self.image.save(f"photo.{processed.extension}", processed.original, save=False)
            for name, content in processed.renditions.items():
                width, height = RENDITIONS[name]
                getattr(self, name).save(f"{stem}-{width}x{height}.jpg", content, save=False)
        super().save(*args, **kwargs)

    # Renditions have fixed sizes, so pages give width and height without reading any file.
    thumbnail_width, thumbnail_height = RENDITIONS["thumbnail"]
    thumbnail_2x_width = RENDITIONS["thumbnail_2x"][0]
