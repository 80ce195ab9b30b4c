"""The publishers' list of changes waiting for review ("待审核的修改"), each compared with what is live."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import actions as publishing_actions
from . import revisions
from .models import PendingRevision, RevisionStatus


class RevisionStatusFilter(admin.SimpleListFilter):
    """Opens on the revisions still waiting; the decided ones are a click away."""

    title = _("状态")
    parameter_name = "status"
    show_all = "all"

    def lookups(self, request, model_admin):
        return [*RevisionStatus.choices, (self.show_all, _("全部"))]

    def value(self):
        return super().value() or RevisionStatus.PENDING

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == self.show_all:
            return queryset
        return queryset.filter(status=self.value())


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("驳回时必填，写明原因，提交人会看到。"),
    )

    def __init__(self, *args, rejecting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rejecting = rejecting

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.rejecting and not reason:
            raise forms.ValidationError(_("驳回时请写明原因。"), code="reason_required")
        return reason


@admin.register(PendingRevision)
class PendingRevisionAdmin(admin.ModelAdmin):
    """Editors see their proposals here; only a publisher of that kind of content approves or rejects."""

    list_display = ["object_repr", "content_type", "source", "proposed_by", "proposed_at", "status", "decided_by"]
    list_filter = [RevisionStatusFilter, ("content_type", admin.RelatedOnlyFieldListFilter), "source"]
    list_select_related = ["content_type", "proposed_by", "decided_by"]
    search_fields = ["object_repr", "reason"]
    date_hierarchy = "proposed_at"
    review_template = "admin/publishing/pendingrevision/review.html"

    def has_add_permission(self, request) -> bool:
        return False  # proposals come from saving content, never typed in

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of who proposed and who decided stays

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # deciding is its own permission (may_decide), not editing the row

    def may_decide(self, request, revision: PendingRevision) -> bool:
        return request.user.has_perm(revision.publish_permission)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        rejecting = "_reject" in request.POST
        form = DecisionForm(request.POST or None, rejecting=rejecting)
        if request.method == "POST":
            if not self.may_decide(request, revision):
                raise PermissionDenied
            if form.is_valid():
                done = self._decide(request, revision, rejecting=rejecting, reason=form.cleaned_data["reason"])
                if done:
                    return HttpResponseRedirect(reverse("admin:publishing_pendingrevision_changelist"))
        live = revision.content_type.model_class()._base_manager.filter(pk=revision.object_id).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("审核修改：%(object)s") % {"object": revision.object_repr},
            "revision": revision,
            "live": live,
            "live_admin_url": self._live_admin_url(revision) if live is not None else "",
            "sections": revisions.compare(live, revision.data) if live is not None else [],
            "form": form,
            "may_decide": revision.is_pending and self.may_decide(request, revision) and live is not None,
            "may_reject": revision.is_pending and self.may_decide(request, revision),
        }
        return TemplateResponse(request, self.review_template, context)

    def _decide(self, request, revision: PendingRevision, *, rejecting: bool, reason: str) -> bool:
        try:
            if rejecting:
                publishing_actions.revision_reject(revision=revision, by=request.user, reason=reason)
            else:
                publishing_actions.revision_approve(revision=revision, by=request.user, reason=reason)
        except publishing_actions.RevisionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return False
        except ValidationError as exc:
            self.message_user(
                request,
                _("不能批准：修改后的内容不符合要求（%(errors)s）。请驳回，并请提交人修改。")
                % {"errors": "；".join(exc.messages)},
                messages.ERROR,
            )
            return False
        if rejecting:
            self.message_user(request, _("已驳回，线上内容保持不变。"), messages.SUCCESS)
        else:
            self.message_user(request, _("已批准，修改已对居民生效。"), messages.SUCCESS)
        return True

    def _live_admin_url(self, revision: PendingRevision) -> str:
        opts = revision.content_type.model_class()._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id])
