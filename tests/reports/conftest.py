import pytest


@pytest.fixture(autouse=True)
def chinese_by_default(chinese):
    """A request to an /en/ page leaves English active in the thread; every test here starts in Chinese."""
    yield
