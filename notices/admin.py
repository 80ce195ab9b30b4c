"""The outbox and the jobs that gave up, for staff (Chinese). Recipients are always shown masked."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import JobFailure, Notice, NoticeStatus, SmsOptOut, WorkerHeartbeat


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Every notice, newest first. 结果未知 means the provider may have sent it: check before sending again."""

    list_display = ["created_at", "channel", "masked_recipient", "template", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "template"]
    date_hierarchy = "created_at"
    fields = [
        "channel",
        "masked_recipient",
        "template",
        "language",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "not_before",
        "claimed_at",
        "sent_at",
        "provider_reference",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("收件人"))
    def masked_recipient(self, notice: Notice) -> str:
        return notice.masked_recipient

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("重新发送所选通知（仅限发送失败或结果未知的）"), permissions=["view"])
    def send_again(self, request, queryset):
        count = 0
        for notice in queryset.filter(status__in=[NoticeStatus.FAILED, NoticeStatus.UNKNOWN]):
            actions.notice_requeue(notice=notice)
            count += 1
        self.message_user(request, _("已重新排队 %(count)d 条通知。") % {"count": count}, messages.SUCCESS)


@admin.register(JobFailure)
class JobFailureAdmin(admin.ModelAdmin):
    """Background jobs that failed every retry. 重试 runs the job once more with the same arguments."""

    list_display = ["failed_at", "task_name", "job_id", "attempts", "short_error", "retried_at", "retry_button"]
    list_filter = ["task_name", ("retried_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "job_id",
        "task_name",
        "task_kwargs",
        "attempts",
        "error",
        "failed_at",
        "retried_at",
        "retried_by",
    ]
    list_select_related = ["retried_by"]
    actions = ["retry_selected"]

    @admin.action(description=_("重试所选任务"), permissions=["view"])
    def retry_selected(self, request, queryset):
        for failure in queryset:
            actions.job_failure_retry(failure=failure, by=request.user)
        self.message_user(request, _("已重新排队 %(count)d 个任务。") % {"count": len(queryset)}, messages.SUCCESS)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("错误"))
    def short_error(self, failure: JobFailure) -> str:
        return failure.error.splitlines()[-1][:120] if failure.error else ""

    @admin.display(description=_("操作"))
    def retry_button(self, failure: JobFailure) -> str:
        url = reverse("admin:notices_jobfailure_retry", args=[failure.pk])
        # A link to a confirmation page: a form cannot sit inside the changelist's own form.
        return format_html('<a class="button" href="{}">{}</a>', url, _("重试"))

    def get_urls(self):
        retry = self.admin_site.admin_view(self.retry_view)
        return [path("<int:pk>/retry/", retry, name="notices_jobfailure_retry"), *super().get_urls()]

    def retry_view(self, request, pk: int):
        failure = get_object_or_404(JobFailure, pk=pk)
        if not self.has_view_permission(request, failure):
            raise PermissionDenied
        if request.method != "POST":
            context = {**self.admin_site.each_context(request), "failure": failure, "opts": self.model._meta}
            return TemplateResponse(request, "admin/notices/jobfailure/retry_confirm.html", context)
        try:
            actions.job_failure_retry(failure=failure, by=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("已重新排队：%(task)s") % {"task": failure.task_name}, messages.SUCCESS)
        return redirect("admin:notices_jobfailure_changelist")


@admin.register(SmsOptOut)
class SmsOptOutAdmin(admin.ModelAdmin):
    """Phones that asked for no SMS (only a hash of each number is kept)."""

    list_display = ["created_at", "source"]
    readonly_fields = ["phone_hash", "created_at", "source"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "beat_at", "backend"]
    readonly_fields = ["name", "beat_at", "backend"]

    def has_add_permission(self, request) -> bool:
        return False
