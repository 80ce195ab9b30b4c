"""The facility filters: the map's extends the list's, so a kind or an audience means the same on both."""

import pytest

from facilities.filters import FacilityFilter, MapFilter
from facilities.models import Facility

from .factories import FacilityFactory, FacilityKindFactory


def test_the_map_offers_only_kind_and_audience():
    assert list(MapFilter.base_filters) == ["kind", "audience"]


@pytest.mark.django_db
def test_the_map_and_the_list_filter_a_kind_alike():
    canteen = FacilityKindFactory(slug="canteen")
    FacilityFactory(kind=canteen)
    FacilityFactory()
    params = {"kind": "canteen"}
    on_map = MapFilter(params, queryset=Facility.objects.all())
    on_list = FacilityFilter(params, queryset=Facility.objects.all())
    assert on_map.is_valid() and on_list.is_valid()
    assert list(on_map.qs) == list(on_list.qs) and len(on_map.qs) == 1


@pytest.mark.django_db
def test_the_map_ignores_the_lists_other_parameters():
    FacilityFactory()
    assert MapFilter({"q": "没有这个", "radius": "1"}, queryset=Facility.objects.all()).qs.count() == 1
