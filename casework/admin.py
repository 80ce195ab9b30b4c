"""The request handlers' queue and the content editors' corrections, in the Django admin (Chinese).

Personal data (name, phone, address, the resident's own words) is shown only to users with the permission
casework.view_personal_data (the 工单处理 role and superusers); lists always show it masked."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from intake.codes import display_code
from intake.validation import mask_name, mask_phone
from services.models import ServiceAtLocation

from . import actions
from .admin_filters import AgeFilter, OpenFilter, OverdueFilter
from .admin_forms import HandleRequestForm, OnBehalfForm, Step
from .exports import requests_csv
from .models import (
    ContactPage,
    Correction,
    CorrectionContactView,
    CorrectionStatus,
    PlacePool,
    RequestEvent,
    RequestSettings,
    ServiceRequest,
)
from .personal_data import CONTACT_PERMISSION, CaseworkPersonalDataMixin, may_see_personal_data
from .queries import pools_with_free_places, request_queue

PERSONAL_FIELDS = ["name", "phone", "address", "description"]


@admin.register(RequestSettings)
class RequestSettingsAdmin(admin.ModelAdmin):
    list_display = ["service", "accepts_requests", "kind", "target_hours"]
    list_filter = ["accepts_requests", "kind"]
    search_fields = ["service__name"]
    list_select_related = ["service"]
    autocomplete_fields = ["service"]


@admin.register(PlacePool)
class PlacePoolAdmin(CaseworkPersonalDataMixin, admin.ModelAdmin):
    # No personal field of its own, but its requests have some (`requests__phone__startswith`).
    list_display = ["__str__", "capacity", "unit", "held_places", "free_places", "waiting"]
    search_fields = ["location__service__name", "location__facility__name"]
    fields = ["location", "capacity", "unit", "occupancy_kept_by_staff"]

    def get_queryset(self, request):
        return pools_with_free_places(super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            kwargs["queryset"] = ServiceAtLocation.objects.select_related("service", "facility")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        actions.place_pool_save(pool=obj)

    @admin.display(description=_("已占用"))
    def held_places(self, pool: PlacePool) -> int:
        return pool.held_places

    @admin.display(description=_("空余"))
    def free_places(self, pool: PlacePool) -> int:
        return pool.free_places

    @admin.display(description=_("候补人数"))
    def waiting(self, pool: PlacePool) -> int:
        return pool.waiting


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "by_resident", "note"]
    readonly_fields = fields
    verbose_name_plural = _("状态记录（谁、何时）")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(ServiceRequest)
class ServiceRequestAdmin(CaseworkPersonalDataMixin, admin.ModelAdmin):
    personal_fields = tuple(PERSONAL_FIELDS)
    list_display = [
        "code",
        "service",
        "kind",
        "status",
        "channel",
        "applicant",
        "masked_phone_column",
        "created_at",
        "deadline",
    ]
    list_filter = [
        OpenFilter,
        "status",
        OverdueFilter,
        AgeFilter,
        "kind",
        "channel",
        ("service", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["service", "pool__location__facility"]
    date_hierarchy = "created_at"
    inlines = [RequestEventInline]
    actions = ["accept_selected", "complete_selected", "export_csv"]
    list_per_page = 50

    class Media:
        css = {"all": ["casework/admin.css"]}

    def get_queryset(self, request):
        return request_queue()

    search_fields = ["tracking_code", "name", "phone", "service__name"]  # name and phone only with the permission

    def get_search_results(self, request, queryset, search_term):
        # Residents read codes aloud with hyphens or spaces: search by the stored form too.
        normalized = search_term.replace("-", "").replace(" ", "").upper()
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if normalized and normalized != search_term:
            queryset |= self.model.objects.filter(tracking_code=normalized)
        return queryset, may_have_duplicates

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # requests are never deleted by hand; `purge_requests` anonymises them after retention

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = HandleRequestForm if obj is not None else OnBehalfForm
        kwargs["form"] = form
        kwargs["fields"] = list(form._meta.fields)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["service", "pool", "channel"]}),
                (_("申请人"), {"fields": ["name", "phone", "address"]}),
                (_("需求"), {"fields": ["description", "preferred_time", "consent"]}),
            ]
        personal = PERSONAL_FIELDS if may_see_personal_data(request) else ["applicant", "masked_phone_column"]
        handling = ["step", "when", "public_reply", "decline_reason", "internal_notes"]
        if not self.has_change_permission(request, obj):
            handling = ["public_reply", "decline_reason", "internal_notes"]
        return [
            (
                None,
                {"fields": ["code", "service", "kind", "pool_label", "channel", "status", "deadline", "scheduled_for"]},
            ),
            (_("申请人与需求"), {"fields": [*personal, "preferred_time", "created_at", "consent_at"]}),
            (_("处理"), {"fields": handling}),
            (_("记录"), {"fields": ["closed_at", "anonymised_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "code",
            "service",
            "kind",
            "pool_label",
            "channel",
            "status",
            "deadline",
            "scheduled_for",
            "name",
            "phone",
            "address",
            "description",
            "preferred_time",
            "created_at",
            "consent_at",
            "closed_at",
            "anonymised_at",
            "applicant",
            "masked_phone_column",
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pool":
            kwargs["queryset"] = PlacePool.objects.select_related("location__service", "location__facility")
        if db_field.name == "service":
            kwargs["queryset"] = db_field.related_model.objects.filter(request_settings__accepts_requests=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("查询码"), ordering="tracking_code")
    def code(self, obj: ServiceRequest) -> str:
        return display_code(obj.tracking_code)

    @admin.display(description=_("申请人"))
    def applicant(self, obj: ServiceRequest) -> str:
        return mask_name(obj.name)

    @admin.display(description=_("电话"))
    def masked_phone_column(self, obj: ServiceRequest) -> str:
        return mask_phone(obj.phone)

    @admin.display(description=_("申请地点"))
    def pool_label(self, obj: ServiceRequest) -> str:
        if obj.pool is None:
            return "—"
        return f"{obj.pool.location.facility.name}" + (_("（已占用名额）") if obj.holds_place else "")

    @admin.display(description=_("时限"), ordering="due_at")
    def deadline(self, obj: ServiceRequest) -> str:
        due = timezone.localtime(obj.due_at).strftime("%m-%d %H:%M")
        if obj.is_overdue:
            return format_html('<span class="casework-overdue">{} {}</span>', _("已超时"), due)
        if obj.is_open and obj.due_at - timezone.now() < timedelta(hours=24):
            return format_html('<span class="casework-due-soon">{} {}</span>', _("即将到期"), due)
        return format_html('<span class="casework-ok">{}</span>', due)

    def save_model(self, request, obj, form, change):
        if not change:
            created = actions.request_submit(
                service=form.cleaned_data["service"],
                pool=form.cleaned_data.get("pool"),
                channel=form.cleaned_data["channel"],
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                address=form.cleaned_data.get("address", ""),
                description=form.cleaned_data["description"],
                preferred_time=form.cleaned_data.get("preferred_time") or "any",
                consent=form.cleaned_data["consent"],
                by=request.user,
            )
            # The admin goes on with `obj` (log entry, redirect): make it the saved request.
            for field in obj._meta.concrete_fields:
                setattr(obj, field.attname, getattr(created, field.attname))
            obj._state.adding = False
            messages.info(
                request, _("已登记。请把查询码 %(code)s 告诉居民。") % {"code": display_code(created.tracking_code)}
            )
            return
        obj._history_user = request.user
        obj.save(update_fields=["public_reply", "internal_notes", "decline_reason", "updated_at"])
        step = form.cleaned_data.get("step")
        try:
            if step == Step.ACCEPT:
                actions.request_accept(request=obj, by=request.user)
            elif step == Step.SCHEDULE:
                actions.request_schedule(request=obj, by=request.user, when=form.cleaned_data["when"])
            elif step == Step.COMPLETE:
                actions.request_complete(request=obj, by=request.user)
            elif step == Step.DECLINE:
                actions.request_decline(request=obj, by=request.user, reason=form.cleaned_data["decline_reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    def _bulk(self, request, queryset, action, done_message):
        done = failed = 0
        for obj in queryset:
            try:
                action(request=obj, by=request.user)
                done += 1
            except ValidationError as error:
                failed += 1
                messages.warning(request, f"{display_code(obj.tracking_code)}：{' '.join(error.messages)}")
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("受理所选申请"), permissions=["change"])
    def accept_selected(self, request, queryset):
        self._bulk(request, queryset, actions.request_accept, _("已受理 %(count)d 条申请。"))

    @admin.action(description=_("办结所选申请"), permissions=["change"])
    def complete_selected(self, request, queryset):
        self._bulk(request, queryset, actions.request_complete, _("已办结 %(count)d 条申请。"))

    @admin.action(description=_("导出所选申请（CSV）"), permissions=["view"])
    def export_csv(self, request, queryset):
        return requests_csv(queryset, personal=may_see_personal_data(request))


@admin.register(Correction)
class CorrectionAdmin(CaseworkPersonalDataMixin, admin.ModelAdmin):
    """Residents' corrections. The contact is shown in full only with casework.view_correction_contact (the
    handlers who call residents back), and every page showing it in full is recorded (CorrectionContactView).
    The same permission lets its holder filter, search and sort by contact: the list shows it to them anyway."""

    personal_fields = ("contact",)
    personal_permission = CONTACT_PERMISSION
    list_display = ["subject_label", "short_text", "masked_contact", "status", "created_at", "page_link"]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]  # only the kinds of page reported
    search_fields = ["subject_label", "what_is_wrong", "contact"]  # contact only with the permission
    list_select_related = ["content_type"]
    date_hierarchy = "created_at"
    actions = ["mark_fixed", "mark_dismissed"]

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if not self.may_see_personal_data(request):
            return shown
        return ["contact" if item == "masked_contact" else item for item in shown]

    def get_fields(self, request, obj=None):
        contact = ["contact"] if self.may_see_personal_data(request) else ["masked_contact"]
        return [
            "subject_label",
            "page_link",
            "what_is_wrong",
            *contact,
            "created_at",
            "status",
            "staff_note",
            "handled_by",
            "handled_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [
            "subject_label",
            "page_link",
            "what_is_wrong",
            "contact",
            "masked_contact",
            "created_at",
            "handled_by",
            "handled_at",
        ]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and self.may_see_personal_data(request):
            actions.correction_contacts_viewed(
                corrections=list(changelist.result_list),
                by=request.user,
                page=ContactPage.LIST,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Only a rendered page shows the contact (a save redirects); a re-shown form with errors shows it again.
        correction = getattr(response, "context_data", {}).get("original")
        if correction is not None and self.may_see_personal_data(request):
            actions.correction_contacts_viewed(corrections=[correction], by=request.user, page=ContactPage.CHANGE)
        return response

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subject")

    def has_add_permission(self, request) -> bool:
        return False  # corrections come from residents

    @admin.display(description=_("哪里有误"))
    def short_text(self, obj: Correction) -> str:
        return obj.what_is_wrong[:60] + ("…" if len(obj.what_is_wrong) > 60 else "")

    @admin.display(description=_("联系方式"))
    def masked_contact(self, obj: Correction) -> str:
        if not obj.contact:
            return "—"
        return mask_phone(obj.contact) if any(ch.isdigit() for ch in obj.contact) else mask_name(obj.contact)

    @admin.display(description=_("页面"))
    def page_link(self, obj: Correction) -> str:
        subject = obj.subject
        if subject is None or not hasattr(subject, "get_absolute_url"):
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', subject.get_absolute_url(), _("查看页面")
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != CorrectionStatus.NEW:
            actions.correction_resolve(correction=obj, by=request.user, status=obj.status)
            return
        if obj.status == CorrectionStatus.NEW:  # reopened
            obj.handled_at, obj.handled_by = None, None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("标记为已更正"), permissions=["change"])
    def mark_fixed(self, request, queryset):
        for correction in queryset.filter(status=CorrectionStatus.NEW):
            actions.correction_resolve(correction=correction, by=request.user, status=CorrectionStatus.FIXED)

    @admin.action(description=_("标记为无需更正"), permissions=["change"])
    def mark_dismissed(self, request, queryset):
        for correction in queryset.filter(status=CorrectionStatus.NEW):
            actions.correction_resolve(correction=correction, by=request.user, status=CorrectionStatus.DISMISSED)


@admin.register(CorrectionContactView)
class CorrectionContactViewAdmin(admin.ModelAdmin):
    """Who was shown which correction's contact, and when. Written by the correction pages, never by hand."""

    list_display = ["viewed_at", "viewed_by", "correction", "page"]
    list_filter = ["page", ("viewed_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["viewed_by", "correction"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
