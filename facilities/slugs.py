"""Readable ASCII slugs for Chinese names: 万里公园 -> wan-li-gong-yuan."""

from django.utils.text import slugify
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
