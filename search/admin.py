"""Staff edit the synonym list (搜索同义词) and read which searches found nothing (无结果的搜索)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import SearchSynonym, UnmatchedSearch


@admin.register(SearchSynonym)
class SearchSynonymAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "language", "meaning", "suggested", "order", "updated_at"]
    list_filter = ["language", "suggested", "kinds", "categories", "audiences"]
    search_fields = ["phrase", "normalized", "extra_terms"]
    filter_horizontal = ["kinds", "categories", "audiences"]
    fields = ["phrase", "language", "kinds", "categories", "audiences", "extra_terms", "suggested", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kinds", "categories", "audiences")

    @admin.display(description=_("含义"))
    def meaning(self, synonym: SearchSynonym) -> str:
        parts = [*(k.name for k in synonym.kinds.all()), *(c.name for c in synonym.categories.all())]
        parts += [str(a) for a in synonym.audiences.all()] + synonym.extra_term_list
        return "、".join(parts) or "—"


@admin.register(UnmatchedSearch)
class UnmatchedSearchAdmin(admin.ModelAdmin):
    list_display = ["query", "count", "first_seen", "last_seen", "add_synonym"]
    search_fields = ["query"]
    date_hierarchy = "last_seen"
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request) -> bool:
        return False  # written only by searches that found nothing

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("处理"))
    def add_synonym(self, unmatched: UnmatchedSearch) -> str:
        url = reverse("admin:search_searchsynonym_add") + "?" + urlencode({"phrase": unmatched.query})
        return format_html('<a href="{}">{}</a>', url, _("添加为同义词"))
