import pytest

from reports.seed import seed_reports

from .factories import UserFactory


@pytest.fixture(autouse=True)
def chinese_by_default(chinese):
    """A request to an /en/ page leaves English active in the thread; every test here starts in Chinese."""
    yield


@pytest.fixture
def seeded():
    seed_reports()


@pytest.fixture
def manager_client(client):
    client.force_login(UserFactory(permissions=["reports.view_dashboard"]))
    return client
