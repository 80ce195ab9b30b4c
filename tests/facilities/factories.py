"""factory_boy factories for every app's models; tests build their data with these or the real actions."""

from datetime import time

import factory

from facilities.models import Audience, Estate, Facility, FacilityKind, HoursException, OpeningPeriod, PublicHoliday
from publishing.publishable import PublicationStatus


class FacilityKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilityKind
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"类型{n}")
    name_en = factory.Sequence(lambda n: f"Kind {n}")
    slug = factory.Sequence(lambda n: f"kind-{n}")


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试设施{n}")
    slug = factory.Sequence(lambda n: f"facility-{n}")
    kind = factory.SubFactory(FacilityKindFactory)
    summary = "测试用设施"
    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(Audience.objects.filter(code__in=extracted))


class OpeningPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningPeriod

    facility = factory.SubFactory(FacilityFactory)
    weekday = 0
    opens = time(9)
    closes = time(17)


class HoursExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursException

    facility = factory.SubFactory(FacilityFactory)
    is_closed = True


class PublicHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicHoliday

    name = "国庆节"
    kind = "holiday"


class EstateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estate

    name = factory.Sequence(lambda n: f"测试小区{n}")
    slug = factory.Sequence(lambda n: f"estate-{n}")
