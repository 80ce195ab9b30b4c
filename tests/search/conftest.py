import pytest

from facilities.seed import seed_facilities
from search.seed import seed_search_synonyms
from services.seed import seed_services


@pytest.fixture
def real_seed(db):
    """The real seed (shared/seed): its facilities, services and the first synonym list."""
    seed_facilities()
    seed_services()
    seed_search_synonyms()
