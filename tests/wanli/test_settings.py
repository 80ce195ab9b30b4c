"""Settings: Chinese first, Shanghai time, and production that refuses to start without its secrets."""
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def run_production_check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "wanli.settings.production", "PYTHONPATH": str(ROOT)})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production_check({"ALLOWED_HOSTS": "portal.example.cn", "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_production_check(
        {"SECRET_KEY": "short", "ALLOWED_HOSTS": "portal.example.cn", "DATABASE_URL": "sqlite:///x.db"}
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production_check({"SECRET_KEY": "x" * 60, "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_its_secrets():
    result = run_production_check(
        {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "portal.example.cn", "DATABASE_URL": "sqlite:///x.db"}
    )
    assert result.returncode == 0, result.stderr
