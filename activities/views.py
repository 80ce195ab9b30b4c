"""Public pages: what's on, one activity, sign-up and its confirmation, finding or cancelling a sign-up, the
waitlist rule, and the calendar feeds. Views parse input, check the abuse limits, call a query or an action,
and render."""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from facilities.models import AudienceCode, Facility
from intake import ratelimit

from .actions import series_sign_up, signup_cancel, signup_create
from .forms import SignUpForm, TrackForm, WhatsOnForm
from .ical import calendar_for
from .jsonld import event_jsonld
from .models import Activity
from .queries import (
    Period,
    activities_in,
    batch_sign_ups,
    feed_activities,
    find_tracked_sign_up,
    near,
    other_sessions,
    preview_activity_detail,
    public_activity_detail,
    sign_up_by_code,
    waitlist_position,
)

PER_PAGE = 40
SESSION_LAST_CODE = "activities_last_code"
PREVIEW_PERMISSION = "activities.change_activity"


def whats_on(request):
    form = WhatsOnForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    period = Period.around(form.day, view=form.view_name)
    rows = activities_in(
        period,
        audience=form.chosen("audience", ""),
        kind=form.chosen("kind", ""),
        facility=form.chosen("place"),
        places_left=bool(form.chosen("places_left", False)),
    )
    if not valid:
        rows = rows.none()
    origin = form.origin
    listed = near(rows, origin=origin, radius_m=form.radius_m) if origin is not None else rows
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    for key in ("page", "date", "view"):
        params.pop(key, None)
    return render(
        request,
        "activities/whats_on.html",
        {
            "form": form,
            "period": period,
            "page_obj": page,
            "activities": page.object_list,
            "origin": origin,
            "radius_m": form.radius_m if origin else None,
            "filters_query": params.urlencode(),
            "query_without_page": _without(request, "page"),
        },
    )


whats_on.page_cache_parameters = (*WhatsOnForm.base_fields, "page")


def _without(request, key: str) -> str:
    params = request.GET.copy()
    params.pop(key, None)
    return params.urlencode()


def _can_preview(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION)


def _activity_or_404(request, slug: str) -> tuple[Activity, bool]:
    try:
        return public_activity_detail(slug=slug), False
    except Activity.DoesNotExist:
        pass
    if request.GET.get("preview") == "1" and _can_preview(request):
        try:
            return preview_activity_detail(slug=slug), True
        except Activity.DoesNotExist:
            pass
    raise Http404(_("没有找到这项活动，或它尚未发布。"))


def _private(response: HttpResponse, *, is_preview: bool) -> HttpResponse:
    if is_preview:
        # A draft must never be stored by a shared cache or indexed.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def activity_detail(request, slug: str):
    activity, is_preview = _activity_or_404(request, slug)
    response = render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "is_preview": is_preview,
            "sessions": other_sessions(activity),
            "jsonld": event_jsonld(activity),
        },
    )
    return _private(response, is_preview=is_preview)


activity_detail.page_cache_parameters = ("preview",)


def too_many(request):
    return render(request, "activities/too_many_requests.html", status=429)


def _take_limits(*, ip: str, phone: str) -> bool:
    if not ratelimit.take("signup_ip", ip):
        return False
    if not ratelimit.take("signup_phone", phone):
        ratelimit.give_back("signup_ip", ip)
        return False
    return True


def _give_back_limits(*, ip: str, phone: str) -> None:
    ratelimit.give_back("signup_ip", ip)
    ratelimit.give_back("signup_phone", phone)


