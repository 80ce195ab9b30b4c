"""Django admin for activities, in Chinese: editors write drafts, publishers decide what residents see; staff copy
activities and series to new dates, close sign-up early, add places (which promotes waiting parties), and sign
residents up at the counter or by phone."""

import functools

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intake.codes import display_code
from intake.personal_data import PersonalDataAdminMixin
from intake.validation import clean_text, mask_name, normalize_phone, validate_mobile
from publishing.admin import PublishingAdminMixin, SoftDeleteAdminMixin, StaffImportExportMixin
from publishing.forms import VersionedModelForm
from publishing.history import StaffHistoryAdmin

from . import actions
from .models import Activity, ActivitySeries, SignUp, SignUpChannel
from .queries import with_places
from .resources import ActivityResource

PERSONAL_PERMISSION = "activities.view_signup_personal_data"


class ActivityAdminForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            taken = actions.places_taken(self.instance)
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("已有 %(taken)s 人报名成功，名额不能少于这个数。需要减少时请先取消部分报名。") % {"taken": taken},
                )
        return cleaned


class NewDateForm(forms.Form):
    starts_on = forms.DateField(
        label=_("新的日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("复制到这一天，时间和时长不变；复制出的活动是草稿，核对后再发布。"),
    )


class AddPlacesForm(forms.Form):
    extra = forms.IntegerField(label=_("增加名额"), min_value=1, max_value=1000)


class SessionInline(admin.TabularInline):
    model = Activity
    fk_name = "series"
    extra = 0
    fields = ["title", "starts_at", "ends_at", "capacity", "publication_status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def asks(form_class: type[forms.Form], *, title: str):
    """For an admin action that needs one more answer (a date, a number): the intermediate page asking for it
    until `form_class` comes back valid (its first field in the POST), then the action with `answer`, the
    form's cleaned data."""

    def decorate(method):
        @functools.wraps(method)
        def action(self, request, queryset):
            form = form_class(request.POST if next(iter(form_class.base_fields)) in request.POST else None)
            if form.is_valid():
                return method(self, request, queryset, answer=form.cleaned_data)
            context = {"form": form, "queryset": queryset, "action": method.__name__, "opts": queryset.model._meta}
            return render(request, "admin/activities/action_form.html", {"title": title, **context})

        return action

    return decorate


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(StaffHistoryAdmin):
    """A weekly class: its sessions are activities linked to it."""

    list_display = ["title", "facility", "session_count", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["title", "title_en", "slug"]
    autocomplete_fields = ["facility"]
    inlines = [SessionInline]
    actions = ["copy_to_new_dates"]

    def get_queryset(self, request):
        # Counted in the list's own query, not once per row.
        return super().get_queryset(request).select_related("facility").annotate(session_total=Count("sessions"))

    @admin.display(description=_("场次"), ordering="session_total")
    def session_count(self, series) -> int:
        return series.session_total

    @admin.action(description=_("把所选系列的全部场次复制到新的日期"), permissions=["add"])
    @asks(NewDateForm, title=_("复制系列到新的日期"))
    def copy_to_new_dates(self, request, queryset, *, answer):
        made = 0
        for series in queryset:
            try:
                made += len(actions.series_copy(series=series, first_on=answer["starts_on"], by=request.user))
            except ValidationError as error:
                self.message_user(request, f"{series}：{' '.join(error.messages)}", messages.ERROR)
        self.message_user(request, _("已复制 %(count)d 个场次（草稿）。") % {"count": made}, messages.SUCCESS)


@admin.register(Activity)
class ActivityAdmin(PublishingAdminMixin, SoftDeleteAdminMixin, StaffImportExportMixin, StaffHistoryAdmin):
    form = ActivityAdminForm
    publish_permission = "activities.publish_activity"
    resource_classes = [ActivityResource]
    actions = [
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "restore_selected",
        "copy_to_new_date",
        "add_places",
        "close_sign_up",
        "reopen_sign_up",
    ]
    list_display = [
        "title",
        "starts_at",
        "facility",
        "capacity",
        "places_left_column",
        "publication_status",
        "sign_up_closed_at",
        "is_demo",
        "preview_link",
    ]
    list_filter = ["publication_status", "audience", "kind", "is_demo", ("facility", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "title_en", "slug"]
    list_select_related = ["facility"]
    autocomplete_fields = ["facility", "series"]
    date_hierarchy = "starts_at"
    history_list_display = ["publication_status", "capacity"]
    readonly_fields = ["created_at", "updated_at", "sign_up_closed_at"]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "series", "kind", "audience"]}),
        (_("时间与地点"), {"fields": ["starts_at", "ends_at", "facility", "place_detail"]}),
        (_("报名"), {"fields": ["capacity", "max_party_size", "fee", "how_to_sign_up", "sign_up_closed_at"]}),
        (_("介绍"), {"fields": ["description", "description_en"]}),
        (_("状态"), {"fields": ["publication_status", "is_demo", "created_at", "updated_at", "version"]}),
    ]

    def get_queryset(self, request):
        return with_places(super().get_queryset(request))

    @admin.display(description=_("剩余名额"), ordering="places_left")
    def places_left_column(self, obj) -> int:
        return obj.places_left

    @admin.display(description=_("页面"))
    def preview_link(self, obj: Activity) -> str:
        if obj.is_deleted:
            return _("回收站")
        url = obj.get_absolute_url() + ("" if obj.is_published else "?preview=1")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("查看") if obj.is_published else _("预览")
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data and getattr(request, "_workflow_proposal", None) is None:
            promoted = actions.activity_capacity_changed(activity=obj)
            if promoted:
                self.message_user(
                    request, _("候补中的 %(count)d 组已转为报名成功并会收到通知。") % {"count": len(promoted)}
                )

    @admin.action(description=_("复制所选活动到新的日期"), permissions=["add"])
    @asks(NewDateForm, title=_("复制活动到新的日期"))
    def copy_to_new_date(self, request, queryset, *, answer):
        for activity in queryset:
            actions.activity_copy(activity=activity, starts_on=answer["starts_on"], by=request.user)
        self.message_user(
            request, _("已复制 %(count)d 项活动（草稿）。") % {"count": queryset.count()}, messages.SUCCESS
        )

    @admin.action(description=_("为所选活动增加名额（候补自动转正）"), permissions=["change"])
    @asks(AddPlacesForm, title=_("增加名额"))
    def add_places(self, request, queryset, *, answer):
        promoted = 0
        for activity in queryset:
            _activity, moved = actions.activity_add_places(activity=activity, extra=answer["extra"], by=request.user)
            promoted += len(moved)
        self.message_user(
            request,
            ngettext(
                "已增加名额；候补中的 %(count)d 组转为报名成功。",
                "已增加名额；候补中的 %(count)d 组转为报名成功。",
                promoted,
            )
            % {"count": promoted},
            messages.SUCCESS,
        )

    @admin.action(description=_("提前截止所选活动的网上报名"), permissions=["change"])
    def close_sign_up(self, request, queryset):
        for activity in queryset:
            actions.activity_close_sign_up(activity=activity, by=request.user)
        self.message_user(request, _("已截止网上报名。"), messages.SUCCESS)

    @admin.action(description=_("重新开放所选活动的网上报名"), permissions=["change"])
    def reopen_sign_up(self, request, queryset):
        for activity in queryset:
            actions.activity_reopen_sign_up(activity=activity, by=request.user)
        self.message_user(request, _("已重新开放网上报名。"), messages.SUCCESS)


