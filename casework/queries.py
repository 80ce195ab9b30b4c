"""Reads for requests and corrections: what residents may see, free places, waiting lists, dashboard figures."""

import hmac
import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.codes import normalize_code
from publishing.publishable import PublicationStatus
from services.models import Service, ServiceOperationStatus

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Correction,
    PlacePool,
    RequestEvent,
    RequestSettings,
    RequestStatus,
    ServiceRequest,
)


def published_service(*, slug: str) -> Service:
    """A published service with its request settings; raises Service.DoesNotExist."""
    return Service.objects.published().select_related("request_settings").get(slug=slug)


@dataclass(frozen=True)
class OnlineApplication:
    """Whether residents can apply to a service on the portal right now: the one rule behind both the
    "在线申请" button and the request form, so the button never leads to a page that answers 404.

    `pools`: the places to choose from (services that give out places); `reason`: why a service that staff
    opened to online applications cannot take one yet, for the service page (empty otherwise)."""

    accepts: bool
    pools: list[PlacePool] = field(default_factory=list)
    reason: str = ""


def online_application(service: Service) -> OnlineApplication:
    request_settings = settings_for(service)
    if request_settings is None or not request_settings.accepts_requests:
        return OnlineApplication(accepts=False)
    if (
        service.publication_status != PublicationStatus.PUBLISHED
        or service.operation_status != ServiceOperationStatus.ACTIVE
    ):
        return OnlineApplication(accepts=False)
    if not request_settings.takes_places:
        return OnlineApplication(accepts=True)
    # An application for a place needs a place to hold: without a pool at a published facility (the baby
    # house has no known number of places) there is nothing to apply for, so no button, and the page says why.
    pools = public_pools(service)
    if not pools:
        return OnlineApplication(
            accepts=False,
            reason=_("网上申请暂未开放：这项服务的名额（地点和数量）尚未登记。可以请工作人员代为登记。"),
        )
    return OnlineApplication(accepts=True, pools=pools)


def settings_for(service: Service) -> RequestSettings | None:
    try:
        return service.request_settings
    except RequestSettings.DoesNotExist:
        return None


def pools_with_free_places(queryset=None) -> QuerySet[PlacePool]:
    """Place pools with their counts (`held`, `pending`, `waiting`, hence `free_places`) and what a row of them
    shows (the facility, the service)."""
    queryset = queryset if queryset is not None else PlacePool.objects.all()
    return queryset.with_places().select_related("location__facility", "location__service")


def public_pools(service: Service) -> list[PlacePool]:
    """The service's place pools at published facilities, each with `free_places`."""
    pools = pools_with_free_places(
        PlacePool.objects.filter(
            location__service=service, location__facility__publication_status=PublicationStatus.PUBLISHED
        )
    ).order_by("location__facility__name")
    return list(pools)


def waitlist_position(request: ServiceRequest) -> int | None:
    """1 for the first in line; None when the request is not waitlisted."""
    if request.status != RequestStatus.WAITLISTED or request.pool_id is None:
        return None
    ahead = ServiceRequest.objects.filter(
        pool_id=request.pool_id,
        status=RequestStatus.WAITLISTED,
    ).filter(Q(created_at__lt=request.created_at) | Q(created_at=request.created_at, pk__lt=request.pk))
    return ahead.count() + 1


def find_tracked_request(*, code: str, phone_last4: str) -> ServiceRequest | None:
    """The request with this tracking code whose phone ends in these four digits; None for any mismatch, so a
    wrong code and a wrong phone look the same from outside."""
    normalized = normalize_code(code)
    digits = (phone_last4 or "").strip()
    # ASCII only: str.isdigit() also accepts ١٢٣٤, and compare_digest() fails on non-ASCII text.
    if not normalized or not re.fullmatch(r"[0-9]{4}", digits):
        return None
    request = (
        ServiceRequest.objects.select_related("service", "pool__location__facility")
        .filter(tracking_code=normalized, anonymised_at__isnull=True)
        .first()
    )
    if request is None or len(request.phone) < 4:
        return None
    if not hmac.compare_digest(request.phone[-4:], digits):
        return None
    return request


