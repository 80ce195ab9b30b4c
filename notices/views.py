"""Residents' opt-out, the SMS provider's reply callback, and the worker's health for operations."""

import hmac
import json
import logging

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .actions import sms_opt_out
from .masking import mask_phone
from .models import Notice, NoticeChannel
from .optout import normalize, notice_id_from_stop_token
from .queries import worker_status

logger = logging.getLogger(__name__)

STOP_WORDS = {"TD", "T", "N", "退订", "取消"}


@require_http_methods(["GET", "POST"])
def sms_stop(request, token: str):
    """The link in every SMS. GET only asks (link previews and scanners open links); POST opts the phone out."""
    notice_id = notice_id_from_stop_token(token)
    notice = Notice.objects.filter(pk=notice_id, channel=NoticeChannel.SMS).first() if notice_id else None
    if notice is None:
        return render(request, "notices/stop.html", {"state": "unknown"}, status=404)
    if request.method == "POST":
        sms_opt_out(phone=notice.recipient, source="link")
        return render(request, "notices/stop.html", {"state": "done"})
    return render(request, "notices/stop.html", {"state": "ask", "masked": mask_phone(notice.recipient)})


@csrf_exempt
@require_POST
def sms_inbound(request, token: str):
    """Tencent Cloud SMS reply callback (短信回复回调): {"mobile", "nationcode", "text", "sign", "time", "extend"}.
    Tencent signs nothing in this callback, so the address itself is the credential: a long secret token in
    the path (SMS_INBOUND_TOKEN), compared in constant time, plus the sign name it must carry."""
    expected = settings.SMS_INBOUND_TOKEN
    if not expected or not hmac.compare_digest(expected.encode(), token.encode()):
        raise Http404
    try:
        payload = json.loads(request.body)
        mobile, text = normalize(str(payload["mobile"])), str(payload.get("text", ""))
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"result": 1, "errmsg": "bad request"}, status=400)
    sign_name = settings.SMS_TENCENT["SIGN_NAME"]
    if sign_name and payload.get("sign") != sign_name:
        return JsonResponse({"result": 1, "errmsg": "unknown sign"}, status=403)
    if text.strip().upper() in STOP_WORDS and mobile:
        sms_opt_out(phone=mobile, source="reply")
        logger.info("SMS opt-out by reply from %s", mask_phone(mobile))
    return JsonResponse({"result": 0, "errmsg": "OK"})


def worker_health(request):
    """/ops/worker: 200 while a worker ran a job within WORKER_STALE_MINUTES, else 503. Not /healthz, which
    the load balancer uses for the web servers (a stopped worker must not take the site out of rotation)."""
    status = worker_status()
    return JsonResponse(status.as_dict(), status=200 if status.ok else 503)
