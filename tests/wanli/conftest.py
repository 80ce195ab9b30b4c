"""Fixtures for the production-readiness tests, and a signed-in superuser's client for the page-cache tests."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process (wanli.settings.production) on this machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_CACHE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="wanli.settings.production",
        SECRET_KEY="prod-test-" + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL="sqlite:////tmp/wanli-unused.sqlite3",
        CACHE_URL="redis://127.0.0.1:6379/0",
        SITE_URL="http://127.0.0.1",
        PYTHONPATH=str(ROOT),
    )
    env.update(overrides)
    return env


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """`collectstatic` as production runs it on start: hashed names, gzip and Brotli copies (once per run)."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(static_root)),
        check=True,
        timeout=600,
    )
    return static_root


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "a-long-test-password")
    client.force_login(user)
    return client
