"""Writes for requests and corrections. Views, the admin and commands call these; every status change goes
through `_move` so it is checked and recorded as an event with who and when."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intake.codes import display_code, new_tracking_code
from intake.personal_data import ANONYMISED, anonymise_traces
from notices.actions import notice_enqueue, notices_purge_for
from services.models import Service

from .models import (
    CLOSED_STATUSES,
    PLACE_KINDS,
    Channel,
    ContactPage,
    Correction,
    CorrectionContactView,
    CorrectionStatus,
    PlacePool,
    PreferredTime,
    RequestEvent,
    RequestSettings,
    RequestStatus,
    ServiceRequest,
)
from .queries import settings_for
from .transitions import check_move

logger = logging.getLogger(__name__)
User = get_user_model()


def _lock(request: ServiceRequest) -> ServiceRequest:
    """The request row, locked until the end of the transaction, as it is now in the database."""
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _lock_pool(pool_id: int) -> PlacePool:
    # Every change to who holds a place in this pool waits here for the others: two staff allocating the
    # last bed at the same moment are served one after the other, and the second sees it taken.
    return PlacePool.objects.lock_places(pool_id)


def _move(request: ServiceRequest, to: str, *, by=None, by_resident: bool = False, note: str = "") -> ServiceRequest:
    check_move(request, to, when=request.scheduled_for, reason=request.decline_reason)
    previous = request.status
    request.status = to
    if to in CLOSED_STATUSES:
        request.closed_at = timezone.now()
    request._history_user = by
    request.full_clean()
    request.save()
    RequestEvent.objects.create(
        request=request,
        from_status=previous,
        to_status=to,
        actor=by,
        by_resident=by_resident,
        note=note[:300],
    )
    _tell_resident(request, previous=previous)
    return request


# Which moves the resident hears of by SMS (when they ticked "通过短信告诉我进展"), and the text for each.
RESIDENT_SMS = {
    RequestStatus.ACCEPTED: "casework.request_accepted",
    RequestStatus.SCHEDULED: "casework.request_scheduled",
    RequestStatus.COMPLETED: "casework.request_completed",
    RequestStatus.DECLINED: "casework.request_declined",
}


def _tell_resident(request: ServiceRequest, *, previous: str) -> None:
    """An SMS in the outbox, in this transaction: the tracking code only, no other personal data."""
    if not request.sms_updates or not request.phone:
        return
    template = RESIDENT_SMS.get(request.status)
    if previous == RequestStatus.WAITLISTED and request.status == RequestStatus.SUBMITTED:
        template = "casework.place_freed"
    if template is None:
        return
    notice_enqueue(
        channel="sms",
        recipient=request.phone,
        template=template,
        context={"code": display_code(request.tracking_code)},
        related=request,
    )


def _release(request: ServiceRequest) -> None:
    """Gives back the place a request holds (before it closes: only accepted requests may hold one)."""
    if request.holds_place:
        _lock_pool(request.pool_id)
        request.holds_place = False


def _promote_waitlist(pool_id: int | None) -> None:
    """Moves waiting requests up, in order of arrival, while places are neither held nor promised."""
    if pool_id is None:
        return
    pool = _lock_pool(pool_id)
    if not pool.unpromised_places:
        return
    waiting = (
        ServiceRequest.objects.select_for_update()
        .filter(pool=pool, status=RequestStatus.WAITLISTED)
        .order_by("created_at", "pk")[: pool.unpromised_places]
    )
    for queued in waiting:
        _move(queued, RequestStatus.SUBMITTED, note=_("有空余名额，已转为待受理"))


def _unique_code() -> str:
    for _attempt in range(5):
        code = new_tracking_code()
        if not ServiceRequest.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("could not draw an unused tracking code")  # 31**12 codes: practically unreachable


def check_submission(
    *, service: Service, consent: bool, pool: PlacePool | None = None, address: str = ""
) -> RequestSettings:
    """Raises the ValidationError a new request to `service` meets (the rules of `request_submit`, which the
    staff's on-behalf form calls first, to show them on the form); returns the service's request settings."""
    request_settings = settings_for(service)
    if request_settings is None or not request_settings.accepts_requests:
        raise ValidationError(_("这项服务暂不接受网上申请。"))
    errors = {}
    if not consent:
        errors["consent_at"] = _("请阅读并同意个人信息说明。")
    if request_settings.takes_places and (pool is None or pool.location.service_id != service.pk):
        errors["pool"] = _("请选择申请哪一处的名额。")
    if request_settings.needs_address and not (address or "").strip():
        errors["address"] = _("上门服务需要填写小区与门牌。")
    if errors:
        raise ValidationError(errors)
    return request_settings


def _save_new(request: ServiceRequest, *, by) -> None:
    """Stores a new request with its first event; the handlers' e-mails go into the outbox in the same
    transaction."""
    request._history_user = by
    request.full_clean()
    try:
        with transaction.atomic():  # a savepoint: after an IntegrityError the transaction goes on
            request.save()
    except IntegrityError:  # the same code drawn twice at the same moment
        request.tracking_code = _unique_code()
        request.save()
    RequestEvent.objects.create(
        request=request,
        from_status="",
        to_status=request.status,
        actor=by,
        by_resident=by is None,
        note=Channel(request.channel).label if request.channel != Channel.ONLINE else "",
    )
    notify_handlers(request=request)


@transaction.atomic
def request_submit(
    *,
    service: Service,
    name: str,
    phone: str,
    description: str,
    consent: bool,
    address: str = "",
    preferred_time: str = PreferredTime.ANY,
    pool: PlacePool | None = None,
    channel: str = Channel.ONLINE,
    sms_updates: bool = False,
    by=None,
) -> ServiceRequest:
    """Records a new request (online, or entered by staff `by` for a caller or a visitor at the counter).
    For beds and childcare places the request goes on the waiting list when every place is taken or promised."""
    request_settings = check_submission(service=service, consent=consent, pool=pool, address=address)
    pool = pool if request_settings.takes_places else None
    now = timezone.now()
    request = ServiceRequest(
        tracking_code=_unique_code(),
        service=service,
        kind=request_settings.kind,
        pool=pool,
        channel=channel,
        name=name,
        phone=phone,
        address=address if request_settings.needs_address else "",
        description=description,
        preferred_time=preferred_time,
        consent_at=now,
        created_at=now,
        status=RequestStatus.SUBMITTED,
        sms_updates=sms_updates,
    )
    request.compute_due_at(request_settings.target_hours)
    if pool is not None and not _lock_pool(pool.pk).unpromised_places:
        request.status = RequestStatus.WAITLISTED
    _save_new(request, by=by)
    return request


def handler_addresses(request_settings: RequestSettings) -> list[str]:
    addresses = list(request_settings.email_list)
    if request_settings.handler_group_id:
        addresses += list(
            User.objects.filter(groups=request_settings.handler_group_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(set(addresses))


def notify_handlers(*, request: ServiceRequest) -> int:
    """E-mails for the service's handlers that a request arrived, put in the outbox in the request's own
    transaction (the worker sends them and retries a mail server that is down). The mail carries no personal
    data: handlers open the request in the admin, where access is controlled and logged."""
    addresses = handler_addresses(request.service.request_settings)
    link = settings.SITE_URL.rstrip("/") + reverse("admin:casework_servicerequest_change", args=[request.pk])
    with translation.override(settings.LANGUAGE_CODE):  # staff read Chinese, whatever the resident's page was
        context = {
            "code": display_code(request.tracking_code),
            "service": request.service.name,
            "kind": str(request.get_kind_display()),
            "channel": str(request.get_channel_display()),
            "status": str(request.get_status_display()),
            "due": timezone.localtime(request.due_at).strftime("%Y-%m-%d %H:%M"),
            "link": link,
        }
    for address in addresses:
        notice_enqueue(
            channel="email",
            recipient=address,
            template="casework.new_request",
            context=context,
            language=settings.LANGUAGE_CODE,
            related=request,
        )
    return len(addresses)


@transaction.atomic
def request_accept(*, request: ServiceRequest, by, public_reply: str | None = None) -> ServiceRequest:
    """Accepts a request; for a bed or childcare place this allocates the place, or fails when none is free."""
    request = _lock(request)
    check_move(request, RequestStatus.ACCEPTED)
    if request.kind in PLACE_KINDS and request.pool_id:
        pool = _lock_pool(request.pool_id)
        if not pool.free_places:
            raise ValidationError(_("%(pool)s 已没有空余名额，不能受理。") % {"pool": pool})
        request.holds_place = True
    if public_reply is not None:
        request.public_reply = public_reply
    return _move(request, RequestStatus.ACCEPTED, by=by)


@transaction.atomic
def request_schedule(*, request: ServiceRequest, by, when: datetime, public_reply: str | None = None) -> ServiceRequest:
    """Sets (or moves) the date and time of a visit or of moving in."""
    request = _lock(request)
    check_move(request, RequestStatus.SCHEDULED, when=when)
    request.scheduled_for = when
    if public_reply is not None:
        request.public_reply = public_reply
    note = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    return _move(request, RequestStatus.SCHEDULED, by=by, note=note)


def _close(request: ServiceRequest, to: str, *, by=None, by_resident: bool = False) -> ServiceRequest:
    """Ends a locked request: a held place is given back and the waiting list moves up."""
    check_move(request, to, reason=request.decline_reason)
    _release(request)
    _move(request, to, by=by, by_resident=by_resident)
    _promote_waitlist(request.pool_id)
    return request


@transaction.atomic
def request_complete(*, request: ServiceRequest, by, public_reply: str | None = None) -> ServiceRequest:
    """Closes a request as done; a held place is given back and the waiting list moves up."""
    request = _lock(request)
    if public_reply is not None:
        request.public_reply = public_reply
    return _close(request, RequestStatus.COMPLETED, by=by)


@transaction.atomic
def request_decline(*, request: ServiceRequest, by, reason: str) -> ServiceRequest:
    """Declines with a reason the resident will read on the tracking page."""
    request = _lock(request)
    request.decline_reason = (reason or "").strip()
    return _close(request, RequestStatus.DECLINED, by=by)


@transaction.atomic
def request_cancel_by_resident(*, request: ServiceRequest) -> ServiceRequest:
    """The resident withdraws the request from the tracking page."""
    return _close(_lock(request), RequestStatus.CANCELLED, by_resident=True)


@transaction.atomic
def place_pool_save(*, pool: PlacePool) -> PlacePool:
    """Saves a pool (capacity defaults to the facility's); when places were added, the waiting list moves up."""
    pool.full_clean()
    pool.save()
    _promote_waitlist(pool.pk)
    return pool


@transaction.atomic
def correction_submit(*, subject: Model, what_is_wrong: str, contact: str = "") -> Correction:
    correction = Correction(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        subject_label=str(subject)[:200],
        what_is_wrong=what_is_wrong,
        contact=contact,
    )
    correction.full_clean()
    correction.save()
    return correction


@transaction.atomic
def correction_resolve(*, correction: Correction, by, status: str, note: str = "") -> Correction:
    if status == CorrectionStatus.NEW:
        raise ValidationError(_("请选择“已更正”或“无需更正”。"))
    correction.status = status
    correction.handled_by = by
    correction.handled_at = timezone.now()
    if note:
        correction.staff_note = note
    correction.full_clean()
    correction.save()
    return correction


def correction_contacts_viewed(*, corrections: list[Correction], by, page: ContactPage) -> list[CorrectionContactView]:
    """Records that `by` was shown the contact of each of `corrections` (those that left one) on `page`."""
    now = timezone.now()
    return CorrectionContactView.objects.bulk_create(
        [
            CorrectionContactView(correction=correction, viewed_by=by, viewed_at=now, page=page)
            for correction in corrections
            if correction.contact
        ]
    )


@transaction.atomic
def purge_requests(*, older_than_days: int, now: datetime | None = None) -> dict[str, int]:
    """Anonymises requests closed more than `older_than_days` ago: personal data and free text go from the row,
    from its simple-history rows and from the admin log; status, service, dates and events stay for statistics.
    Also clears the contact left on handled corrections of the same age."""
    if older_than_days < 0:
        raise ValueError("older_than_days must not be negative")
    now = now or timezone.now()
    cutoff = now - timedelta(days=older_than_days)
    ids = list(
        ServiceRequest.objects.filter(
            status__in=CLOSED_STATUSES, closed_at__lt=cutoff, anonymised_at__isnull=True
        ).values_list("pk", flat=True)
    )
    blank = {
        "name": ANONYMISED,
        "phone": "",
        "address": "",
        "description": ANONYMISED,
        "public_reply": "",
        "decline_reason": ANONYMISED,
        "internal_notes": "",
    }
    requests = ServiceRequest.objects.filter(pk__in=ids)
    # Declined rows keep a non-empty reason (a database rule); the others get an empty one.
    updated = requests.exclude(status=RequestStatus.DECLINED).update(
        **{**blank, "decline_reason": ""}, anonymised_at=now
    )
    updated += requests.filter(status=RequestStatus.DECLINED).update(**blank, anonymised_at=now)
    history, log_entries = anonymise_traces(model=ServiceRequest, ids=ids, blank={**blank, "decline_reason": ""})
    notices = notices_purge_for(model=ServiceRequest, ids=ids)
    corrections = (
        Correction.objects.exclude(status=CorrectionStatus.NEW)
        .filter(handled_at__lt=cutoff)
        .exclude(contact="")
        .update(contact="")
    )
    return {
        "requests": updated,
        "history_rows": history,
        "log_entries": log_entries,
        "corrections": corrections,
        "notices": notices,
    }
