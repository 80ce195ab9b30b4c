"""Writes for activities: sign-up, cancellation, the waitlist, and the staff's changes to places and dates.

Every change to who holds places happens inside a transaction holding a row lock on the activity
(`select_for_update`), so two residents asking for the last place at the same moment are served one after the
other: the first gets it, the second joins the waitlist. Free places are counted, never stored.

The waitlist rule (shown to residents on the waitlist page, tested in tests/activities/test_waitlist.py):
whenever places free up (a cancellation, staff adding places), the waitlist is read from the front, in the
order parties joined it. Each party whose size fits the places still free is confirmed, and the free places go
down by its size; a party too large for what is free is passed over but keeps its position, so it stays at the
head and is offered places first the next time they free up. Reading stops when no place is left or the list
ends. Each confirmed party is told.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.codes import new_tracking_code
from notices.actions import notices_purge_for
from publishing.publishable import PublicationStatus

from .models import (
    ACTIVE_STATUSES,
    Activity,
    ActivitySeries,
    SignUp,
    SignUpChannel,
    SignUpStatus,
)
from .notify import tell_promoted


def places_taken(activity: Activity) -> int:
    """People holding places (confirmed, attended, no-show), counted from the sign-ups."""
    return activity.sign_ups.holding_places().aggregate(total=Sum("party_size"))["total"] or 0


def _lock(activity_id: int) -> Activity:
    """The activity row, locked until the end of the transaction (intake.places): sign-ups for it now wait their
    turn, and its counts (`free_places`) are read after the lock."""
    return Activity.objects.lock_places(activity_id)


def _unique_code() -> str:
    while True:
        code = new_tracking_code()
        if not SignUp.objects.filter(tracking_code=code).exists():
            return code


def promote_waiting(*, activity: Activity) -> list[SignUp]:
    """Confirms waiting parties by the waitlist rule (module docstring). Call with the activity locked."""
    free = activity.capacity - places_taken(activity)
    promoted: list[SignUp] = []
    if free <= 0:
        return promoted
    now = timezone.now()
    for waiting in activity.sign_ups.waitlisted().in_queue_order().select_for_update():
        if waiting.party_size > free:
            continue  # keeps its position at the head; smaller parties behind it may fit
        waiting.status = SignUpStatus.CONFIRMED
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "promoted_at", "updated_at"])
        waiting.activity = activity
        tell_promoted(sign_up=waiting)
        promoted.append(waiting)
        free -= waiting.party_size
        if free == 0:
            break
    return promoted


def _check_can_sign_up(activity: Activity, *, party_size: int, phone: str, staff: bool) -> None:
    if not activity.is_published or activity.is_deleted:
        raise ValidationError(_("这项活动不存在或尚未发布。"), code="not_published")
    if timezone.now() >= activity.starts_at:
        raise ValidationError(_("活动已经开始，不能再报名。"), code="started")
    # Staff at the counter may still add a resident after sign-up on the portal was closed early.
    if activity.closed_early and not staff:
        raise ValidationError(_("这项活动已提前截止报名。"), code="closed")
    if party_size < 1:
        raise ValidationError(_("人数至少为 1。"), code="party_size")
    if party_size > activity.max_party_size:
        raise ValidationError(
            _("这项活动每次报名最多 %(limit)s 人。") % {"limit": activity.max_party_size}, code="party_size"
        )
    if activity.sign_ups.active().filter(phone=phone).exists():
        raise ValidationError(_("这个电话号码已经报名了这项活动。"), code="duplicate")


class Party(TypedDict, total=False):
    """Who signs up and how, as signup_create and series_sign_up take it; all but the name and phone have the
    defaults of _create_locked (one person, online, no SMS, Chinese)."""

    name: Required[str]
    phone: Required[str]
    party_size: int
    sms_opt_in: bool
    channel: str
    on_behalf_by: object  # the member of staff signing a resident up at the counter or by phone
    language: str


def _create_locked(
    activity: Activity,
    *,
    name: str,
    phone: str,
    party_size: int = 1,
    consent_at: datetime,
    sms_opt_in: bool = False,
    channel: str = SignUpChannel.ONLINE,
    on_behalf_by=None,
    language: str = "zh-hans",
    batch=None,
) -> SignUp:
    staff = on_behalf_by is not None
    _check_can_sign_up(activity, party_size=party_size, phone=phone, staff=staff)
    fits = party_size <= activity.capacity - places_taken(activity)
    sign_up = SignUp(
        activity=activity,
        tracking_code=_unique_code(),
        name=name,
        phone=phone,
        party_size=party_size,
        status=SignUpStatus.CONFIRMED if fits else SignUpStatus.WAITLISTED,
        channel=channel,
        on_behalf_by=on_behalf_by,
        sms_opt_in=sms_opt_in,
        language=language,
        consent_at=consent_at,
    )
    if batch is not None:
        sign_up.batch = batch
    try:
        with transaction.atomic():
            sign_up.save()
    except IntegrityError:
        # The unique (activity, phone) constraint: a second tab's submission won the race.
        raise ValidationError(_("这个电话号码已经报名了这项活动。"), code="duplicate") from None
    return sign_up


def signup_create(*, activity: Activity, consent: bool, **party: Unpack[Party]) -> SignUp:
    """Signs a party up: confirmed when its places are free, otherwise on the waitlist (status says which).

    `on_behalf_by` is the member of staff signing a resident up at the counter or by phone."""
    if not consent:
        raise ValidationError(_("请先阅读并同意隐私说明。"), code="consent")
    if party.get("channel", SignUpChannel.ONLINE) != SignUpChannel.ONLINE and party.get("on_behalf_by") is None:
        raise ValidationError(_("代报名需要记录工作人员。"), code="on_behalf")
    with transaction.atomic():
        locked = _lock(activity.pk)
        return _create_locked(locked, consent_at=timezone.now(), **party)


@dataclass(frozen=True)
class SessionOutcome:
    """What signing up for all sessions of a series did for one session."""

    activity: Activity
    sign_up: SignUp | None
    refusal: str = ""


def series_sign_up(*, series: ActivitySeries, consent: bool, **party: Unpack[Party]) -> list[SessionOutcome]:
    """Signs a party up for every coming session of a series still open: confirmed where places are free,
    waitlisted elsewhere; a session that refuses (already signed up, closed) says why and the rest go ahead."""
    if not consent:
        raise ValidationError(_("请先阅读并同意隐私说明。"), code="consent")
    sessions = list(
        series.sessions.published().filter(starts_at__gt=timezone.now()).order_by("pk").values_list("pk", flat=True)
    )
    if not sessions:
        raise ValidationError(_("这个系列没有可以报名的场次。"), code="no_sessions")
    outcomes = []
    batch = SignUp._meta.get_field("batch").default()
    with transaction.atomic():
        # Locked in primary-key order, the same order every series sign-up uses, so two cannot deadlock.
        for activity in Activity.objects.select_for_update().filter(pk__in=sessions).order_by("pk"):
            try:
                sign_up = _create_locked(activity, consent_at=timezone.now(), batch=batch, **party)
            except ValidationError as error:
                outcomes.append(SessionOutcome(activity=activity, sign_up=None, refusal=" ".join(error.messages)))
            else:
                outcomes.append(SessionOutcome(activity=activity, sign_up=sign_up))
    outcomes.sort(key=lambda o: (o.activity.starts_at, o.activity.pk))
    return outcomes


def signup_cancel(*, sign_up: SignUp, by=None) -> tuple[SignUp, list[SignUp]]:
    """Cancels a confirmed or waiting sign-up (by the resident, or by staff `by`); freed places go to the
    waitlist. Returns the cancelled sign-up and the parties promoted."""
    with transaction.atomic():
        activity = _lock(sign_up.activity_id)
        locked = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if locked.status not in ACTIVE_STATUSES:
            raise ValidationError(_("这个报名已经取消或已结束，不能再取消。"), code="not_active")
        if by is None and timezone.now() >= activity.starts_at:
            raise ValidationError(_("活动已经开始，不能在网上取消。"), code="started")
        held = locked.holds_places
        locked.status = SignUpStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        locked.activity = activity
        promoted = promote_waiting(activity=activity) if held else []
    return locked, promoted


def activity_add_places(*, activity: Activity, extra: int, by) -> tuple[Activity, list[SignUp]]:
    """Raises the capacity by `extra` places and promotes waiting parties into them."""
    if extra < 1:
        raise ValidationError(_("增加的名额至少为 1。"), code="extra")
    with transaction.atomic():
        locked = _lock(activity.pk)
        locked.capacity += extra
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save(update_fields=["capacity", "version", "updated_at"])
        promoted = promote_waiting(activity=locked)
    return locked, promoted


def activity_capacity_changed(*, activity: Activity) -> list[SignUp]:
    """After staff saved a new capacity in the admin: promotes waiting parties into any places now free."""
    with transaction.atomic():
        return promote_waiting(activity=_lock(activity.pk))


def activity_close_sign_up(*, activity: Activity, by) -> Activity:
    """Closes sign-up on the portal before the activity starts (the waitlist stays as it is)."""
    if activity.sign_up_closed_at is None:
        activity.sign_up_closed_at = timezone.now()
        activity.save(update_fields=["sign_up_closed_at", "version", "updated_at"])
    return activity


def activity_reopen_sign_up(*, activity: Activity, by) -> Activity:
    if activity.sign_up_closed_at is not None:
        activity.sign_up_closed_at = None
        activity.save(update_fields=["sign_up_closed_at", "version", "updated_at"])
    return activity


COPIED_FIELDS = [
    "title",
    "title_en",
    "description",
    "description_en",
    "facility_id",
    "place_detail",
    "audience",
    "kind",
    "capacity",
    "max_party_size",
    "fee",
    "how_to_sign_up",
    "series_id",
    "is_demo",
]


def activity_copy(*, activity: Activity, starts_on: date, by=None) -> Activity:
    """A draft copy of `activity` on another day, at the same local time of day and for the same length;
    no sign-ups are copied. A publisher publishes it after checking."""
    start = timezone.localtime(activity.starts_at)
    new_start = start.replace(year=starts_on.year, month=starts_on.month, day=starts_on.day)
    new_start = timezone.make_aware(new_start.replace(tzinfo=None))  # the zone's offset on the new day
    copy = Activity(**{field: getattr(activity, field) for field in COPIED_FIELDS})
    copy.starts_at = new_start
    copy.ends_at = new_start + (activity.ends_at - activity.starts_at)
    copy.full_clean(exclude=["slug"])
    copy.save()
    return copy


def series_copy(*, series: ActivitySeries, first_on: date, by=None) -> list[Activity]:
    """Copies every session of a series to new dates: the first session moves to `first_on` and the others
    keep their distance from it in days (a weekly class stays weekly). The copies are drafts."""
    sessions = list(series.sessions.order_by("starts_at", "pk"))
    if not sessions:
        raise ValidationError(_("这个系列还没有场次，无法复制。"), code="empty")
    shift = first_on - timezone.localtime(sessions[0].starts_at).date()
    with transaction.atomic():
        return [
            activity_copy(activity=s, starts_on=timezone.localtime(s.starts_at).date() + shift, by=by) for s in sessions
        ]


def weekly_sessions(*, series: ActivitySeries, template: Activity, weeks: int) -> list[Activity]:
    """`weeks` more weekly sessions after `template` (a session of `series`), as drafts."""
    first = timezone.localtime(template.starts_at).date()
    return [activity_copy(activity=template, starts_on=first + timedelta(weeks=n)) for n in range(1, weeks + 1)]


ANONYMISED = "（已匿名化）"


@transaction.atomic
def purge_sign_ups(*, older_than_days: int, now: datetime | None = None) -> dict[str, int]:
    """Anonymises sign-ups for activities that ended more than `older_than_days` ago (the requests' retention
    period): name and phone go from the row and its history rows; status, party size and dates stay for the
    attendance figures. Counted from the end of the activity, since a sign-up stays useful until then."""
    if older_than_days < 0:
        raise ValueError("older_than_days must not be negative")
    now = now or timezone.now()
    cutoff = now - timedelta(days=older_than_days)
    ids = list(
        SignUp.objects.filter(activity__ends_at__lt=cutoff, anonymised_at__isnull=True).values_list("pk", flat=True)
    )
    updated = SignUp.objects.filter(pk__in=ids).update(name=ANONYMISED, phone="", anonymised_at=now)
    history = SignUp.history.model.objects.filter(id__in=ids).update(anonymised_at=now)
    # The SMS sent about them (promotion, reminder) hold the phone and the code: they go too.
    notices = notices_purge_for(model=SignUp, ids=ids)
    return {"sign_ups": updated, "history_rows": history, "notices": notices}


def send_reminders(*, now: datetime | None = None, ahead: timedelta = timedelta(hours=24)) -> int:
    """Queues the reminder of every confirmed sign-up whose activity starts within `ahead` and was not reminded
    yet (only residents who asked for one get it; see notify.remind). Returns how many were queued."""
    from .notify import remind

    now = now or timezone.now()
    due = SignUp.objects.select_related("activity").filter(
        status=SignUpStatus.CONFIRMED,
        reminded_at__isnull=True,
        sms_opt_in=True,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + ahead,
        activity__publication_status=PublicationStatus.PUBLISHED,
    )
    sent = 0
    for sign_up in due:
        with transaction.atomic():
            if remind(sign_up=sign_up) is not None:
                sent += 1
            SignUp.objects.filter(pk=sign_up.pk).update(reminded_at=now)
    return sent
