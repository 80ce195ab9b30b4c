"""Reads for staff: the activities to check in (today's first), one activity's sign-up and waitlist lists with
attendance, and the counts the door page shows. Each function runs a fixed number of queries.

Residents' names and phones are shown in full only to a role holding `activities.view_signup_personal_data`;
everyone else (a volunteer at the door, a content editor) sees them masked, on the page and in the exports.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from intake.validation import mask_name, mask_phone

from .checkin_models import WalkIn
from .models import Activity, SignUp, SignUpStatus
from .queries import with_places

PERSONAL_DATA_PERMISSION = "activities.view_signup_personal_data"
# The staff list reaches back a week (to mark no-shows of recent activities) and two weeks ahead.
STAFF_LIST_PAST_DAYS = 7
STAFF_LIST_COMING_DAYS = 14


def may_see_personal_data(user) -> bool:
    return user.has_perm(PERSONAL_DATA_PERMISSION)


def shown_name(sign_up: SignUp, *, full: bool) -> str:
    return sign_up.name if full else mask_name(sign_up.name)


def shown_phone(sign_up: SignUp, *, full: bool) -> str:
    return sign_up.phone if full else mask_phone(sign_up.phone)


def _sum_of(model, *, status: str | None = None, column: str):
    rows = model.objects.filter(activity=OuterRef("pk"))
    if status is not None:
        rows = rows.filter(status=status)
    total = rows.order_by().values("activity").annotate(total=Sum(column)).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def with_attendance(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Adds `.attended_people`, `.no_show_people` and `.walk_in_people` (people, not parties), plus the places
    of `with_places`, all in the same query."""
    return with_places(activities).annotate(
        attended_people=_sum_of(SignUp, status=SignUpStatus.ATTENDED, column="party_size"),
        no_show_people=_sum_of(SignUp, status=SignUpStatus.NO_SHOW, column="party_size"),
        walk_in_people=_sum_of(WalkIn, column="people"),
    )


def staff_activities(*, now: datetime | None = None) -> QuerySet[Activity]:
    """Published and draft activities from a week ago to two weeks ahead, in start order, with their counts."""
    now = timezone.localtime(now or timezone.now())
    first = timezone.make_aware(datetime.combine(now.date() - timedelta(days=STAFF_LIST_PAST_DAYS), time.min))
    last = timezone.make_aware(datetime.combine(now.date() + timedelta(days=STAFF_LIST_COMING_DAYS + 1), time.min))
    rows = Activity.objects.with_listing_relations().between(first, last)
    return with_attendance(rows).order_by("starts_at", "pk")


def staff_activity(*, slug: str) -> Activity:
    """Any activity not in the recycle bin, with its counts; raises Activity.DoesNotExist."""
    return with_attendance(Activity.objects.with_listing_relations()).get(slug=slug)


@dataclass
class RosterLine:
    """One sign-up as a staff list shows it: personal data masked unless the viewer may see it."""

    sign_up: SignUp
    name: str
    phone: str
    position: int | None = None


@dataclass
class Roster:
    """One activity's lists: who holds places (with attendance), the waitlist in order, and cancellations."""

    activity: Activity
    holding: list[RosterLine] = field(default_factory=list)
    waitlist: list[RosterLine] = field(default_factory=list)
    cancelled: list[RosterLine] = field(default_factory=list)
    walk_in_people: int = 0

    def _people(self, status: str) -> int:
        return sum(line.sign_up.party_size for line in self.holding if line.sign_up.status == status)

    @property
    def confirmed_people(self) -> int:
        """Holding places and not checked in (yet)."""
        return self._people(SignUpStatus.CONFIRMED)

    @property
    def attended_people(self) -> int:
        return self._people(SignUpStatus.ATTENDED)

    @property
    def no_show_people(self) -> int:
        return self._people(SignUpStatus.NO_SHOW)

    @property
    def signed_up_people(self) -> int:
        return sum(line.sign_up.party_size for line in self.holding)

    @property
    def waiting_people(self) -> int:
        return sum(line.sign_up.party_size for line in self.waitlist)

    @property
    def present_people(self) -> int:
        """Who took part: checked-in parties and walk-ins."""
        return self.attended_people + self.walk_in_people

    @property
    def lines(self) -> list[RosterLine]:
        return self.holding + self.waitlist + self.cancelled

    @property
    def can_mark_no_shows(self) -> bool:
        return timezone.now() >= self.activity.ends_at and self.confirmed_people > 0


def roster(activity: Activity, *, full: bool) -> Roster:
    """The lists of `activity`: two queries whatever the number of sign-ups. `full` shows names and phones."""
    result = Roster(activity=activity, walk_in_people=WalkIn.objects.filter(activity=activity).people())
    rows = activity.sign_ups.select_related("on_behalf_by", "checked_in_by").order_by("queued_at", "pk")
    for sign_up in rows:
        line = RosterLine(sign_up=sign_up, name=shown_name(sign_up, full=full), phone=shown_phone(sign_up, full=full))
        if sign_up.status == SignUpStatus.WAITLISTED:
            line.position = len(result.waitlist) + 1
            result.waitlist.append(line)
        elif sign_up.status == SignUpStatus.CANCELLED:
            result.cancelled.append(line)
        else:
            result.holding.append(line)
    return result


@dataclass(frozen=True)
class DoorCounts:
    """What the door page shows at a glance and after every scan."""

    signed_up_people: int
    attended_people: int
    attended_parties: int
    walk_in_people: int

    @property
    def present_people(self) -> int:
        return self.attended_people + self.walk_in_people

    def as_json(self) -> dict:
        return {
            "signed_up_people": self.signed_up_people,
            "attended_people": self.attended_people,
            "attended_parties": self.attended_parties,
            "walk_in_people": self.walk_in_people,
            "present_people": self.present_people,
        }


def door_counts(activity: Activity) -> DoorCounts:
    """Two queries: the sign-ups' sums and the walk-ins'."""
    holding = [SignUpStatus.CONFIRMED, SignUpStatus.ATTENDED, SignUpStatus.NO_SHOW]
    sums = activity.sign_ups.aggregate(
        signed_up=Sum("party_size", filter=Q(status__in=holding)),
        attended=Sum("party_size", filter=Q(status=SignUpStatus.ATTENDED)),
        parties=Count("pk", filter=Q(status=SignUpStatus.ATTENDED)),
    )
    return DoorCounts(
        signed_up_people=sums["signed_up"] or 0,
        attended_people=sums["attended"] or 0,
        attended_parties=sums["parties"] or 0,
        walk_in_people=WalkIn.objects.filter(activity=activity).people(),
    )
