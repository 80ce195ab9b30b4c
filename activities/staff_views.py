"""Staff pages: the activities to check in, the door check-in page (camera or typed code, walk-ins) with its
JSON endpoint, one activity's sign-up and waitlist lists with attendance, and their exports.

Every page needs a signed-in account with the permission named in its decorator; the rest get the site's 403
page (the JSON endpoint answers 403 in JSON, so the door phone keeps what it could not send).
"""

import json
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import exports
from .checkin_actions import (
    activity_mark_no_shows,
    sign_up_check_in,
    sign_up_undo_check_in,
    walk_in_add,
    walk_in_undo,
)
from .models import Activity, SignUp
from .staff_queries import door_counts, may_see_personal_data, roster, shown_name, staff_activities, staff_activity

CHECK_IN_PERMISSION = "activities.check_in"
LIST_PERMISSION = "activities.view_signup"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, permission: str):
    reason = _("这个页面只对获得授权的工作人员开放。如需使用，请联系系统管理员为您的账号开通“%(permission)s”权限。") % {
        "permission": permission
    }
    return render(request, "403.html", {"reason": reason}, status=403)


def staff_access(*permissions: str):
    """Signed in (else to the sign-in page) and holding one of `permissions` (else the 403 page); never cached."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not any(request.user.has_perm(p) for p in permissions):
                return _refused(request, permissions[0])
            return view(request, *args, **kwargs)

        return never_cache(login_required(checked))

    return decorate


def _activity_or_404(slug: str) -> Activity:
    try:
        return staff_activity(slug=slug)
    except Activity.DoesNotExist:
        raise Http404(_("没有找到这项活动。")) from None


@require_GET
@staff_access(CHECK_IN_PERMISSION, LIST_PERMISSION)
def staff_list(request):
    return render(request, "activities/staff/list.html", {"activities": list(staff_activities())})


# --- The door -------------------------------------------------------------------------------------------------


def camera_allowed(response: HttpResponse) -> HttpResponse:
    """The one page that may use the camera: the site's Permissions-Policy with `camera=(self)`. The
    middleware sends the site-wide `camera=()` only where a view set no header of its own."""
    policy = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}
    response["Permissions-Policy"] = ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
    )
    return response


def door_texts() -> dict:
    """What checkin.js says, in the page's language."""
    return {
        "pending": _("待发送：%(count)s 条，网络恢复后会自动发送。"),
        "offline": _("网络中断：扫码结果已保存在这台手机上。"),
        "signed_out": _("登录已失效：请重新登录，保存的扫码结果随后会发送。"),
        "retry": _("暂时无法发送，稍后会自动重试。"),
        "who": _("%(name)s · %(size)s 人"),
        "scanned": _("已扫到报名码。"),
        "not_a_code": _("这个二维码不是报名码。"),
        "camera_starting": _("正在打开摄像头……"),
        "camera_on": _("请把报名码二维码对准摄像头。"),
        "camera_failed": _("无法打开摄像头：请允许本页使用摄像头，或直接输入报名码。"),
    }


def _door_context(request, activity: Activity, **extra) -> dict:
    return {
        "activity": activity,
        "texts": door_texts(),
        "counts": door_counts(activity),
        "walk_in_id": uuid.uuid4(),
        "may_see_lists": request.user.has_perm(LIST_PERMISSION),
        **extra,
    }


def _result_json(request, result) -> dict:
    sign_up = result.sign_up
    full = may_see_personal_data(request.user)
    return {
        "ok": result.accepted,
        "outcome": result.outcome,
        "message": result.message,
        "name": shown_name(sign_up, full=full) if sign_up else "",
        "party_size": sign_up.party_size if sign_up else None,
        "code": sign_up.display_code if sign_up else "",
    }


@require_http_methods(["GET", "POST"])
@staff_access(CHECK_IN_PERMISSION)
def check_in(request, slug: str):
    """The door page. Without JavaScript (or a camera) its forms still work: a typed code, +1 walk-in."""
    activity = _activity_or_404(slug)
    result = None
    if request.method == "POST":
        if request.POST.get("action") == "walk_in":
            try:
                client_id = uuid.UUID(request.POST.get("walk_in_id", ""))
            except ValueError:
                client_id = uuid.uuid4()
            walk_in_add(activity=activity, client_id=client_id, by=request.user)
            messages.success(request, _("已记录 1 位现场加入的居民。"))
            return redirect("activities:check_in", slug=activity.slug)
        code = request.POST.get("code", "")
        result = _result_json(request, sign_up_check_in(activity=activity, code=code, by=request.user))
    context = _door_context(request, activity, result=result)
    return camera_allowed(render(request, "activities/staff/check_in.html", context, status=200))


