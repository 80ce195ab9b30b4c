"""Public pages: apply to a service, see the tracking code, follow or cancel a request, report wrong information.
Views parse input, check the abuse limits, call an action or a query, and render."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from intake import ratelimit
from intake.codes import display_code
from intake.forms import TrackForm
from publishing.publishable import PublicationStatus
from services.models import Service

from .actions import correction_submit, request_cancel_by_resident, request_submit
from .forms import CorrectionForm, ServiceRequestForm, show_action_error
from .models import OPEN_STATUSES, ServiceRequest
from .queries import (
    find_tracked_request,
    online_application,
    public_timeline,
    published_service,
    recent_duplicate,
    waitlist_position,
)

SESSION_LAST_CODE = "casework_last_code"
SESSION_CODES = "casework_codes"  # codes this browser received lately, to recognise a double submit

# Pages residents may report as wrong: "app_label.model" in the URL → must be a published object.
CORRECTABLE_MODELS = {"facility": "facilities.Facility", "service": "services.Service"}


def too_many(request):
    return render(request, "casework/too_many_requests.html", status=429)


def rejected(request):
    """The honeypot was filled: a robot, or very rarely a browser's autofill. Nothing is stored."""
    return render(request, "casework/rejected.html", status=400)


def _refused(request, *, form, limit: str, ip: str):
    """A post refused before its form is read: the honeypot was filled (counted against the address), or
    the address is over `limit` already. None when the post may go on."""
    if form.honeypot_filled():
        ratelimit.record_hit(limit, ip)
        return rejected(request)
    if ratelimit.is_limited(limit, ip):
        return too_many(request)
    return None


def _take_request_limits(*, ip: str, phone: str) -> bool:
    if not ratelimit.take("request_ip", ip):
        return False
    if not ratelimit.take("request_phone", phone):
        ratelimit.give_back("request_ip", ip)
        return False
    return True


def _give_back_request_limits(*, ip: str, phone: str) -> None:
    ratelimit.give_back("request_ip", ip)
    ratelimit.give_back("request_phone", phone)


def _store_request(request, *, service: Service, form: ServiceRequestForm, ip: str):
    """Stores a valid application (or finds it already stored) and redirects to the confirmation; None when the
    action refused it (the reason is then on `form`)."""
    data = form.cleaned_data
    duplicate = recent_duplicate(
        codes=request.session.get(SESSION_CODES, []),
        service=service,
        phone=data["phone"],
        description=data["description"],
    )
    if duplicate is not None:
        request.session[SESSION_LAST_CODE] = duplicate.tracking_code
        return redirect("casework:request_sent")
    # Counted before the work, so parallel submissions cannot all pass the limits.
    if not _take_request_limits(ip=ip, phone=data["phone"]):
        return too_many(request)
    try:
        created = request_submit(
            service=service,
            name=data["name"],
            phone=data["phone"],
            address=data.get("address", ""),
            description=data["description"],
            preferred_time=data.get("preferred_time") or "any",
            pool=data.get("pool"),
            consent=data["consent"],
            sms_updates=data.get("sms_updates", False),
        )
    except ValidationError as error:
        _give_back_request_limits(ip=ip, phone=data["phone"])
        show_action_error(form, error, renamed={"consent_at": "consent"})
        return None
    request.session[SESSION_LAST_CODE] = created.tracking_code
    request.session[SESSION_CODES] = [*request.session.get(SESSION_CODES, [])[-4:], created.tracking_code]
    return redirect("casework:request_sent")


@never_cache
@require_http_methods(["GET", "POST"])
def request_new(request, slug: str):
    try:
        service = published_service(slug=slug)
    except Service.DoesNotExist:
        raise Http404(_("这项服务不存在，或暂不接受网上申请。")) from None
    application = online_application(service)
    if not application.accepts:
        raise Http404(application.reason or _("这项服务不存在，或暂不接受网上申请。"))
    request_settings = service.request_settings
    pools = application.pools
    ip = ratelimit.client_ip(request)
    form = ServiceRequestForm(request.POST or None, request_settings=request_settings, pools=pools)
    if request.method == "POST":
        if (refused := _refused(request, form=form, limit="request_ip", ip=ip)) is not None:
            return refused
        if form.is_valid() and (answer := _store_request(request, service=service, form=form, ip=ip)) is not None:
            return answer
    return render(
        request,
        "casework/request_form.html",
        {
            "service": service,
            "request_settings": request_settings,
            "form": form,
            "pools": pools,
            "retention_days": settings.CASEWORK_RETENTION_DAYS,
        },
    )


@never_cache
def request_sent(request):
    """The confirmation page. The code comes from the session, never the URL, so it is not left in logs."""
    code = request.session.get(SESSION_LAST_CODE)
    created = ServiceRequest.objects.select_related("service").filter(tracking_code=code).first() if code else None
    if created is None:
        return redirect("casework:track")
    return render(
        request,
        "casework/request_sent.html",
        {
            "service_request": created,
            "code": display_code(created.tracking_code),
            "position": waitlist_position(created),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Looks a request up by tracking code + the phone's last four digits (POST, so neither lands in a URL)."""
    form = TrackForm(request.POST or None)
    context = {"form": form, "code": "", "last4": "", "service_request": None, "not_found": False}
    if request.method == "POST":
        if ratelimit.hit("track_ip", ratelimit.client_ip(request)):
            return too_many(request)
        context.update(code=request.POST.get("code", "")[:40], last4=request.POST.get("last4", "")[:10])
        if not form.is_valid():
            return render(request, "casework/track.html", context)
        code, last4 = form.cleaned_data["code"], form.cleaned_data["last4"]
        found = find_tracked_request(code=code, phone_last4=last4)
        context.update(code=code, last4=last4)
        if found is None:
            context["not_found"] = True
        else:
            if request.POST.get("action") == "cancel":
                if request.POST.get("confirm") == "yes":
                    try:
                        found = request_cancel_by_resident(request=found)
                        messages.success(request, _("申请已取消。"))
                    except ValidationError as error:
                        messages.error(request, " ".join(error.messages))
                else:
                    messages.error(request, _("请先勾选“确定要取消”。"))
            context.update(
                service_request=found,
                events=public_timeline(found),
                position=waitlist_position(found),
                can_cancel=found.status in OPEN_STATUSES,
                display_code=display_code(found.tracking_code),
            )
    return render(request, "casework/track.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def correction_new(request, model: str, pk: int):
    label = CORRECTABLE_MODELS.get(model)
    if label is None:
        raise Http404(_("没有这种页面。"))
    model_class = apps.get_model(label)
    subject = model_class.objects.filter(pk=pk, publication_status=PublicationStatus.PUBLISHED).first()
    if subject is None:
        raise Http404(_("没有找到这个页面，或它尚未发布。"))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        if (refused := _refused(request, form=form, limit="correction_ip", ip=ip)) is not None:
            return refused
        if form.is_valid():
            if not ratelimit.take("correction_ip", ip):  # counted before the work, so parallel posts cannot all pass
                return too_many(request)
            correction_submit(
                subject=subject,
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                contact=form.cleaned_data["contact"],
            )
            messages.success(request, _("谢谢您！工作人员核实后会更正页面。"))
            return HttpResponseRedirect(subject.get_absolute_url())
    return render(request, "casework/correction_form.html", {"subject": subject, "form": form})
