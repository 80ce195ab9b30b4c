"""Chinese-first content with optional English: English pages fall back to the Chinese text."""

from django.utils.translation import get_language


def prefers_english() -> bool:
    return (get_language() or "").startswith("en")


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
