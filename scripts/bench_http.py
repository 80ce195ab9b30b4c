#!/usr/bin/env python
"""HTTP load benchmark (`make bench-http`): pages under gunicorn on loopback, measured with wrk.

Builds an empty benchmark database (BENCH_DATABASE_URL, by default PostgreSQL `wanli_bench` on 127.0.0.1:5432,
dropped and created afresh; SQLite only on request, BENCH_DATABASE_URL=sqlite:///…) with the seed and 5,000
demo facilities, and starts gunicorn with the project's gunicorn.conf.py and the production settings (Redis
cache, BENCHMARK=True for the /bench/floor view, the X-Bench-No-Cache header and Server-Timing). Then:

- *fresh* pages (rendered on every request: the X-Bench-No-Cache header bypasses the page cache, and a Lua
  script gives every request a fresh page number, facility or position) at 8 connections;
- *cached* pages (what anonymous visitors get) at 32 connections;
- each beside the floor (a minimal Django view on the same server) measured with the same command and the
  same script in the same run, as a percentage of it;
- one request at a time: the server time (Server-Timing) of each fresh page, median of 20 requests.

The tables go to docs/benchmarks.md ("HTTP load") and to the README ("Performance").

Environment: BENCH_DATABASE_URL, BENCH_CACHE_URL (default redis://127.0.0.1:6379/9 with a private key
prefix), BENCH_SECONDS (default 10), BENCH_FACILITIES (5000), WEB_CONCURRENCY (default 2 × cores + 1),
GUNICORN_THREADS (1).
"""

import http.client
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.database import bench_database_url, fresh_database  # noqa: E402

WORK = ROOT / ".bench"
DOC = ROOT / "docs" / "benchmarks.md"
README = ROOT / "README.md"
START, END = "<!-- http-load:start -->", "<!-- http-load:end -->"
PYTHON = sys.executable
FRESH_CONNECTIONS, CACHED_CONNECTIONS = 8, 32
SINGLE_RUNS = 20
FACILITIES = int(os.environ.get("BENCH_FACILITIES", "5000"))
# Around the demo data's centre (facilities.demo.DEMO_CENTRE); ±0.02° is about ±2 km.
NEAR_LAT, NEAR_LNG, NEAR_SPREAD = 31.26, 121.40, 0.02

