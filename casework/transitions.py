"""The table of request moves: which status may follow which, and what a move needs. Every action asks it
through `check_move`, as do the admin's "next step" and the tracking page's cancel button."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CLOSED_STATUSES, PLACE_KINDS, RequestStatus, ServiceRequest

# Which status may follow which: the one table of moves, asked by every action, by the admin's "next step" and
# by the tracking page's cancel button (through `check_move`). Acceptance of a place kind allocates the place.
ALLOWED_MOVES = {
    RequestStatus.SUBMITTED: {
        RequestStatus.ACCEPTED,
        RequestStatus.WAITLISTED,
        RequestStatus.COMPLETED,
        RequestStatus.DECLINED,
        RequestStatus.CANCELLED,
    },
    RequestStatus.WAITLISTED: {
        RequestStatus.SUBMITTED,
        RequestStatus.ACCEPTED,
        RequestStatus.DECLINED,
        RequestStatus.CANCELLED,
    },
    RequestStatus.ACCEPTED: {
        RequestStatus.SCHEDULED,
        RequestStatus.COMPLETED,
        RequestStatus.DECLINED,
        RequestStatus.CANCELLED,
    },
    RequestStatus.SCHEDULED: {
        RequestStatus.SCHEDULED,
        RequestStatus.COMPLETED,
        RequestStatus.DECLINED,
        RequestStatus.CANCELLED,
    },
}
# Why the table refuses a move to this status (when it is not because the request has ended).
REFUSALS = {
    RequestStatus.ACCEPTED: gettext_lazy("只有待受理或候补中的申请可以受理。"),
    RequestStatus.SCHEDULED: gettext_lazy("请先受理申请，再安排时间。"),
    RequestStatus.COMPLETED: gettext_lazy("候补中的申请不能直接办结。"),
}


def _refusal(request: ServiceRequest, to: str) -> str:
    """Why `request` may not move to `to`, or "" when the table allows it."""
    if request.status in CLOSED_STATUSES:
        if to == RequestStatus.CANCELLED:
            return _("这条申请已经结束，不能再取消。")
        return _("这条申请已经结束，不能再改变状态。")
    if to == RequestStatus.COMPLETED and request.status == RequestStatus.SUBMITTED and request.kind in PLACE_KINDS:
        return _("床位和托位申请要先受理（分配名额），再办结。")
    if to in ALLOWED_MOVES.get(request.status, set()):
        return ""
    if to in REFUSALS:
        return str(REFUSALS[to])
    return _("“%(current)s”的申请不能改为“%(new)s”。") % {
        "current": request.get_status_display(),
        "new": RequestStatus(to).label,
    }


def check_move(request: ServiceRequest, to: str, *, when: datetime | None = None, reason: str = "") -> None:
    """Raises the ValidationError that moving `request` to status `to` meets: the table above, and what the
    move needs (a time to schedule, a reason to decline). The actions call it on the locked row; the admin's
    change form calls it first, to show the error on the form. Whether a place is free is decided under the
    pool's lock, by `request_accept` alone."""
    refusal = _refusal(request, to)
    if refusal:
        raise ValidationError(refusal)
    if to == RequestStatus.SCHEDULED and when is None:
        raise ValidationError({"scheduled_for": _("请填写安排的日期和时间。")})
    if to == RequestStatus.DECLINED and not (reason or "").strip():
        raise ValidationError({"decline_reason": _("请填写未能受理的原因，居民会看到这段说明。")})
