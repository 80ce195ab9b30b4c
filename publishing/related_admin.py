"""Admin for rows that belong to publishable content and also have a page of their own (a facility's photos,
the places offering a service): a change by someone who may not publish the parent waits for review too."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import actions as publishing_actions
from . import revisions
from .models import publish_permission_for
from .publishable import stored_as_published

PENDING_ROW_MESSAGE = _("修改已提交，等待发布人审核；居民看到的仍是原来的内容。")


class PublishedParentAdminMixin:
    """Set `revision_parent_field` to the foreign key of the publishable parent.

    When the parent is published and the user lacks its publish permission, adding, changing or deleting a row
    here is stored as a pending revision of the parent (one row of its inline data) instead. The parent of an
    existing row cannot be changed by such a user: moving a row would take it off published content unreviewed.
    """

    revision_parent_field: str = ""
    status_field = "publication_status"

    def _published_parent(self, request, obj):
        parent = getattr(obj, self.revision_parent_field, None)
        if parent is None or request.user.has_perm(publish_permission_for(type(parent))):
            return None
        return parent if stored_as_published(parent, status_field=self.status_field) else None

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self._published_parent(request, obj) is not None:
            fields.append(self.revision_parent_field)
        return fields

    def _row_data(self, rows: list[dict]) -> dict:
        fk = self.model._meta.get_field(self.revision_parent_field).name
        return {"fields": {}, "inlines": [{"model": self.model._meta.label_lower, "fk": fk, "rows": rows}]}

    def _propose(self, request, parent, rows: list[dict]) -> None:
        publishing_actions.revision_propose(obj=parent, data=self._row_data(rows), by=request.user, merge=True)
        request._publishing_row_proposed = True

    def save_model(self, request, obj, form, change):
        parent = self._published_parent(request, obj)
        if parent is None:
            return super().save_model(request, obj, form, change)
        live = type(obj)._base_manager.filter(pk=obj.pk).first() if change else None
        fields = {k: v for k, v in revisions.changed_fields(form, live).items() if k != self.revision_parent_field}
        if fields or not change:
            self._propose(request, parent, [{"pk": obj.pk if change else None, "delete": False, "fields": fields}])
        else:
            request._publishing_row_proposed = True  # nothing changed: nothing to propose, nothing to save

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "_publishing_row_proposed", False):
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if not getattr(request, "_publishing_row_proposed", False):  # the row does not exist yet
            super().log_addition(request, obj, message)

    def _proposed_response(self, request):
        self.message_user(request, PENDING_ROW_MESSAGE, messages.WARNING)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        )

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_publishing_row_proposed", False):
            return self._proposed_response(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_publishing_row_proposed", False):
            return self._proposed_response(request)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        parent = self._published_parent(request, obj)
        if parent is None:
            return super().delete_model(request, obj)
        self._propose(request, parent, [{"pk": obj.pk, "delete": True, "fields": {}}])

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
        if getattr(request, "_publishing_row_proposed", False):
            self.message_user(
                request, _("其中属于已发布内容的行，删除已提交审核，发布人批准前仍然显示。"), messages.WARNING
            )

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "_publishing_row_proposed", False):
            return self._proposed_response(request)
        return super().response_delete(request, obj_display, obj_id)
