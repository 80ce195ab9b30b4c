"""casework's models: residents' requests (requests.py) and their corrections of wrong information
(corrections.py). Imported from here, as `casework.models`."""

from .corrections import ContactPage, Correction, CorrectionContactView, CorrectionQuerySet, CorrectionStatus
from .requests import (
    CLOSED_STATUSES,
    HOME_VISIT_KINDS,
    OPEN_STATUSES,
    PLACE_KINDS,
    Channel,
    PlacePool,
    PreferredTime,
    RequestEvent,
    RequestKind,
    RequestPlacePoolQuerySet,
    RequestSettings,
    RequestStatus,
    ServiceRequest,
    ServiceRequestQuerySet,
)

__all__ = [
    "CLOSED_STATUSES",
    "HOME_VISIT_KINDS",
    "OPEN_STATUSES",
    "PLACE_KINDS",
    "Channel",
    "ContactPage",
    "Correction",
    "CorrectionContactView",
    "CorrectionQuerySet",
    "CorrectionStatus",
    "PlacePool",
    "PreferredTime",
    "RequestEvent",
    "RequestKind",
    "RequestPlacePoolQuerySet",
    "RequestSettings",
    "RequestStatus",
    "ServiceRequest",
    "ServiceRequestQuerySet",
]
