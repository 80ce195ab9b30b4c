import pytest


@pytest.fixture(autouse=True)
def chinese_by_default():
    """An English request in an earlier test leaves English active in the thread; reverse() would then build
    /en/ URLs. Every casework test starts from the site's default language."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield
