"""A waiting party that gets places is told (notices outbox); reminders go once, only to those who asked."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from activities import actions
from activities.models import SignUp

from .factories import ActivityFactory, sign_up

notices = pytest.importorskip("notices.models", reason="the notices app is not in this branch yet")
pytestmark = pytest.mark.django_db


def notices_about(made: SignUp):
    return notices.Notice.objects.filter(object_id=made.pk, template__startswith="activities.")


def test_promoted_party_is_told_once_and_others_are_not():
    activity = ActivityFactory(capacity=1)
    first = sign_up(activity)
    waiting, behind = sign_up(activity, phone="13912345678"), sign_up(activity)
    actions.signup_cancel(sign_up=first)
    (notice,) = notices_about(waiting)
    assert notice.template == "activities.promoted" and notice.channel == "sms"
    assert notice.context["code"] == waiting.display_code
    assert not notices_about(behind).exists() and not notices_about(first).exists()


def test_reminders_go_once_to_those_who_asked():
    soon = ActivityFactory(starts_at=timezone.now() + timedelta(hours=5))
    asked = sign_up(soon, sms_opt_in=True)
    silent = sign_up(soon)
    assert actions.send_reminders() == 1
    assert actions.send_reminders() == 0
    assert notices_about(asked).get().template == "activities.reminder"
    assert not notices_about(silent).exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_sms_texts_render_in_both_languages(language):
    context = {
        "title": "太极",
        "when": "2030-07-01 09:30",
        "code": "ABCD-EFGH-JKMN",
        "track_url": "https://x/t",
        "stop_url": "https://x/s",
    }
    for template in ("activities.promoted", "activities.reminder"):
        with translation.override(language):
            text = render_to_string(f"notices/sms/{template}.txt", context)
        assert "ABCD-EFGH-JKMN" in text and "https://x/t" in text
        assert ("Reply TD" in text) == (language == "en")