def recent_duplicate(
    *, codes: list[str], service: Service, phone: str, description: str, minutes: int = 10
) -> ServiceRequest | None:
    """The same request sent moments ago from the same browser (a double tap on "submit", or the back button):
    shown again, not stored twice. Only among `codes` this browser already received, so nobody can fetch the
    code of someone else's request by retyping their phone number and words."""
    if not codes:
        return None
    return (
        ServiceRequest.objects.open()
        .filter(
            tracking_code__in=codes,
            service=service,
            phone=phone,
            description=description,
            created_at__gte=timezone.now() - timedelta(minutes=minutes),
        )
        .order_by("-created_at")
        .first()
    )


def public_timeline(request: ServiceRequest) -> list[RequestEvent]:
    return list(request.events.all())


def request_queue() -> QuerySet[ServiceRequest]:
    """The staff's list: everything a row shows, in a fixed number of queries."""
    return ServiceRequest.objects.select_related("service", "pool__location__facility")


def requests_waiting() -> QuerySet[ServiceRequest]:
    """Submitted requests no member of staff has taken a first step on yet (accept, decline …)."""
    return ServiceRequest.objects.filter(status=RequestStatus.SUBMITTED)


def requests_overdue(*, at: datetime | None = None) -> QuerySet[ServiceRequest]:
    """Requests still open past their target time (closed late ones are history, nothing left to do)."""
    return ServiceRequest.objects.open().overdue(at)


def corrections_to_answer() -> QuerySet[Correction]:
    """Residents' corrections nobody has marked fixed or dismissed yet."""
    return Correction.objects.pending()


def _figures(rows: list[tuple], *, at: datetime) -> dict:
    """rows: (status, created_at, closed_at, due_at)."""
    completed_hours = [
        (closed - created).total_seconds() / 3600
        for status, created, closed, _due in rows
        if status == RequestStatus.COMPLETED
    ]
    overdue = sum(
        1
        for status, _created, closed, due in rows
        if (status in OPEN_STATUSES and due < at) or (status in CLOSED_STATUSES and closed is not None and closed > due)
    )
    return {
        "opened": len(rows),
        "completed": len(completed_hours),
        "median_hours_to_complete": round(statistics.median(completed_hours), 1) if completed_hours else None,
        "overdue": overdue,
        "open": sum(1 for row in rows if row[0] in OPEN_STATUSES),
    }


def request_figures(*, start: datetime, end: datetime, at: datetime | None = None) -> dict:
    """The managers' dashboard figures for requests opened in [start, end): how many were opened and completed,
    the median hours from opening to completion, how many missed their target time (still open past it, or
    closed after it), in total and by service. Anonymised requests still count: statistics survive the purge."""
    at = at or timezone.now()
    rows = (
        ServiceRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("service_id", "service__name", "status", "created_at", "closed_at", "due_at")
        .order_by("service__name", "service_id")
    )
    by_service: dict[int, dict] = {}
    everything = []
    for service_id, service_name, *row in rows:
        by_service.setdefault(service_id, {"service": service_name, "rows": []})["rows"].append(tuple(row))
        everything.append(tuple(row))
    figures = _figures(everything, at=at)
    figures["by_service"] = [
        {"service_id": service_id, "service": entry["service"], **_figures(entry["rows"], at=at)}
        for service_id, entry in by_service.items()
    ]
    return figures


def years_with_requests() -> list[int]:
    """Every year (in local time) in which a resident sent a request, newest first."""
    return sorted({moment.year for moment in ServiceRequest.objects.datetimes("created_at", "year")}, reverse=True)


def request_figures_for_year(year: int, *, at: datetime | None = None) -> dict:
    tz = timezone.get_current_timezone()
    return request_figures(start=datetime(year, 1, 1, tzinfo=tz), end=datetime(year + 1, 1, 1, tzinfo=tz), at=at)