def _submit(activity: Activity, data: dict, *, everything: bool):
    arguments = {
        "name": data["name"],
        "phone": data["phone"],
        "party_size": data["party_size"],
        "consent": data["consent"],
        "sms_opt_in": data["sms_opt_in"],
        "language": get_language() or "zh-hans",
    }
    if everything:
        outcomes = series_sign_up(series=activity.series, **arguments)
        made = [o.sign_up for o in outcomes if o.sign_up is not None]
        if not made:
            raise ValidationError(" ".join(o.refusal for o in outcomes))
        return made[0]
    return signup_create(activity=activity, **arguments)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request, slug: str):
    try:
        activity = public_activity_detail(slug=slug)
    except Activity.DoesNotExist:
        raise Http404(_("没有找到这项活动，或它尚未发布。")) from None
    if not activity.sign_up_is_open():
        return render(request, "activities/sign_up_closed.html", {"activity": activity})
    form = SignUpForm(request.POST or None, max_party_size=activity.max_party_size)
    everything = bool(activity.series_id) and request.POST.get("scope") == "all"
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        if form.honeypot_filled():
            ratelimit.record_hit("signup_ip", ip)
            return render(request, "activities/rejected.html", status=400)
        if ratelimit.is_limited("signup_ip", ip):
            return too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            # Counted before the work, so parallel submissions cannot all pass the limits.
            if not _take_limits(ip=ip, phone=data["phone"]):
                return too_many(request)
            try:
                made = _submit(activity, data, everything=everything)
            except ValidationError as error:
                _give_back_limits(ip=ip, phone=data["phone"])
                form.add_error(None, error)
            else:
                request.session[SESSION_LAST_CODE] = made.tracking_code
                return redirect("activities:signed_up")
    return render(
        request,
        "activities/sign_up.html",
        {
            "activity": activity,
            "form": form,
            "sessions": other_sessions(activity),
            "scope_all": everything,
            "retention_days": settings.CASEWORK_RETENTION_DAYS,
        },
    )


def qr_svg(code: str) -> str:
    """The QR code of a sign-up code (what the door check-in scans), as inline SVG."""
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(
        out, kind="svg", scale=1, border=4, omitsize=True, xmldecl=False, title=_("报名码二维码")
    )
    return out.getvalue().decode("utf-8")


def _with_tickets(sign_ups: list) -> list:
    for sign_up in sign_ups:
        sign_up.qr = qr_svg(sign_up.tracking_code)
        sign_up.position = waitlist_position(sign_up)
    return sign_ups


@never_cache
def signed_up(request):
    """The confirmation page. The code comes from the session, never the URL, so it is not left in logs."""
    code = request.session.get(SESSION_LAST_CODE)
    made = sign_up_by_code(code)
    if made is None:
        return redirect("activities:track")
    return render(request, "activities/signed_up.html", {"sign_ups": _with_tickets(batch_sign_ups(made))})


def _cancel(request, found):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("请先勾选“确定要取消”。"))
        return found
    try:
        found, _promoted = signup_cancel(sign_up=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("报名已取消。名额会让给候补的居民。"))
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Finds a sign-up by its code + the phone's last four digits (POST, so neither lands in a URL)."""
    form = TrackForm(request.POST or None)
    context = {"form": form, "sign_up": None, "not_found": False}
    if request.method == "POST":
        if ratelimit.hit("signup_track_ip", ratelimit.client_ip(request)):
            return too_many(request)
        if form.is_valid():
            code, last4 = form.cleaned_data["code"], form.cleaned_data["last4"]
            found = find_tracked_sign_up(code=code, phone_last4=last4)
            context.update(code=code, last4=last4)
            if found is None:
                context["not_found"] = True
            else:
                if request.POST.get("action") == "cancel":
                    found = _cancel(request, found)
                context["sign_up"] = _with_tickets([found])[0]
    return render(request, "activities/track.html", context)


def waitlist_rules(request):
    return render(request, "activities/waitlist.html")


def _ics(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def activity_ics(request, slug: str):
    activity, is_preview = _activity_or_404(request, slug)
    body = calendar_for([activity], name=activity.display_title)
    return _private(_ics(body, filename=f"{activity.slug}.ics"), is_preview=is_preview)


def feed_all(request):
    audience = request.GET.get("audience", "")
    if audience and audience not in AudienceCode.values:
        raise Http404(_("没有这个活动对象。"))
    return _ics(calendar_for(feed_activities(audience=audience), name=_("万里社区活动")), filename="activities.ics")


feed_all.page_cache_parameters = ("audience",)


def feed_audience(request, audience: str):
    if audience not in AudienceCode.values:
        raise Http404(_("没有这个活动对象。"))
    name = _("万里社区活动 · %(audience)s") % {"audience": AudienceCode(audience).label}
    return _ics(calendar_for(feed_activities(audience=audience), name=name), filename=f"activities-{audience}.ics")


def feed_facility(request, slug: str):
    facility = Facility.objects.published().filter(slug=slug).first()
    if facility is None:
        raise Http404(_("没有找到这个设施，或它尚未发布。"))
    name = _("%(place)s的活动") % {"place": facility.display_name}
    return _ics(calendar_for(feed_activities(facility=facility), name=name), filename=f"{facility.slug}-activities.ics")
