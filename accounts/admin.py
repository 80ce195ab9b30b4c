from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Authenticator

# django-otp's own admin is in English and can show each secret as a QR code; this one replaces it.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has two-step verification on, when it was last used; removing one turns it off for that person."""

    list_display = ["owner", "is_on", "set_up", "last_used", "wrong_codes"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    fields = ["owner", "is_on", "set_up", "last_used", "wrong_codes"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # set up by the person, with their own phone, at /accounts/two-factor/

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("用户"), ordering="user__username")
    def owner(self, obj):
        return obj.user.get_username()

    @admin.display(description=_("已启用"), boolean=True, ordering="confirmed")
    def is_on(self, obj):
        return obj.confirmed

    @admin.display(description=_("设置时间"), ordering="created_at")
    def set_up(self, obj):
        return obj.created_at

    @admin.display(description=_("最后使用"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    @admin.display(description=_("连续输错次数"))
    def wrong_codes(self, obj):
        return obj.throttling_failure_count
