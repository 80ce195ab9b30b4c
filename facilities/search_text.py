"""The stored search text of a record (facilities, services, and any later model residents search).

One function builds it, from the record's own words, whenever the record is written (save, bulk create,
bulk update, update(), import): `initials#names|texts`, all normalised (NFKC, case-folded, only letters,
digits and marks kept), for example

    xqzzst#香泉智助食堂 xiangquansmartcanteen xiangquanzhizhushitang xiangquanzhizhushitang|为香泉苑…

- initials first, ended by `#`, so an initials query (`xqst`) can be matched as a subsequence of them alone;
- names: the Chinese and English names, the name's pinyin (as a resident types it, phrase-aware), and its
  character-by-character pinyin (see `char_pinyin`);
- after `|`, the summary and description in both languages, each followed by its character-by-character pinyin.

Kind, category, audience and synonym matches are not stored here: they are joins made when a search runs, so
a renamed kind or an edited synonym takes effect at once, with no re-indexing.

Why the character-by-character pinyin: PostgreSQL's trigram index finds no trigram in a two-character
pattern such as 吃饭, so `LIKE '%吃饭%'` alone cannot use it. Every Chinese character's pinyin has at least two
letters, so the pinyin of a Chinese term has at least four (`chifan`), and a record containing the term always
contains that pinyin too when each character is spelled on its own, whatever the context. A search asks for
both: the pinyin uses the index, the characters keep the answer exact.
"""

import unicodedata
from functools import lru_cache

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

INITIALS_END = "#"
NAMES_END = "|"
_KEPT_CATEGORIES = ("L", "N", "M")  # letters, digits, combining marks: everything else separates words


def _kept(character: str) -> bool:
    return unicodedata.category(character)[0] in _KEPT_CATEGORIES


def split_terms(text: str) -> list[str]:
    """The words of a query: NFKC (full-width to half-width), case-folded, split on spaces and punctuation."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    terms, current = [], []
    for character in folded:
        if _kept(character):
            current.append(character)
        elif current:
            terms.append("".join(current))
            current = []
    if current:
        terms.append("".join(current))
    return terms


def normalize(text: str) -> str:
    """One comparable string: `split_terms` joined, so spaces, punctuation, width and case do not matter."""
    return "".join(split_terms(text))


def is_cjk(character: str) -> bool:
    return (
        "\u3400" <= character <= "\u9fff"
        or "\uf900" <= character <= "\ufaff"
        or "\U00020000" <= character <= "\U0002ffff"
    )


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


@lru_cache(maxsize=8192)
def _character_pinyin(character: str) -> str:
    return lazy_pinyin(character)[0] if is_cjk(character) else character


def char_pinyin(text: str) -> str:
    """The pinyin of each character on its own (长 is always `chang`), other characters unchanged.

    Context-free on purpose: the pinyin of a part is then always a part of the pinyin of the whole."""
    return "".join(_character_pinyin(c) for c in normalize(text))


def name_pinyin(text: str) -> str:
    """The pinyin a resident types for a name (phrase-aware: 长者 is `zhangzhe`)."""
    return normalize("".join(lazy_pinyin(normalize(text))))


def name_initials(text: str) -> str:
    return normalize("".join(lazy_pinyin(normalize(text), style=Style.FIRST_LETTER)))


def build_search_text(*, name: str, other_names: list[str], texts: list[str]) -> str:
    """The stored search text of a record with Chinese `name`, other names (English) and longer texts."""
    names = [normalize(name), *(normalize(n) for n in other_names), name_pinyin(name), char_pinyin(name)]
    long_texts = []
    for text in texts:
        normalized = normalize(text)
        if normalized:
            long_texts.append(normalized)
            if has_cjk(normalized):
                long_texts.append(char_pinyin(normalized))
    words = " ".join(n for n in dict.fromkeys(names) if n)
    return f"{name_initials(name)}{INITIALS_END}{words}{NAMES_END}{' '.join(long_texts)}"


class SearchTextModel(models.Model):
    """A model with a stored `search_text`; subclasses name the fields it is built from."""

    search_text = models.TextField(
        _("搜索文本"),
        editable=False,
        blank=True,
        default="",
        help_text=_("保存时自动生成，供站内搜索使用。"),
    )

    SEARCH_NAME_FIELD = "name"
    SEARCH_OTHER_NAME_FIELDS: tuple[str, ...] = ()
    SEARCH_TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.computed_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & self.search_text_sources():
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @classmethod
    def search_text_sources(cls) -> set[str]:
        return {cls.SEARCH_NAME_FIELD, *cls.SEARCH_OTHER_NAME_FIELDS, *cls.SEARCH_TEXT_FIELDS}

    def computed_search_text(self) -> str:
        return build_search_text(
            name=getattr(self, self.SEARCH_NAME_FIELD),
            other_names=[getattr(self, f) for f in self.SEARCH_OTHER_NAME_FIELDS],
            texts=[getattr(self, f) for f in self.SEARCH_TEXT_FIELDS],
        )


class SearchTextQuerySet(models.QuerySet):
    """Keeps `search_text` right on the writes that bypass `save()`: bulk_create, bulk_update and update()."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.search_text = obj.computed_search_text()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        if set(fields) & self.model.search_text_sources():
            for obj in objs:
                obj.search_text = obj.computed_search_text()
            if "search_text" not in fields:
                fields.append("search_text")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if not set(kwargs) & self.model.search_text_sources():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            # A fresh queryset of this class on all rows (the recycle bin too): pks already narrow it.
            type(self)(self.model, using=self.db).filter(pk__in=pks).rebuild_search_text()
        return updated

    update.alters_data = True

    def rebuild_search_text(self, *, batch_size: int = 500) -> int:
        """Recomputes the search text of every row of this queryset; returns how many rows changed."""
        changed = []
        fields = ["pk", "search_text", *sorted(self.model.search_text_sources())]
        for obj in self.order_by("pk").only(*fields).iterator(chunk_size=batch_size):
            text = obj.computed_search_text()
            if text != obj.search_text:
                obj.search_text = text
                changed.append(obj)
        # Django's own bulk_update: the texts are already computed.
        models.QuerySet(self.model, using=self.db).bulk_update(changed, ["search_text"], batch_size=batch_size)
        return len(changed)

    rebuild_search_text.alters_data = True
