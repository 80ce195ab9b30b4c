"""Writes at the door and after the activity: check a resident in by their code, count walk-ins, undo a
mistaken check-in, mark the no-shows once it is over.

Every function here may be called twice with the same input (the door phone resends what it kept while the
network was down): a second call changes nothing and says what the first one did.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from intake.codes import display_code, normalize_code

from .checkin_models import MAX_WALK_IN_PEOPLE, WalkIn
from .models import Activity, SignUp, SignUpStatus

# A scan kept on the phone longer than this is recorded at the time it reaches the server: a clock that far
# off is more likely wrong than the phone being offline for a day.
OLDEST_KEPT_SCAN = timedelta(hours=24)


class Outcome:
    """What a check-in did; the door page shows each differently (green for the first two)."""

    CHECKED_IN = "checked_in"
    ALREADY = "already"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    OTHER_ACTIVITY = "other_activity"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"


ACCEPTED = {Outcome.CHECKED_IN, Outcome.ALREADY}


@dataclass(frozen=True)
class CheckInResult:
    outcome: str
    message: str
    sign_up: SignUp | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome in ACCEPTED


def recorded_time(at: datetime | None) -> datetime:
    """When a scan happened: the phone's own time when it is plausible (kept offline, sent later), else now."""
    now = timezone.now()
    if at is None or at > now or at < now - OLDEST_KEPT_SCAN:
        return now
    return at


def _for_this_activity(found: SignUp, activity: Activity) -> SignUp | None:
    """The sign-up to check in for `activity`: the one scanned, or, when a resident signed up for every session
    of a series and shows another session's code, their sign-up for this session (same batch)."""
    if found.activity_id == activity.pk:
        return found
    return SignUp.objects.select_for_update().filter(batch=found.batch, activity=activity).first()


def _refusal(sign_up: SignUp) -> CheckInResult | None:
    if sign_up.status == SignUpStatus.CANCELLED:
        return CheckInResult(Outcome.CANCELLED, _("这个报名已经取消，不能签到。"), sign_up)
    if sign_up.status == SignUpStatus.WAITLISTED:
        message = _("这位居民仍在候补名单中，还没有名额。如现场有空位，可按“现场加入”计数。")
        return CheckInResult(Outcome.WAITLISTED, message, sign_up)
    if sign_up.status == SignUpStatus.ATTENDED:
        when = timezone.localtime(sign_up.checked_in_at).strftime("%H:%M")
        return CheckInResult(Outcome.ALREADY, _("已经签到过了（%(time)s）。") % {"time": when}, sign_up)
    return None


def sign_up_check_in(*, activity: Activity, code: str, by, at: datetime | None = None) -> CheckInResult:
    """Checks in the party whose code was scanned or typed: confirmed (or marked no-show, then seen after all)
    becomes attended. Refusals (unknown code, cancelled, still waitlisted, another activity) change nothing."""
    normalized = normalize_code(code)
    if not normalized:
        return CheckInResult(Outcome.INVALID, _("这不是有效的报名码：报名码是 12 位字母和数字。"))
    with transaction.atomic():
        found = SignUp.objects.select_for_update().select_related("activity").filter(tracking_code=normalized).first()
        if found is None or found.anonymised_at is not None:
            return CheckInResult(Outcome.NOT_FOUND, _("没有找到报名码 %(code)s。") % {"code": display_code(normalized)})
        sign_up = _for_this_activity(found, activity)
        if sign_up is None:
            other = found.activity
            message = _("这个报名码属于另一项活动：%(title)s（%(when)s）。") % {
                "title": other.display_title,
                "when": timezone.localtime(other.starts_at).strftime("%Y-%m-%d %H:%M"),
            }
            return CheckInResult(Outcome.OTHER_ACTIVITY, message, None)
        refusal = _refusal(sign_up)
        if refusal is not None:
            return refusal
        sign_up.status = SignUpStatus.ATTENDED
        sign_up.checked_in_at = recorded_time(at)
        sign_up.checked_in_by = by
        sign_up.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    return CheckInResult(Outcome.CHECKED_IN, _("签到成功。"), sign_up)


def sign_up_undo_check_in(*, sign_up: SignUp, by) -> SignUp:
    """Takes back a check-in made by mistake: the party is confirmed again (and may be marked no-show later)."""
    with transaction.atomic():
        locked = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if locked.status != SignUpStatus.ATTENDED:
            raise ValidationError(_("这个报名没有签到，无需撤销。"), code="not_attended")
        locked.status = SignUpStatus.CONFIRMED
        locked.checked_in_at = None
        locked.checked_in_by = None
        locked.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    return locked


def walk_in_add(
    *, activity: Activity, client_id: uuid.UUID, by, at: datetime | None = None, people: int = 1
) -> tuple[WalkIn, bool]:
    """Counts people who came without signing up. Returns the walk-in and whether it is new: the same
    `client_id` sent again (a retry) is counted once."""
    if not 1 <= people <= MAX_WALK_IN_PEOPLE:
        raise ValidationError(_("人数不正确。"), code="people")
    with transaction.atomic():
        walk_in, created = WalkIn.objects.get_or_create(
            client_id=client_id,
            defaults={"activity": activity, "people": people, "counted_at": recorded_time(at), "counted_by": by},
        )
    if walk_in.activity_id != activity.pk:
        raise ValidationError(_("这次计数属于另一项活动。"), code="other_activity")
    return walk_in, created


def walk_in_undo(*, activity: Activity, client_id: uuid.UUID) -> bool:
    """Takes back one walk-in count (a tap by mistake); True when it existed. Undoing twice is harmless."""
    deleted, _details = WalkIn.objects.filter(activity=activity, client_id=client_id).delete()
    return bool(deleted)


def activity_mark_no_shows(*, activity: Activity, by) -> int:
    """Once the activity is over, every confirmed party that did not check in is marked 未到场 (they held
    places they did not use). Returns how many were marked; marking again marks only new ones (none)."""
    if timezone.now() < activity.ends_at:
        raise ValidationError(_("活动结束后才能标记未到场。"), code="not_over")
    with transaction.atomic():
        missing = list(activity.sign_ups.select_for_update().filter(status=SignUpStatus.CONFIRMED))
        for sign_up in missing:
            sign_up.status = SignUpStatus.NO_SHOW
            sign_up.updated_at = timezone.now()
        # One UPDATE for the lot, with a history row each (who was marked, and when).
        bulk_update_with_history(missing, SignUp, ["status", "updated_at"], default_user=by)
    return len(missing)
