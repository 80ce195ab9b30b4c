#!/usr/bin/env python
"""HTTP load benchmark (`make bench-http`): pages under gunicorn on loopback, measured with wrk.

Builds a separate benchmark database (BENCH_HTTP_DATABASE_URL, default a SQLite file in .bench/) with the seed
and 5,000 demo facilities, starts gunicorn with the production settings (Redis cache, BENCHMARK=True for
the /bench/floor view), and for each page measures requests per second and p50/p99 latency at 32
connections, cached (what visitors get) and uncached (the X-Bench-No-Cache header, honoured only when
BENCHMARK is on). Each figure is printed as a ratio of the floor, the smallest Django response on the same
server. The table goes to docs/benchmarks.md ("HTTP load") and to the README ("Performance").

Environment: BENCH_HTTP_DATABASE_URL, BENCH_CACHE_URL (default redis://127.0.0.1:6379/0 with a private key
prefix), BENCH_SECONDS (default 10), BENCH_CONNECTIONS (32), BENCH_FACILITIES (5000), WEB_CONCURRENCY
(default 2 × cores + 1), GUNICORN_THREADS (1).
"""

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
DOC = ROOT / "docs" / "benchmarks.md"
README = ROOT / "README.md"
START, END = "<!-- http-load:start -->", "<!-- http-load:end -->"
PYTHON = sys.executable

# (label, path, mode): "cached" is what anonymous visitors get, "uncached" bypasses the page cache (the
# page is rendered on every request), "signed in" is a manager's session (never page-cached).
NEARBY = "/facilities/?near=31.26%2C121.40"
TARGETS = [
    ("floor: minimal Django view", "/bench/floor", "cached"),
    ("home `/`", "/", "cached"),
    ("facility list `/facilities/`", "/facilities/", "cached"),
    ("facility page", "/facilities/demo-00042/", "cached"),
    ("service list `/services/`", "/services/", "cached"),
    ("HSDA `/api/hsds/services`", "/api/hsds/services", "cached"),
    ("nearby `/facilities/?near=…` (1 km)", NEARBY, "cached"),
    ("home `/`", "/", "uncached"),
    ("facility list `/facilities/`", "/facilities/", "uncached"),
    ("facility page", "/facilities/demo-00042/", "uncached"),
    ("service list `/services/`", "/services/", "uncached"),
    ("HSDA `/api/hsds/services`", "/api/hsds/services", "uncached"),
    ("nearby `/facilities/?near=…` (1 km)", NEARBY, "uncached"),
    ("dashboard `/dashboard/`", "/dashboard/", "signed in"),
]

# A manager account for the dashboard, and a session for it: prints "cookie-name=session-key".
MANAGER_SESSION = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from importlib import import_module
from wanli.roles import MANAGER, sync_roles
sync_roles()
user, _ = get_user_model().objects.get_or_create(username="bench-manager", defaults={"is_staff": True})
user.groups.add(Group.objects.get(name=MANAGER))
session = import_module(settings.SESSION_ENGINE).SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
"""


@dataclass
class Result:
    label: str
    path: str
    mode: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env() -> dict[str, str]:
    WORK.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="wanli.settings.production",
        SECRET_KEY="bench-" + uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=os.environ.get("BENCH_HTTP_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}"),
        CACHE_URL=os.environ.get(
            "BENCH_CACHE_URL", f"redis://127.0.0.1:6379/0?key_prefix=wanli-bench-{uuid.uuid4().hex[:8]}"
        ),
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        BENCHMARK="True",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",
        # wrk is one client: lift the open-data API's per-client limit, or it would measure 429s.
        OPENDATA_THROTTLE_RATE="100000000/min",
        # gunicorn.conf.py's own defaults unless set: 2 × cores + 1 single-threaded workers.
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1)),
        GUNICORN_THREADS=os.environ.get("GUNICORN_THREADS", "1"),
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str, *, seconds: int, connections: int, mode: str, cookie: str = "") -> tuple[float, float, float, int]:
    headers = ["-H", "Host: 127.0.0.1", "-H", "X-Forwarded-Proto: https"]
    if mode == "uncached":
        headers += ["-H", "X-Bench-No-Cache: 1"]
    if mode == "signed in":
        headers += ["-H", f"Cookie: {cookie}"]
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", *headers, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _to_ms(re.search(r"^\s+50%\s+(\S+)", output, flags=re.MULTILINE).group(1))
    p99 = _to_ms(re.search(r"^\s+99%\s+(\S+)", output, flags=re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0)


def _wait_healthy(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "127.0.0.1"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not become healthy (is Redis running at 127.0.0.1:6379?)")


def _table(results: list[Result], meta: str) -> str:
    floor = results[0].requests_per_second
    lines = [
        meta,
        "",
        "| page | cache | req/s | p50 ms | p99 ms | errors | ratio to floor |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.requests_per_second / floor if floor else 0
        lines.append(
            f"| {r.label} | {r.mode} | {r.requests_per_second:,.0f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.errors} | {ratio:.0%} |"
        )
    return "\n".join(lines)


def _replace_section(path: Path, heading: str, body: str, *, preamble: str) -> None:
    block = f"{START}\n{body}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else preamble
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    elif heading in text:
        text = text.replace(heading, f"{heading}\n\n{block}", 1)
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
    facilities = int(os.environ.get("BENCH_FACILITIES", "5000"))
    env = _env()
    print("Preparing the benchmark database …", flush=True)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "seed_wanli")
    _manage(env, "generate_demo", "--facilities", str(facilities))
    _manage(env, "collectstatic", "--noinput", "-v0")
    cookie = (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", MANAGER_SESSION],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wanli.wsgi:application"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
    )
    results = []
    load_before = os.getloadavg()[0]
    try:
        _wait_healthy(port, server)
        # Every worker process loads Django lazily: warm them all up before measuring.
        _wrk(f"http://127.0.0.1:{port}/bench/floor", seconds=5, connections=connections, mode="cached")
        for label, path, mode in TARGETS:
            url = f"http://127.0.0.1:{port}{path}"
            _wrk(url, seconds=2, connections=connections, mode=mode, cookie=cookie)  # warm-up
            rps, p50, p99, errors = _wrk(url, seconds=seconds, connections=connections, mode=mode, cookie=cookie)
            results.append(Result(label, path, mode, rps, p50, p99, errors))
            print(
                f"{label:50} {mode:9} {rps:9.0f} req/s  p50 {p50:7.1f} ms  "
                f"p99 {p99:7.1f} ms  errors {errors}  ({rps / results[0].requests_per_second:.0%} of floor)",
                flush=True,
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    meta = (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make bench-http`: wrk, {connections} connections, "
        f"{seconds} s per page, gunicorn with {env['WEB_CONCURRENCY']} processes × {env['GUNICORN_THREADS']} threads on "
        f"loopback, production settings, Redis cache, {database}, {facilities:,} demo facilities, "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}). The machine is shared: its load average "
        f'was {load_before:.1f} when the run started, so figures vary from run to run. "Cached" is what anonymous '
        f'visitors get; "uncached" bypasses the page cache, so the page is rendered on every request; the dashboard '
        f"is measured with a signed-in manager's session (never page-cached)."
    )
    table = _table(results, meta)
    _replace_section(DOC, "## HTTP load", table, preamble="# Benchmarks\n")
    _replace_section(README, "## Performance", table, preamble="# 万里社区服务门户\n")
    print(f"\nWritten to {DOC.relative_to(ROOT)} and {README.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
