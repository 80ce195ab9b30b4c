"""The activities pages are complete in English: no Chinese outside lang="zh…" when the content has English."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.facilities.factories import FacilityFactory
from tests.wanli.test_english_pages import chinese_outside_zh

from .factories import ActivityFactory, ActivitySeriesFactory, sign_up

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_english_activity_pages_have_no_untranslated_chinese(client, elderly):
    if elderly:
        client.cookies["elderly_mode"] = "1"
    place = FacilityFactory(name="测试中心", name_en="Test centre", summary_en="A centre")
    series = ActivitySeriesFactory(title="每周课", title_en="Weekly class", facility=place)
    activity = ActivityFactory(
        title="太极",
        title_en="Tai chi",
        description="练拳",
        description_en="Practice",
        facility=place,
        series=series,
        capacity=2,
        max_party_size=2,
    )
    ActivityFactory(
        title="太极二",
        title_en="Tai chi 2",
        facility=place,
        series=series,
        starts_at=activity.starts_at + timedelta(days=7),
    )
    made = sign_up(activity, party_size=2)
    paths = [
        "/en/activities/",
        f"/en/activities/?view=day&date={activity.starts_at.date().isoformat()}",
        "/en/activities/?date=bad&audience=nope",
        f"/en/activities/{activity.slug}/",
        f"/en/activities/{activity.slug}/sign-up/",
        "/en/activities/waitlist/",
        "/en/activities/my-sign-up/",
    ]
    untranslated = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found = chinese_outside_zh(response.content.decode())
        if found:
            untranslated[path] = found
    session = client.session
    session["activities_last_code"] = made.tracking_code
    session.save()
    found = chinese_outside_zh(client.get("/en" + reverse("activities:signed_up")).content.decode())
    if found:
        untranslated["signed-up"] = found
    assert not untranslated, untranslated
