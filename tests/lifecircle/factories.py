import factory

from lifecircle.models import LifeCircleCategory


class LifeCircleCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeCircleCategory
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    target_minutes = 15

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create and extracted:
            self.kinds.set(extracted)
