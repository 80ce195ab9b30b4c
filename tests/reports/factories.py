"""factory_boy factories for the reports app."""

from decimal import Decimal

import factory
from django.contrib.auth.models import Permission, User

from reports.models import Achievement, AchievementKind, Category, Metric, MetricValue


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"metric-{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    name_en = factory.Sequence(lambda n: f"Test metric {n}")
    category = Category.ECONOMY
    unit = "家"
    unit_en = "companies"


class MetricValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricValue

    metric = factory.SubFactory(MetricFactory)
    year = 2023
    value = Decimal("100")


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    year = 2023
    kind = AchievementKind.HONOUR
    category = Category.GOVERNANCE
    title = factory.Sequence(lambda n: f"测试荣誉{n}")
    title_en = factory.Sequence(lambda n: f"Test honour {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        """`UserFactory(permissions=["reports.view_dashboard"])` grants those permissions."""
        if not create or not extracted:
            return
        for dotted in extracted:
            app_label, codename = dotted.split(".")
            self.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