def _parse_record(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("请求格式不正确。")) from None
    if not isinstance(data, dict) or data.get("kind") not in ("code", "walk_in", "walk_in_undo"):
        raise ValidationError(_("请求格式不正确。"))
    at = data.get("at")
    data["at"] = parse_datetime(at) if isinstance(at, str) else None
    if data["kind"] != "code":
        try:
            data["id"] = uuid.UUID(str(data.get("id", "")))
        except ValueError:
            raise ValidationError(_("计数标识不正确。")) from None
    elif not isinstance(data.get("code"), str):
        raise ValidationError(_("请输入报名码。"))
    return data


def _record(request, activity: Activity, data: dict) -> dict:
    if data["kind"] == "code":
        result = sign_up_check_in(activity=activity, code=data["code"], by=request.user, at=data["at"])
        return _result_json(request, result)
    if data["kind"] == "walk_in":
        _walk_in, created = walk_in_add(activity=activity, client_id=data["id"], by=request.user, at=data["at"])
        message = _("已记录 1 位现场加入的居民。") if created else _("这次现场加入已经记录过了。")
        return {"ok": True, "outcome": "walk_in", "message": message}
    walk_in_undo(activity=activity, client_id=data["id"])
    return {"ok": True, "outcome": "walk_in_undo", "message": _("已撤销 1 位现场加入。")}


@require_POST
@never_cache
def check_in_record(request, slug: str):
    """What the door page's script sends, one scan or tap at a time (JSON in, JSON out). Idempotent: the phone
    resends what it kept while offline, and a resent scan or tap changes nothing the second time."""
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "outcome": "signed_out", "message": _("请重新登录。")}, status=403)
    if not request.user.has_perm(CHECK_IN_PERMISSION):
        return JsonResponse({"ok": False, "outcome": "forbidden", "message": _("没有签到权限。")}, status=403)
    activity = Activity.objects.filter(slug=slug).first()
    if activity is None:
        return JsonResponse({"ok": False, "outcome": "not_found", "message": _("没有找到这项活动。")}, status=404)
    try:
        answer = _record(request, activity, _parse_record(request.body))
    except ValidationError as error:
        return JsonResponse({"ok": False, "outcome": "bad_request", "message": " ".join(error.messages)}, status=400)
    answer["counts"] = door_counts(activity).as_json()
    return JsonResponse(answer)


# --- Lists, attendance, exports -------------------------------------------------------------------------------


@require_GET
@staff_access(LIST_PERMISSION)
def roster_page(request, slug: str):
    activity = _activity_or_404(slug)
    context = {
        "activity": activity,
        "roster": roster(activity, full=may_see_personal_data(request.user)),
        "full": may_see_personal_data(request.user),
        "may_check_in": request.user.has_perm(CHECK_IN_PERMISSION),
    }
    return render(request, "activities/staff/roster.html", context)


@require_POST
@staff_access(CHECK_IN_PERMISSION)
def roster_attendance(request, slug: str):
    """Marks the no-shows once the activity is over, or takes back one check-in made by mistake."""
    activity = _activity_or_404(slug)
    try:
        if request.POST.get("action") == "mark_no_shows":
            marked = activity_mark_no_shows(activity=activity, by=request.user)
            messages.success(request, _("已将 %(count)s 个未签到的报名标记为未到场。") % {"count": marked})
        elif request.POST.get("action") == "undo_check_in":
            found = SignUp.objects.filter(activity=activity, pk=request.POST.get("sign_up") or 0).first()
            if found is None:
                raise Http404(_("没有找到这个报名。"))
            sign_up_undo_check_in(sign_up=found, by=request.user)
            messages.success(request, _("已撤销报名 %(code)s 的签到。") % {"code": found.display_code})
        else:
            return HttpResponse(_("请求格式不正确。"), status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("activities:roster", slug=activity.slug)


def _export(request, slug: str, *, kind: str) -> HttpResponse:
    activity = _activity_or_404(slug)
    lists = roster(activity, full=may_see_personal_data(request.user))
    if kind == "csv":
        body, content_type = exports.as_csv(lists), "text/csv; charset=utf-8"
    else:
        body, content_type = exports.as_xlsx(lists), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sign-ups-{activity.slug}.{kind}"'
    return response


@require_GET
@staff_access(LIST_PERMISSION)
def export_csv(request, slug: str):
    return _export(request, slug, kind="csv")


@require_GET
@staff_access(LIST_PERMISSION)
def export_xlsx(request, slug: str):
    return _export(request, slug, kind="xlsx")
