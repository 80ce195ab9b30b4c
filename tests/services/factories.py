"""factory_boy factories for the services app."""

from decimal import Decimal

import factory

from facilities.hours import local_now
from facilities.models import Audience
from publishing.publishable import PublicationStatus
from services.models import Menu, MenuItem, Service, ServiceAtLocation, ServiceCategory
from tests.facilities.factories import FacilityFactory, FacilityKindFactory


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory

    name = factory.Sequence(lambda n: f"分类{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试服务{n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    category = factory.SubFactory(ServiceCategoryFactory)
    summary = "测试用服务"
    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(Audience.objects.filter(code__in=extracted))


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    facility = factory.SubFactory(FacilityFactory)


class CanteenFactory(FacilityFactory):
    kind = factory.SubFactory(FacilityKindFactory, slug="canteen", name="食堂", name_en="Canteen")


class MenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Menu

    facility = factory.SubFactory(CanteenFactory)
    date = factory.LazyFunction(lambda: local_now().date())
    meal = "lunch"
    publication_status = PublicationStatus.PUBLISHED


class MenuItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenuItem

    menu = factory.SubFactory(MenuFactory)
    dish = factory.Sequence(lambda n: f"菜品{n}")
    price = Decimal("12.00")
