"""Places a resident can go: facilities, their kinds, estates, opening hours, the holiday calendar, photos.

One module per concern; everything is imported here, so `facilities.models.X` (the path migrations and other
apps use) keeps working.
"""

from .estate import Estate, EstateQuerySet
from .facility import (
    Audience,
    AudienceCode,
    Facility,
    FacilityKind,
    FacilityQuerySet,
    OperationStatus,
)
from .intervals import OpeningInterval
from .opening_hours import CalendarDayKind, CalendarDaySource, HoursException, OpeningPeriod, PublicHoliday, Weekday
from .photos import FacilityPhoto, facility_photo_path, facility_rendition_path

__all__ = [
    "Audience",
    "AudienceCode",
    "CalendarDayKind",
    "CalendarDaySource",
    "Estate",
    "EstateQuerySet",
    "Facility",
    "FacilityKind",
    "FacilityPhoto",
    "FacilityQuerySet",
    "HoursException",
    "OpeningInterval",
    "OpeningPeriod",
    "OperationStatus",
    "PublicHoliday",
    "Weekday",
    "facility_photo_path",
    "facility_rendition_path",
]
