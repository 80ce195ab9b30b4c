"""Admin building blocks for every content app: publishing, the recycle bin, review reminders, import/export.

A content app's ModelAdmin mixes these in; their hooks (`publish_one` …) run the generic actions of
publishing.actions, and an app overrides a hook only when it has more to do than they do.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from . import actions as publishing_actions
from . import revisions
from .forms import StaffExportForm, VersionedModelForm
from .importing import SpreadsheetCSV, UnreadableFile
from .models import PendingRevision, RevisionSource
from .publishable import PublicationStatus, stored_as_published
from .queries import never_verified_condition, verified_long_ago_condition

PENDING_REVIEW_MESSAGE = _("修改已提交，等待发布人审核；居民看到的仍是原来的内容。")


class NeedsReviewFilter(admin.SimpleListFilter):
    """Content not verified in settings.REVIEW_AFTER_DAYS days, or never verified; either of the two alone."""

    title = _("核实情况")
    parameter_name = "review"
    verified_field = "last_verified"

    def lookups(self, request, model_admin):
        days = settings.REVIEW_AFTER_DAYS
        return [
            ("needed", _("需要复核（%(days)s 天内未核实或从未核实）") % {"days": days}),
            ("never", _("从未核实")),
            ("old", _("超过 %(days)s 天未核实") % {"days": days}),
            ("ok", _("近期已核实")),
        ]

    def queryset(self, request, queryset):
        never = never_verified_condition(self.verified_field)
        old = verified_long_ago_condition(self.verified_field)
        conditions = {"needed": never | old, "never": never, "old": old}
        if self.value() in conditions:
            return queryset.filter(conditions[self.value()])
        if self.value() == "ok":
            return queryset.exclude(never | old)
        return queryset


class RecycleBinFilter(admin.SimpleListFilter):
    """By default the list hides deleted rows; "回收站" shows only them, ready to be restored."""

    title = _("回收站")
    parameter_name = "bin"

    def lookups(self, request, model_admin):
        return [("deleted", _("只看回收站")), ("all", _("全部（含回收站）"))]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("在用（不含回收站）")  # Django calls the default "全部", which it is not here
        return choices

    def queryset(self, request, queryset):
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(deleted_at__isnull=True)


class SoftDeleteAdminMixin:
    """Deleting in admin moves rows to the recycle bin; a "restore" action brings them back.

    The model needs `all_objects` (every row) beside its default manager (live rows only).
    `soft_delete_one(obj, by)` and `restore_one(obj, by)` may be overridden to call the app's own actions.
    """

    delete_confirmation_template = "admin/publishing/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/publishing/delete_selected_confirmation.html"

    def get_queryset(self, request):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            # Choosing a related row (a parent, a photo's facility): rows in the recycle bin are not offered.
            return super().get_queryset(request)
        qs = self.model.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), RecycleBinFilter]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.deleted_at is not None and request.method == "GET":
            self.message_user(
                request,
                _("这条内容在回收站中，居民看不到。需要时请在列表中用“从回收站恢复所选内容”恢复。"),
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        # Nothing cascades: related rows stay in place for a restore, so only the rows themselves are listed.
        objs = list(objs)
        perms_needed = set()
        if not all(self.has_delete_permission(request, obj) for obj in objs):
            perms_needed.add(self.opts.verbose_name)
        return [str(obj) for obj in objs], {self.opts.verbose_name_plural: len(objs)}, perms_needed, []

    def save_model(self, request, obj, form, change):
        if change:
            # Restoring an old version from history must not move the row in or out of the recycle bin.
            obj.deleted_at = type(obj).all_objects.filter(pk=obj.pk).values_list("deleted_at", flat=True).first()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self.soft_delete_one(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.soft_delete_one(obj, by=request.user)

    @admin.action(description=_("从回收站恢复所选内容"), permissions=["delete"])
    def restore_selected(self, request, queryset):
        restored = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            self.restore_one(obj, by=request.user)
            restored += 1
        self.message_user(
            request,
            ngettext(
                "已恢复 %(count)d 条内容（恢复为草稿，核对后可重新发布）。",
                "已恢复 %(count)d 条内容（恢复为草稿，核对后可重新发布）。",
                restored,
            )
            % {"count": restored},
            messages.SUCCESS,
        )

    # Hooks: an app may point them at its own named actions; by default the generic ones run.
    def soft_delete_one(self, obj, *, by):
        publishing_actions.move_to_recycle_bin(obj=obj, by=by)

    def restore_one(self, obj, *, by):
        publishing_actions.restore_from_recycle_bin(obj=obj, by=by)


class PublishingAdminMixin:
    """Publish / unpublish / archive / mark-verified actions, and a status field only publishers may edit.

    Set `publish_permission` ("app_label.codename"); `publish_one`, `unpublish_one`, `archive_one` and
    `verify_one` may be overridden to call the app's own action functions.
    """

    publish_permission: str = ""
    status_field = "publication_status"
    form = VersionedModelForm

    def history_form_view(self, request, *args, **kwargs):
        # Restoring a version saves like the change form does: in one transaction, so the version check can
        # lock the row (django-simple-history does not open one itself).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, *args, **kwargs)

    def has_publish_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.publish_permission)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting takes published content off the site at once, so it is a publisher's decision too.
        if obj is not None and getattr(obj, self.status_field) == PublicationStatus.PUBLISHED:
            if not self.has_publish_permission(request):
                return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and self.status_field not in fields:
            fields.append(self.status_field)
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id).isdigit():
            open_revision = (
                PendingRevision.objects.pending()
                .filter(
                    content_type=ContentType.objects.get_for_model(self.model),
                    object_id=object_id,
                )
                .select_related("proposed_by")
                .first()
            )
            if open_revision is not None:
                self.message_user(
                    request,
                    format_html(
                        _(
                            "这条内容有一份待审核的修改（{who}，{when}），居民看到的仍是下面的线上内容。再次提交会取代那份修改。"
                            ' <a href="{url}">查看待审核的修改</a>'
                        ),
                        who=open_revision.proposed_by or "—",
                        when=date_format(timezone.localtime(open_revision.proposed_at), "Y-m-d H:i"),
                        url=reverse("admin:publishing_pendingrevision_change", args=[open_revision.pk]),
                    ),
                    messages.INFO,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _diverts_to_review(self, request, obj, change) -> bool:
        """Published content changed by someone who may not publish: the change waits for a publisher."""
        if not change or self.has_publish_permission(request):
            return False
        return stored_as_published(obj, status_field=self.status_field)

    def save_model(self, request, obj, form, change):
        if self._diverts_to_review(request, obj, change):
            live = type(obj)._base_manager.get(pk=obj.pk)
            request._publishing_proposal = {
                "obj": live,
                "data": {"fields": revisions.changed_fields(form, live), "inlines": []},
            }
            form.save_m2m = lambda: None  # a history restore calls it directly, without save_related
            return
        if not self.has_publish_permission(request):
            # The field is read-only for this user, but the object may come from an old history record (a restore):
            # keep the status stored now (or the default, for a new row), whatever the object carries.
            model = type(obj)
            if change:
                current = model._base_manager.filter(pk=obj.pk).values_list(self.status_field, flat=True).first()
            else:
                current = model._meta.get_field(self.status_field).get_default()
            setattr(obj, self.status_field, current)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        proposal = getattr(request, "_publishing_proposal", None)
        if proposal is None:
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            changes = revisions.inline_changes(formset)
            if changes is not None:
                proposal["data"]["inlines"].append(changes)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_publishing_proposal", None) is not None:
            # Nothing was saved (the formsets have no saved objects to list): the log says what happened instead.
            return str(_("提交了修改，等待审核（线上内容未变）"))
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        proposal = getattr(request, "_publishing_proposal", None)
        if proposal is None:
            return super().response_change(request, obj)
        revision = publishing_actions.revision_propose(obj=proposal["obj"], data=proposal["data"], by=request.user)
        if revision is None:
            self.message_user(request, _("没有检测到修改，线上内容保持不变。"), messages.INFO)
        else:
            self.message_user(request, PENDING_REVIEW_MESSAGE, messages.WARNING)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        )

    # Hooks: an app may point them at its own named actions; by default the generic ones run.
    def publish_one(self, obj, *, by):
        publishing_actions.set_publication_status(obj=obj, status=PublicationStatus.PUBLISHED, by=by)

    def unpublish_one(self, obj, *, by):
        publishing_actions.set_publication_status(obj=obj, status=PublicationStatus.DRAFT, by=by)

    def archive_one(self, obj, *, by):
        publishing_actions.set_publication_status(obj=obj, status=PublicationStatus.ARCHIVED, by=by)

    def verify_one(self, obj, *, by):
        publishing_actions.mark_verified(obj=obj, by=by)

    def _apply(self, request, queryset, hook, done_message):
        count = 0
        for obj in queryset:
            getattr(self, hook)(obj, by=request.user)
            count += 1
        self.message_user(request, done_message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("发布所选内容（居民可见）"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, "publish_one", _("已发布 %(count)d 条内容。"))

    @admin.action(description=_("撤下所选内容（退回草稿）"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._apply(request, queryset, "unpublish_one", _("已撤下 %(count)d 条内容，居民不再可见。"))

    @admin.action(description=_("归档所选内容（不再使用）"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._apply(request, queryset, "archive_one", _("已归档 %(count)d 条内容。"))

    @admin.action(description=_("标记为今天已核实"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        self._apply(request, queryset, "verify_one", _("已将 %(count)d 条内容的核实日期设为今天。"))


class StaffImportExportMixin(ImportExportMixin):
    """CSV/XLSX import and export with a dry-run preview, all-or-nothing imports and blank templates.

    The resource receives the user (`user` kwarg) so it can refuse what the user may not do.
    """

    formats = [SpreadsheetCSV, XLSX]
    export_form_class = StaffExportForm
    import_export_change_list_template = "admin/publishing/change_list_import_export.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnreadableFile):
            message = str(e)
        else:
            message = _("无法读取这个文件，请确认选择的格式（CSV 或 Excel）与文件一致。")
        form.add_error("import_file", message)

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        ids = [row.object_id for row in result.rows if row.object_id is not None]
        waiting = (
            PendingRevision.objects.pending()
            .filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id__in=ids,
                proposed_by=request.user,
                source=RevisionSource.IMPORT,
            )
            .count()
        )
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "其中 %(count)d 行修改的是已发布的内容，已提交审核：发布人批准前，居民看到的仍是原来的内容。",
                    "其中 %(count)d 行修改的是已发布的内容，已提交审核：发布人批准前，居民看到的仍是原来的内容。",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )

    def get_import_data_kwargs(self, **kwargs):
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        # One bad row rolls the whole file back, also on the confirm step.
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "import-template.<str:file_format>",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, file_format: str):
        """A file with the header row only: the columns an import expects, in order."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {"csv": SpreadsheetCSV, "xlsx": XLSX}
        if file_format not in formats:
            return HttpResponse(
                _("只提供 csv 和 xlsx 两种模板。"), status=404, content_type="text/plain; charset=utf-8"
            )
        fmt = formats[file_format]()
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        dataset = resource.export(queryset=self.model._default_manager.none())
        content = fmt.export_data(dataset)
        response = HttpResponse(content, content_type=fmt.get_content_type())
        name = f"{self.model._meta.model_name}-import-template.{fmt.get_extension()}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_import_permission(request):
            info = self.get_model_info()
            extra_context["import_template_urls"] = [
                (label, reverse("admin:{}_{}_import_template".format(*info), kwargs={"file_format": fmt}))
                for label, fmt in [(_("下载导入模板（CSV）"), "csv"), (_("下载导入模板（Excel）"), "xlsx")]
            ]
        return super().changelist_view(request, extra_context=extra_context)


from . import review_admin  # noqa: E402,F401  registers the review list
