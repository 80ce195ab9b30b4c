"""Staff configure the life-circle categories here: target walking time and the kinds that satisfy each."""

from django.contrib import admin

from .models import LifeCircleCategory


@admin.register(LifeCircleCategory)
class LifeCircleCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "target_minutes", "order"]
    list_editable = ["order"]
    list_filter = ["target_minutes"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["kinds", "service_categories"]
