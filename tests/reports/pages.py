"""URLs the report tests open."""

from django.urls import reverse
from django.utils import translation


def card_url(year=None, language="zh-hans"):
    """The report card (the latest year without `year`) in the given language."""
    with translation.override(language):
        if year is None:
            return reverse("reports:card")
        return reverse("reports:card_year", kwargs={"year": year})
