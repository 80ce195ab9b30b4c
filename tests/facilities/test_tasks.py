from datetime import date

import pytest
from django.contrib.auth.models import User

from facilities.models import CalendarDayKind, PublicHoliday
from facilities.tasks import holiday_calendar_check
from notices.models import Notice
from notices.sending import render

pytestmark = pytest.mark.django_db
DEC_4_2026 = 1796367600  # 2026-12-04 15:00 Shanghai


def test_missing_holiday_calendar_warns_whoever_may_enter_it():
    User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024")
    User.objects.create_user("plain", "plain@example.invalid", is_staff=True)
    assert holiday_calendar_check(timestamp=DEC_4_2026) == 1
    notice = Notice.objects.get()
    assert notice.recipient == "root@example.invalid"
    assert "2027" in render(notice).subject


def test_no_warning_once_next_year_is_in():
    User.objects.create_superuser("root", "root@example.invalid", "a-long-root-password-2024")
    PublicHoliday.objects.create(date=date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, name="元旦")
    assert holiday_calendar_check(timestamp=DEC_4_2026) == 0
    assert not Notice.objects.exists()
