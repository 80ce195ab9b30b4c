"""Readable ASCII slugs for Chinese names: 万里公园 -> wan-li-gong-yuan."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin


def pinyin_slug(text: str, *, max_length: int = 80) -> str:
    slug = slugify(" ".join(lazy_pinyin(text)))[:max_length].strip("-")
    return slug or "item"


def unique_slug(text: str, *, model, exclude_pk=None, max_length: int = 80) -> str:
    """The pinyin slug of `text`, with -2, -3 … appended when another row already has it."""
    base = pinyin_slug(text, max_length=max_length - 4)
    # _base_manager: rows in the recycle bin keep their slug too.
    taken = model._base_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True))
    candidate, n = base, 2
    while candidate in taken_slugs:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def slug_field() -> models.SlugField:
    """The one definition of a page's address column: left empty, `SlugFromName` fills it in."""
    return models.SlugField(
        _("网址标识"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("留空时按中文名称的拼音自动生成，可修改。"),
    )


class SlugFromName(models.Model):
    """Gives a row without a slug the readable pinyin one of its Chinese `name`, whatever path saves it (admin,
    import, seed)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name, model=self._meta.concrete_model, exclude_pk=self.pk)
        super().save(*args, **kwargs)
