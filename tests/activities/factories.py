"""Activities built as staff would build them; sign-ups go through the real actions (see `sign_up`)."""

from datetime import timedelta
from itertools import count

import factory
from django.utils import timezone

from activities import actions
from activities.models import Activity, ActivitySeries
from publishing.publishable import PublicationStatus
from tests.facilities.factories import FacilityFactory

_phones = count(13800000000)


def next_phone() -> str:
    return str(next(_phones))


class ActivitySeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySeries

    title = factory.Sequence(lambda n: f"每周课程{n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    facility = factory.SubFactory(FacilityFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"测试活动{n}")
    title_en = factory.Sequence(lambda n: f"Test activity {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    facility = factory.SubFactory(FacilityFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 10
    max_party_size = factory.LazyAttribute(lambda o: min(4, o.capacity))
    publication_status = PublicationStatus.PUBLISHED


def sign_up(activity, *, party_size=1, phone=None, name="张三", **kwargs):
    return actions.signup_create(
        activity=activity, name=name, phone=phone or next_phone(), party_size=party_size, consent=True, **kwargs
    )
