"""`generate_demo --activities N`: demo-flagged activities at demo places, idempotent, kept apart from real data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from activities.models import Activity, ActivitySeries

pytestmark = pytest.mark.django_db


def test_generate_demo_activities_is_flagged_and_idempotent():
    call_command("generate_demo", facilities=5, activities=25, stdout=StringIO())
    assert Activity.objects.count() == 25
    assert not Activity.objects.real().exists()
    assert all(a.facility.is_demo for a in Activity.objects.select_related("facility"))
    assert ActivitySeries.objects.filter(is_demo=True).count() == 3
    series = ActivitySeries.objects.get(slug="demo-series-00001")
    days = [a.starts_at for a in series.sessions.order_by("starts_at")]
    assert len(days) == 4 and {(b - a).days for a, b in zip(days, days[1:], strict=False)} == {7}
    call_command("generate_demo", facilities=5, activities=25, stdout=StringIO())
    assert Activity.objects.count() == 25


def test_demo_activities_need_demo_places():
    with pytest.raises(CommandError, match="demo facilities"):
        call_command("generate_demo", facilities=0, activities=3, stdout=StringIO())


def test_out_of_range_is_refused():
    with pytest.raises(CommandError):
        call_command("generate_demo", activities=-1, stdout=StringIO())
