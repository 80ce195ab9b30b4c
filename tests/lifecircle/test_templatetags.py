"""The life-circle summary on the managers' dashboard."""

import pytest
from django.urls import reverse

from tests.facilities.factories import EstateFactory, FacilityFactory, FacilityKindFactory
from tests.facilities.places import north_of
from tests.lifecircle.factories import LifeCircleCategoryFactory
from tests.reports.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_coverage_shares_and_links_to_the_matrix(client, settings):
    settings.WALKING_SPEED_M_PER_MIN, settings.WALKING_DETOUR_FACTOR = 60, 1.25
    kind = FacilityKindFactory()
    LifeCircleCategoryFactory(name="社区助餐", target_minutes=15, kinds=[kind])
    EstateFactory(name="甲", population=1000, **north_of(0))
    EstateFactory(name="乙", population=3000, **north_of(3000))
    EstateFactory(name="待核实")
    FacilityFactory(kind=kind, **north_of(100))
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "15分钟生活圈覆盖" in page and "社区助餐" in page
    assert "1/2（50%）" in page and "25%" in page
    assert "另有 1 个小区位置待核实" in page
    assert 'href="/life-circle/coverage/"' in page
    # The dashboard permission opens the matrix too.
    assert client.get("/life-circle/coverage/").status_code == 200
    assert client.get("/life-circle/coverage.csv").status_code == 200