class OnBehalfSignUpForm(forms.ModelForm):
    """Staff sign up a resident who telephoned or came to the counter."""

    channel = forms.ChoiceField(
        label=_("来源"),
        choices=[
            (SignUpChannel.COUNTER, SignUpChannel.COUNTER.label),
            (SignUpChannel.PHONE, SignUpChannel.PHONE.label),
        ],
    )
    consent = forms.BooleanField(
        label=_("已向居民说明个人信息的用途和保存期限，居民同意"),
        error_messages={"required": _("请先向居民说明个人信息用途并取得同意。")},
    )

    class Meta:
        model = SignUp
        fields = ["activity", "channel", "name", "phone", "party_size", "sms_opt_in"]

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile(phone)
        return phone

    staff = None  # the member of staff signing the resident up (set by SignUpAdmin.get_form)
    created = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The sign-up is made here, inside the admin's transaction, so a refusal (full party size, the same
        # phone twice, an activity that started) comes back as a form error; save_model only reports it.
        try:
            self.created = actions.signup_create(
                activity=cleaned["activity"],
                name=cleaned["name"],
                phone=cleaned["phone"],
                party_size=cleaned["party_size"],
                consent=cleaned["consent"],
                sms_opt_in=cleaned.get("sms_opt_in", False),
                channel=cleaned["channel"],
                on_behalf_by=self.staff,
            )
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return cleaned

    # The model's own checks run in the action that saves it (code, status and places are decided there).
    def _post_clean(self):
        pass


@admin.register(SignUp)
class SignUpAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    personal_fields = ("name", "phone")
    personal_permission = PERSONAL_PERMISSION
    list_filter = ["status", "channel"]
    list_select_related = ["activity"]
    search_fields = ["tracking_code", "activity__title", "name", "phone"]  # name and phone only with the permission
    autocomplete_fields = ["activity"]
    date_hierarchy = "created_at"
    actions = ["cancel_selected"]
    list_per_page = 50

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancelled, never deleted; the purge anonymises them after the retention period

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # changes go through the actions (cancel, check-in), never a free edit

    @admin.display(description=_("报名码"), ordering="tracking_code")
    def code(self, obj) -> str:
        return display_code(obj.tracking_code)

    def get_list_display(self, request):
        # The name and phone columns in full only for those who may see personal data; masked otherwise.
        shown = self.may_see_personal_data(request)

        @admin.display(description=_("称呼"))
        def applicant(obj) -> str:
            return obj.name if shown else mask_name(obj.name)

        @admin.display(description=_("联系电话"))
        def phone_column(obj) -> str:
            return obj.phone if shown else obj.masked_phone

        return ["code", "activity", "status", "party_size", applicant, phone_column, "channel", "created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("OnBehalfSignUpForm", (OnBehalfSignUpForm,), {"staff": request.user})
            kwargs["fields"] = list(OnBehalfSignUpForm._meta.fields)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*OnBehalfSignUpForm._meta.fields, "consent"]
        personal = ["name", "phone"] if self.may_see_personal_data(request) else []
        return ["activity", "code", "status", "party_size", *personal, "channel", "on_behalf_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = form.created  # made by the form's clean, so a refusal is shown as a form error
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        messages.info(
            request,
            _("已登记（%(status)s）。请把报名码 %(code)s 告诉居民。")
            % {"status": created.get_status_display(), "code": created.display_code},
        )

    @admin.action(description=_("取消所选报名（名额让给候补）"), permissions=["view"])
    def cancel_selected(self, request, queryset):
        done = 0
        for sign_up in queryset:
            try:
                actions.signup_cancel(sign_up=sign_up, by=request.user)
                done += 1
            except ValidationError:
                pass
        self.message_user(request, _("已取消 %(count)d 个报名。") % {"count": done}, messages.SUCCESS)
