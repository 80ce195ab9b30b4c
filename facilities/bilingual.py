"""Chinese-first content with optional English: English pages fall back to the Chinese text."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def prefers_english() -> bool:
    return (get_language() or "").startswith("en")


def english_name_field() -> models.CharField:
    """The optional English name beside a Chinese `name`."""
    return models.CharField(_("英文名称"), max_length=200, blank=True, help_text=_("可不填；英文页面将显示中文名称。"))


class BilingualMixin:
    """Gives `localized(field)` for models that keep `field` (Chinese) beside `field_en` (English)."""

    def localized(self, field: str) -> str:
        if prefers_english():
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    @property
    def display_name(self) -> str:
        return self.localized("name")

    @property
    def display_summary(self) -> str:
        return self.localized("summary")

    @property
    def display_description(self) -> str:
        return self.localized("description")

    @property
    def display_capacity_unit(self) -> str:
        return self.localized("capacity_unit")
