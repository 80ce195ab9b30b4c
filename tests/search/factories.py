"""factory_boy factories for the search app."""

import factory

from search.models import SearchSynonym


class SearchSynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SearchSynonym
        skip_postgeneration_save = True

    phrase = factory.Sequence(lambda n: f"说法{n}")

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create and extracted:
            self.kinds.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