# Paths with placeholders, filled afresh for every request (by the Lua script under wrk, by Python for the
# one-at-a-time timings): {int:N} a number from 1 to N, {slug} a demo facility's slug, {near} a position.
FLOOR_FRESH = "/bench/floor?n={int:1000000}"
FRESH = [
    ("facility list `/facilities/`", "/facilities/?page={int:250}"),
    ("facility page", "/facilities/{slug}/"),
    ("service list `/services/`", "/services/?page={int:3}"),
    ("nearby from a random position", "/facilities/?near={near}"),
    ("HSDA list `/api/hsds/services`", "/api/hsds/services?per_page={int:50}"),
]
DASHBOARD = ("dashboard `/dashboard/` (signed in)", "/dashboard/?n={int:1000000}")
# Last: a page slower than the server's timeout would leave its queue to the pages measured after it.
OPEN_NOW = ("open-now list `/facilities/?open_now=1`", "/facilities/?open_now=1&page={int:20}")
SINGLE_BUDGET_SECONDS = 60  # per page, one request at a time: fewer than 20 when a page is that slow
CACHED = [
    ("home `/`", "/"),
    ("facility list `/facilities/`", "/facilities/"),
    ("facility page", "/facilities/demo-00042/"),
    ("service list `/services/`", "/services/"),
    ("HSDA list `/api/hsds/services`", "/api/hsds/services"),
    ("nearby `/facilities/?near=…` (1 km)", f"/facilities/?near={NEAR_LAT}%2C{NEAR_LNG}"),
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
_PLACEHOLDER = re.compile(r"\{(int:\d+|slug|near)\}")


@dataclass
class Result:
    label: str
    mode: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    floor: float = 0.0


def fill(pattern: str, rng: random.Random) -> str:
    """The path with its placeholders filled (Python's side of the Lua script)."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "slug":
            return f"demo-{rng.randint(1, FACILITIES):05d}"
        if name == "near":
            lat = NEAR_LAT + rng.uniform(-NEAR_SPREAD, NEAR_SPREAD)
            lng = NEAR_LNG + rng.uniform(-NEAR_SPREAD, NEAR_SPREAD)
            return f"{lat:.5f}%2C{lng:.5f}"
        return str(rng.randint(1, int(name.split(":")[1])))

    return _PLACEHOLDER.sub(value, pattern)


def lua_script(pattern: str) -> str:
    """A wrk script sending `pattern` with its placeholders filled afresh for every request."""
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(pattern):
        parts.append(repr(pattern[position : match.start()]).replace("'", '"'))
        name = match.group(1)
        if name == "slug":
            parts.append(f'string.format("demo-%05d", math.random(1, {FACILITIES}))')
        elif name == "near":
            parts.append(
                f'string.format("%.5f%%2C%.5f", {NEAR_LAT} + (math.random() * 2 - 1) * {NEAR_SPREAD}, '
                f"{NEAR_LNG} + (math.random() * 2 - 1) * {NEAR_SPREAD})"
            )
        else:
            parts.append(f"tostring(math.random(1, {int(name.split(':')[1])}))")
        position = match.end()
    parts.append(repr(pattern[position:]).replace("'", '"'))
    expression = " .. ".join(part for part in parts if part != '""')
    return (
        "math.randomseed(os.time() + math.floor(os.clock() * 1000000))\n"
        f"request = function()\n  return wrk.format(nil, {expression})\nend\n"
    )


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
        DATABASE_URL=bench_database_url(),
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")
        + f"?key_prefix=wanli-bench-{uuid.uuid4().hex[:8]}",
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


def _headers(mode: str, cookie: str) -> dict[str, str]:
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if mode != "cached":
        headers["X-Bench-No-Cache"] = "1"
    if mode == "signed in":
        headers["Cookie"] = cookie
    return headers


def _wrk(port: int, pattern: str, *, seconds: int, connections: int, mode: str, cookie: str = "") -> tuple:
    """wrk -t1 with the Lua script for `pattern`: (req/s, p50 ms, p99 ms, errors incl. non-2xx answers)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=WORK, delete=False) as script:
        script.write(lua_script(pattern))
    headers = [arg for name, value in _headers(mode, cookie).items() for arg in ("-H", f"{name}: {value}")]
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", script.name]
    try:
        output = subprocess.run(
            [*command, *headers, f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _to_ms(re.search(r"^\s+50%\s+(\S+)", output, flags=re.MULTILINE).group(1))
    p99 = _to_ms(re.search(r"^\s+99%\s+(\S+)", output, flags=re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0)


def _server_ms(port: int, pattern: str, *, mode: str, cookie: str, runs: int = SINGLE_RUNS) -> tuple[float, int]:
    """One request at a time, each for a fresh page: the median server time (Server-Timing) of `runs`, and
    how many were measured (fewer when the page takes longer than SINGLE_BUDGET_SECONDS in all)."""
    rng = random.Random(15)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    samples: list[float] = []
    deadline = time.monotonic() + SINGLE_BUDGET_SECONDS
    try:
        for n in range(runs + 2):  # two warm-ups: the worker's first request loads templates and URLs
            connection.request("GET", fill(pattern, rng), headers=_headers(mode, cookie))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                return float("nan"), 0  # e.g. the server's timeout: reported as not measured
            if n >= 2:
                samples.append(float(response.getheader("Server-Timing").split("dur=")[1]))
            if time.monotonic() > deadline and samples:
                break
    except OSError:
        return float("nan"), 0
    finally:
        connection.close()
    return statistics.median(samples), len(samples)


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


def _load_table(results: list[Result]) -> list[str]:
    lines = [
        "| page | cache | connections | req/s | p50 ms | p99 ms | errors | % of floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.requests_per_second / r.floor if r.floor else 0
        if not r.requests_per_second:  # nothing answered within the run: wrk reports no latencies
            lines.append(f"| {r.label} | {r.mode} | {r.connections} | 0 | – | – | all | 0% |")
            continue
        lines.append(
            f"| {r.label} | {r.mode} | {r.connections} | {r.requests_per_second:,.0f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.errors} | {ratio:.0%} |"
        )
    return lines


def _single_table(timings: list[tuple[str, float, int]]) -> list[str]:
    lines = [f"| page, rendered afresh, one request at a time | server time, median of {SINGLE_RUNS} |", "|---|---:|"]
    for label, ms, runs in timings:
        if not runs:
            lines.append(f"| {label} | not answered within the server's timeout |")
        else:
            lines.append(f"| {label} | {ms:.1f} ms{'' if runs == SINGLE_RUNS else f' (median of {runs})'} |")
    return lines


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


def _prepare(env: dict[str, str]) -> str:
    """The database afresh, the seed, the demo facilities, static files; returns the manager's cookie."""
    print(f"Preparing the benchmark database ({env['DATABASE_URL'].split('@')[-1]}) …", flush=True)
    fresh_database(env["DATABASE_URL"])
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "seed_wanli")
    _manage(env, "generate_demo", "--facilities", str(FACILITIES))
    _manage(env, "collectstatic", "--noinput", "-v0")
    command = [PYTHON, "manage.py", "shell", "-c", MANAGER_SESSION]
    output = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return output.strip().splitlines()[-1]


def _measure(port: int, cookie: str, seconds: int) -> tuple[list[Result], list[tuple[str, float]]]:
    results: list[Result] = []

    def run(label: str, pattern: str, mode: str, connections: int, floor: float) -> float:
        _wrk(port, pattern, seconds=2, connections=connections, mode=mode, cookie=cookie)  # warm-up
        rps, p50, p99, errors = _wrk(port, pattern, seconds=seconds, connections=connections, mode=mode, cookie=cookie)
        result = Result(label, mode, connections, rps, p50, p99, errors, floor or rps)
        results.append(result)
        print(
            f"{label:45} {mode:9} c{connections:<3} {rps:8.0f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
            f"errors {errors}  ({rps / result.floor:.0%} of floor)",
            flush=True,
        )
        return rps

    # Every worker process loads Django lazily: warm them all up before measuring.
    _wrk(port, "/bench/floor", seconds=5, connections=CACHED_CONNECTIONS, mode="cached")
    floor = run("floor: minimal Django view", "/bench/floor", "cached", CACHED_CONNECTIONS, 0)
    for label, path in CACHED:
        run(label, path, "cached", CACHED_CONNECTIONS, floor)
    floor = run("floor: minimal Django view", FLOOR_FRESH, "fresh", FRESH_CONNECTIONS, 0)
    for label, pattern in FRESH:
        run(label, pattern, "fresh", FRESH_CONNECTIONS, floor)
    run(DASHBOARD[0], DASHBOARD[1], "signed in", FRESH_CONNECTIONS, floor)
    timings = []

    def single(label: str, pattern: str, mode: str) -> None:
        ms, runs = _server_ms(port, pattern, mode=mode, cookie=cookie)
        timings.append((label, ms, runs))
        print(f"one at a time: {label:45} {ms:6.1f} ms (server time, median of {runs})", flush=True)

    for label, pattern in FRESH:
        single(label, pattern, "fresh")
    single(*DASHBOARD, "signed in")
    # Last, load and alone: a page slower than the server's timeout leaves a queue behind it.
    run(OPEN_NOW[0], OPEN_NOW[1], "fresh", FRESH_CONNECTIONS, floor)
    time.sleep(30)  # the server finishes (or times out) what wrk left queued
    single(*OPEN_NOW, "fresh")
    return results, timings


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    env = _env()
    cookie = _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wanli.wsgi:application"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
    )
    load_before = os.getloadavg()[0]
    try:
        _wait_healthy(port, server)
        results, timings = _measure(port, cookie, seconds)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    load_after = os.getloadavg()[0]
    database = "PostgreSQL" if env["DATABASE_URL"].startswith(("postgres", "pgsql")) else "SQLite"
    meta = (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make bench-http`: wrk `-t1` with a Lua script, "
        f"{seconds} s per page after a 2 s warm-up, gunicorn (gunicorn.conf.py) with {env['WEB_CONCURRENCY']} "
        f"processes × {env['GUNICORN_THREADS']} threads on loopback, production settings, Redis cache, {database}, "
        f"{FACILITIES:,} demo facilities, {os.cpu_count()} cores ({platform.processor() or platform.machine()}). "
        f"Load average {load_before:.1f} before the run and {load_after:.1f} after it"
        + (" (a shared, busy machine: figures vary from run to run)." if load_before > 1.5 else ".")
        + ' "Fresh" pages are rendered on every request (the page cache bypassed, every request for another '
        'page, position or parameter) at 8 connections; "cached" is what anonymous visitors get, at 32; each is '
        "a percentage of the floor measured the same way in the same run."
    )
    body = "\n".join([meta, "", *_load_table(results), "", *_single_table(timings)])
    _replace_section(DOC, "## HTTP load", body, preamble="# Benchmarks\n")
    _replace_section(README, "## Performance", body, preamble="# 万里社区服务门户\n")
    print(f"\nWritten to {DOC.relative_to(ROOT)} and {README.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
