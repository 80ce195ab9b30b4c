"""Choice fields' widgets and iterators that cost less per page than Django's defaults.

`FastSelect` renders in Python what Django renders with a template per option.

Django's Select renders one template per <option>: with the 200-odd estates of the "pick your estate" list that
was about 14 ms of every directory page. The HTML is the same as Django's templates give (attributes included)."""

import hashlib

from django import forms
from django.core.cache import cache
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .content_version import topic_versions

# The lists change only with their topics' versions (part of the key); the timeout just bounds stale keys.
CHOICES_TIMEOUT = 24 * 60 * 60


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone.
    return flatatt({name: value for name, value in attrs.items() if value is not None})


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every part is escaped by format_html


class ListedChoiceIterator(ModelChoiceIterator):
    """Reads the choices with one plain query. Django's iterator() opens a server-side cursor on PostgreSQL
    (DECLARE, FETCH, CLOSE: three round trips) for lists of a few hundred rows at most."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class CachedChoiceIterator(ListedChoiceIterator):
    """Reads the choices from the shared cache, keyed by the versions of the field's `cache_topics` (the
    topics a change of those rows bumps): the kinds and estates lists are on every directory page and change
    rarely. Without topics or without a cache it reads the database like ListedChoiceIterator."""

    def _rows(self) -> list:
        topics = tuple(getattr(self.field, "cache_topics", ()))
        versions = topic_versions(topics) if topics else None
        if versions is None:
            return list(self.queryset)
        query = f"{self.queryset.model._meta.label}:{self.queryset.query}:{versions}"
        key = "wanli:choices:" + hashlib.md5(query.encode(), usedforsecurity=False).hexdigest()
        rows = cache.get(key)
        if rows is None:
            rows = list(self.queryset)
            cache.set(key, rows, timeout=CHOICES_TIMEOUT)
        return rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self._rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._rows())
