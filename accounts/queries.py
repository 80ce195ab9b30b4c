"""Reads about signing in: a user's authenticator app, and who may sign in on the site at all."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguards.pages import has_permissions

# Holders of these permissions use pages of the site itself (dashboard, coverage, door check-in), so they sign in
# there without being staff; the apps that own the pages define the permissions.
SITE_PAGE_PERMISSIONS = ("reports.view_dashboard", "lifecircle.view_coverage", "activities.check_in")


def authenticator(user) -> TOTPDevice | None:
    """The user's authenticator app, once confirmed with a first code (there is at most one)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def has_authenticator(user) -> bool:
    return user.pk is not None and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def authenticator_being_set_up(user) -> TOTPDevice | None:
    """The authenticator the user started to set up and has not yet confirmed with a code."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def may_sign_in(user) -> bool:
    """Staff, and managers who are not staff but hold a permission for a page of the site."""
    return user.is_active and (user.is_staff or has_permissions(user, SITE_PAGE_PERMISSIONS, any_of=True))
