"""The real task queue for the tests: procrastinate's PostgreSQL schema and a worker run inside the test.

On a PostgreSQL run (CI) the queue is the test database itself, as in production. On a SQLite run the notices
stay in SQLite and the queue goes to this machine's PostgreSQL (NOTICES_TEST_QUEUE_URL); only if PostgreSQL is
unreachable are these tests skipped, saying so."""

import os
import socket
import threading
from dataclasses import dataclass

import psycopg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from django.db import connections
from procrastinate.contrib.django import app
from procrastinate.contrib.django.utils import connector_params
from procrastinate.psycopg_connector import PsycopgConnector
from psycopg.rows import dict_row

from .servers import SECRET_ID, SECRET_KEY

QUEUE_URL = os.environ.get("NOTICES_TEST_QUEUE_URL", "postgresql://postgres@127.0.0.1:5432/test_wanli_notices_queue")


TRUNCATE = "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers, procrastinate_workers CASCADE"


def _separate_queue_database() -> str:
    """A PostgreSQL database holding only procrastinate's schema (created on first use), emptied for each test."""
    base, _, name = QUEUE_URL.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"the real queue needs PostgreSQL, unreachable at {base}: {error}")
    with psycopg.connect(QUEUE_URL, autocommit=True) as conn:
        if not conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0]:
            from procrastinate.schema import SchemaManager

            conn.execute(SchemaManager.get_schema())
        conn.execute(TRUNCATE)
    return QUEUE_URL


@dataclass
class Queue:
    connector: object
    conninfo: dict
    web_shares_connector: bool = False

    def run_worker(self) -> None:
        """Runs every job that is due, then stops: a real worker, in a thread of its own as in production. (In
        this thread an event loop may be running already, Playwright's for the browser tests, and the worker's
        asyncio.run() refuses to start inside one.)"""
        failures: list[BaseException] = []

        def work() -> None:
            try:
                with app.replace_connector(self.connector):
                    app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
            except BaseException as error:  # handed to the test's thread below
                failures.append(error)
            finally:
                connections.close_all()

        worker = threading.Thread(target=work, name="test-worker")
        worker.start()
        worker.join(timeout=120)
        assert not worker.is_alive(), "the worker did not stop within 120 s"
        if failures:
            raise failures[0]
        if self.web_shares_connector:
            app.open()  # the worker closed the connector on its way out; the web side defers through it too

    def jobs(self, task: str = "notices.send_notice") -> list[dict]:
        with psycopg.connect(**self.conninfo) as conn, conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(
                "SELECT task_name, status, scheduled_at, args, attempts FROM procrastinate_jobs WHERE task_name = %s "
                "ORDER BY id",
                [task],
            )
            return cursor.fetchall()


@pytest.fixture
def queue(transactional_db, settings):
    """The real queue, with retries at once (the backoff's waits set to zero) so a test sees every attempt."""
    settings.JOB_RETRY = {"max_attempts": 3, "wait": 0}
    settings.SMS_QUIET_HOURS = (0, 0)  # no quiet hours unless a test sets them (the suite runs at night too)
    if connections["default"].vendor == "postgresql":
        with connections["default"].cursor() as cursor:  # unmanaged tables: the test database's flush skips them
            cursor.execute(TRUNCATE)
        conninfo = connector_params("default")
        yield Queue(connector=PsycopgConnector(kwargs=conninfo), conninfo=conninfo)
        return
    url = _separate_queue_database()
    connector = PsycopgConnector(conninfo=url)
    # The web side's defers go to the same queue as the worker's (on SQLite the app's own queue is in memory).
    with app.replace_connector(connector):
        app.open()
        try:
            yield Queue(connector=connector, conninfo={"conninfo": url}, web_shares_connector=True)
        finally:
            app.close()


class Inbox(MessageHandler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "noreply@wanli.example"
    yield inbox
    controller.stop()


@pytest.fixture
def tencent(settings):
    def configure(server):
        settings.SMS_TENCENT = {
            "SECRET_ID": SECRET_ID,
            "SECRET_KEY": SECRET_KEY,
            "SDK_APP_ID": "1400000001",
            "SIGN_NAME": "万里社区",
            "REGION": "ap-guangzhou",
            "ENDPOINT": server.endpoint,
            "SCHEME": "http",
            "TIMEOUT": 2,
            "TEMPLATES": {"casework.request_accepted": "2000001"},
        }

    return configure
