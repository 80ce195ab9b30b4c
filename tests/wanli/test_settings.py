"""Settings: Chinese first, Shanghai time; production passes `check --deploy` and refuses to start without
its secrets or with weak ones."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

from wanli.settings.connections import database_config
from wanli.settings.required import REQUIRED_IN_PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {  # every one of REQUIRED_IN_PRODUCTION, with acceptable values
    "DJANGO_SETTINGS_MODULE": "wanli.settings.production",
    "SECRET_KEY": "x9!Kq2#vLp7@Zr4$Tn8^Wm3&Hs6*Jd1(Fb5)Gc0-Yu2+Ea7=Qo9_Pi4~Rl6",
    "ALLOWED_HOSTS": "wanli.example.gov.cn",
    # Never connected to by `check`; an unresolvable host makes sure of it.
    "DATABASE_URL": "postgres://wanli:not-a-real-password@db.invalid:5432/wanli",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "SITE_URL": "https://wanli.example.gov.cn",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest in this process; production never has it.
    leaked_from_tests = ("TEST_CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in GOOD_ENV and k not in leaked_from_tests}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_names_every_missing_variable_at_once():
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "wanli.settings.production"})
    assert result.returncode != 0
    assert ", ".join(REQUIRED_IN_PRODUCTION) in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "short"),
        ("SECRET_KEY", "django-insecure-" + "x" * 50),
        ("ALLOWED_HOSTS", "*"),
        ("CACHE_URL", "locmemcache://"),
    ],
)
def test_production_refuses_weak_values(name, value):
    result = _manage("check", env={**GOOD_ENV, name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_production_starts_with_its_secrets():
    result = _manage("check", env=GOOD_ENV)
    assert result.returncode == 0, result.stderr


def test_photos_on_object_storage_are_allowed_by_the_content_security_policy():
    env = {**GOOD_ENV, "MEDIA_S3_BUCKET": "wanli-photos", "MEDIA_S3_CUSTOM_DOMAIN": "photos.example.cn"}
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], s.STORAGES['default']['BACKEND'])",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "https://photos.example.cn" in result.stdout
    assert "storages.backends.s3.S3Storage" in result.stdout


def test_production_on_sqlite_warns_at_start_up_that_it_is_for_trials_only():
    result = _manage("check", env={**GOOD_ENV, "DATABASE_URL": "sqlite:////tmp/wanli-deploy-check.sqlite3"})
    assert result.returncode == 0, result.stderr
    assert "(wanli.W001) DATABASES['default'] is SQLite: fit for a trial only" in result.stderr
    assert "wanli.W001" not in _manage("check", env=GOOD_ENV).stderr


def test_two_concurrent_read_then_write_transactions_on_a_sqlite_file_both_succeed(tmp_path, django_db_blocker):
    """Each thread reads the counter, waits until the other has read too (or a second has passed: with the
    write lock taken at BEGIN the other cannot read yet), then writes. SQLite refuses the second writer of
    two read transactions with "database is locked"; taking the lock at BEGIN makes it wait its turn."""
    databases = ConnectionHandler({"default": database_config(f"sqlite:///{tmp_path / 'trial.sqlite3'}")})
    both_have_read = threading.Barrier(2)
    failures = []

    def add_one():
        connection = databases["default"]  # one connection per thread, as in a threaded server
        try:
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)  # atomic()'s BEGIN
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                try:
                    both_have_read.wait(timeout=1)
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            connection.commit()
        except Exception as error:  # noqa: BLE001  (whatever it is, the test reports it)
            failures.append(error)
        finally:
            connection.close()

    with django_db_blocker.unblock():
        with databases["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer)")
            cursor.execute("INSERT INTO counter (n) VALUES (0)")
        databases["default"].close()
        threads = [threading.Thread(target=add_one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert [str(error) for error in failures] == []
        with databases["default"].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            assert cursor.fetchone() == (2,)  # no lost update either
            # A writer waits up to 20 s for its turn, and readers never wait for a writer (WAL).
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (20_000,)
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone() == ("wal",)
        databases["default"].close()


@pytest.mark.parametrize(
    ("email_url", "backend", "enabled"),
    [
        (None, "console", False),
        ("consolemail://", "console", False),  # would print working reset links into the log
        ("smtp+tls://portal%40example.cn:p%40ss@smtp.example.cn:587", "smtp", True),
        ("smtps://portal:secret@smtp.example.cn:465", "smtp", True),
    ],
)
def test_production_resets_passwords_only_through_smtp(email_url, backend, enabled):
    env = {
        **GOOD_ENV,
        "SITE_URL": "https://wanli.example.gov.cn",
        **({"EMAIL_URL": email_url} if email_url is not None else {}),
    }
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.PASSWORD_RESET_ENABLED, s.EMAIL_TIMEOUT)"
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    printed_backend, printed_enabled, timeout = result.stdout.strip().splitlines()[-1].split()
    assert f".{backend}." in printed_backend and printed_enabled == str(enabled) and int(timeout) > 0


def test_smtp_settings_come_from_the_email_url():
    env = {
        **GOOD_ENV,
        "EMAIL_URL": "smtp+tls://portal%40example.cn:p%40ss@smtp.example.cn:587",
        "SITE_URL": "https://wanli.example.gov.cn",
    }
    code = "from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS)"
    result = _manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1].split() == [
        "smtp.example.cn",
        "587",
        "portal@example.cn",
        "p@ss",
        "True",
    ]


def test_development_and_tests_can_reset_passwords():
    assert settings.PASSWORD_RESET_ENABLED


@pytest.mark.parametrize("site_url", [None, "http://wanli.example.gov.cn"])
def test_production_with_smtp_needs_the_https_site_address_for_reset_links(site_url):
    env = {**GOOD_ENV, "EMAIL_URL": "smtps://portal:secret@smtp.example.cn:465", "SITE_URL": site_url}
    if site_url is None:
        del env["SITE_URL"]
    result = _manage("check", env=env)
    assert result.returncode != 0 and "SITE_URL" in result.stderr
