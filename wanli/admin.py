from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from .models import SITE_CONTACT_PK, SiteContact


@admin.register(SiteContact)
class SiteContactAdmin(admin.ModelAdmin):
    """One form: the street office's hotline, address and hours shown on 联系我们 and in every page's footer."""

    fieldsets = [
        (None, {"fields": ["hotline"]}),
        (None, {"fields": ["address", "address_en"]}),
        (None, {"fields": ["opening_hours", "opening_hours_en"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SiteContact.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # A list of one row is a detour: go straight to the form (adding it the first time).
        # Someone who may only look (a manager) gets the ordinary, possibly empty, list instead of a 403.
        if SiteContact.objects.filter(pk=SITE_CONTACT_PK).exists():
            url = reverse("admin:wanli_sitecontact_change", args=[SITE_CONTACT_PK])
        elif self.has_add_permission(request):
            url = reverse("admin:wanli_sitecontact_add")
        else:
            return super().changelist_view(request, extra_context)
        return HttpResponseRedirect(url)
