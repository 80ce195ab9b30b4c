"""The site-wide content version in the shared cache."""

import pytest
from django.core.cache import cache
from django.db import transaction

from facilities.content_version import CONTENT_VERSION_KEY, bump_content_version, content_version

pytestmark = pytest.mark.django_db


def test_version_is_created_once_then_stable():
    first = content_version()
    assert first is not None
    assert content_version() == first


def test_bump_increases_the_version():
    before = content_version()
    bump_content_version()
    assert content_version() > before


def test_bump_when_the_key_was_evicted_starts_from_a_fresh_larger_value():
    old = content_version()
    cache.delete(CONTENT_VERSION_KEY)
    bump_content_version()
    assert content_version() > old


def test_bump_repeats_after_commit(django_capture_on_commit_callbacks):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        bump_content_version()
        during = content_version()
    assert len(callbacks) == 1
    assert during > before
    assert content_version() > during
