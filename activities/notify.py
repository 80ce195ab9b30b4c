"""What residents are told about their sign-ups, through the notices outbox (the sender applies quiet hours,
daily caps and opt-outs). Written in the caller's transaction, so a rolled-back promotion tells nobody."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from notices.actions import notice_enqueue

from .models import SignUp


def _context(sign_up: SignUp) -> dict:
    activity = sign_up.activity
    with translation.override(sign_up.language):
        path = reverse("activities:track")
    return {
        "title": activity.title_en if sign_up.language.startswith("en") and activity.title_en else activity.title,
        "when": timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M"),
        "code": sign_up.display_code,
        "party_size": sign_up.party_size,
        "track_url": f"{settings.SITE_URL.rstrip('/')}{path}",
    }


def _enqueue(sign_up: SignUp, template: str):
    if not sign_up.phone:
        return None
    return notice_enqueue(
        channel="sms",
        recipient=sign_up.phone,
        template=template,
        context=_context(sign_up),
        language=sign_up.language,
        related=sign_up,
    )


def tell_promoted(*, sign_up: SignUp):
    """A waiting party got its places. Always sent: it changes what the resident must do (come)."""
    return _enqueue(sign_up, "activities.promoted")


def remind(*, sign_up: SignUp):
    """The day-before reminder; only for residents who asked for SMS reminders."""
    if not sign_up.sms_opt_in:
        return None
    return _enqueue(sign_up, "activities.reminder")
