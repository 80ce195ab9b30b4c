"""Fixtures of the facilities tests."""

from datetime import date

import pytest

from publishing.publishable import PublicationStatus

from .factories import FacilityFactory, FacilityKindFactory


@pytest.fixture
def some_facilities():
    kind = FacilityKindFactory(slug="canteen", name="社区食堂")
    parent = FacilityFactory(
        slug="home-of-builders",
        kind=kind,
        audiences=["new_employment"],
        last_verified=date(2024, 3, 1),
        name_en="Home of City Builders",
        location_verified=False,
    )
    FacilityFactory(
        slug="canteen-inside",
        kind=kind,
        parent=parent,
        audiences=["elderly", "all_residents"],
        latitude="31.260000",
        longitude="121.400000",
        capacity=152,
        capacity_unit="张床位",
    )
    FacilityFactory(slug="draft-one", kind=kind, publication_status=PublicationStatus.DRAFT, summary="")
    return kind
