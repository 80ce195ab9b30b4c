"""The request handlers' CSV of selected requests (an admin action). Personal columns only for those allowed to
see them; everyone else gets the phone masked and no name."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from intake.codes import display_code
from intake.validation import mask_phone
from safeguards.spreadsheets import spreadsheet_row

from .models import ServiceRequest

HEADER = ["查询码", "服务", "类型", "来源", "状态", "提交时间", "应办结时间", "结束时间", "是否超时"]


def _minutes(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def request_row(request: ServiceRequest, *, personal: bool) -> list[str]:
    row = [
        display_code(request.tracking_code),
        request.service.name,
        request.get_kind_display(),
        request.get_channel_display(),
        request.get_status_display(),
        _minutes(request.created_at),
        _minutes(request.due_at),
        _minutes(request.closed_at),
        "是" if request.is_overdue else "否",
    ]
    row += [request.name, request.phone, request.address] if personal else [mask_phone(request.phone)]
    return row


def requests_csv(queryset, *, personal: bool) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="service-requests.csv"'
    response.write("\ufeff")  # so Excel opens the UTF-8 file with Chinese correctly
    writer = csv.writer(response)
    writer.writerow(HEADER + (["申请人", "电话", "地址"] if personal else ["电话（隐去）"]))
    for request in queryset.select_related("service"):
        # Residents' words must never run as a spreadsheet formula (safeguards.spreadsheets).
        writer.writerow(spreadsheet_row(request_row(request, personal=personal)))
    return response
