"""Server time of the pages a cache cannot serve: each page rendered afresh (the cache is a dummy), through the
whole Django stack (middleware, view, templates) in this process, one request at a time. Not a test: it prints
median and p90 in ms, and the number of queries, per page.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wanli_x .venv/bin/python bench/fresh_pages.py [--runs 20]
        [--profile PAGE]  # cProfile of one page (its name from the table): cumulative and own time
        [--no-cache]      # no cache at all (default: only the public page cache is passed)

The database must already hold the data (`manage.py migrate`, `seed_wanli`, `generate_demo --facilities 5000`);
the script only reads, apart from one dashboard user (`bench-dashboard`) it creates if missing.
Settings: wanli.settings.local with DEBUG off (so the cached template loader, as in production).
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("BENCH_DATABASE_URL"):
    sys.exit("Set BENCH_DATABASE_URL to a database that holds the demo data (see the docstring).")
os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ["DJANGO_SETTINGS_MODULE"] = "wanli.settings.local"
os.environ["DEBUG"] = "0"
# "page-miss" (default): a real cache, but every request passes the public page cache (the benchmark bypass
# header), so the page is rendered afresh while the data the site keeps cached (life-circle matrix, fragments)
# is used as in production. "none": no cache at all, every figure computed on every request (the worst case).
CACHE_MODE = "none" if "--no-cache" in sys.argv else "page-miss"
os.environ["CACHE_URL"] = "dummycache://" if CACHE_MODE == "none" else "locmemcache://bench-fresh-pages"
os.environ["BENCHMARK"] = "1"
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import facilities.open_now  # noqa: E402
import facilities.queries  # noqa: E402
from facilities.demo import DEMO_CENTRE  # noqa: E402
from facilities.hours import local_now  # noqa: E402
from facilities.models import Estate, Facility  # noqa: E402


def random_near() -> dict:
    # A phone's own position: somewhere different on every request, around the demo places.
    lat = DEMO_CENTRE[0] + random.uniform(-0.01, 0.01)
    lng = DEMO_CENTRE[1] + random.uniform(-0.01, 0.01)
    return {"near": f"{lat:.6f},{lng:.6f}"}


def pages() -> dict:
    facility = Facility.objects.published().order_by("?").first()
    estate = Estate.objects.located().order_by("?").first()
    return {
        # The framework's floor: the whole middleware stack around the smallest view, for scale on a noisy machine.
        "floor (minimal view)": ("/bench/floor", dict),
        "facility list": ("/facilities/", dict),
        "facility page": (facility.get_absolute_url(), dict),
        "service list": ("/services/", dict),
        "open-now list": ("/facilities/", lambda: {"open_now": "1"}),
        "open-now list at 10:00": ("/facilities/", at_ten_in_the_morning(lambda: {"open_now": "1"})),
        "nearby (random position)": ("/facilities/", random_near),
        "nearby (estate)": ("/facilities/", lambda: {"estate": estate.slug} if estate else {}),
        "map": ("/map/", dict),
        "search": ("/search/", lambda: {"q": random.choice(["食堂", "养老", "演示", "宝宝屋"])}),
        "HSDA services": ("/api/hsds/services", dict),
        "dashboard (signed in)": ("/dashboard/", dict),
    }


def at_ten_in_the_morning(params):
    """Request parameters for the open-now list as it is at 10:00 today, when most demo places are open (the
    list is nearly empty at night): the clock of the open-now computation is set for that request."""

    def params_at_ten():
        ten = local_now().replace(hour=10, minute=0, second=0, microsecond=0)
        facilities.open_now.local_now = lambda: ten
        facilities.queries.local_now = lambda: ten
        return params()

    return params_at_ten


def dashboard_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(username="bench-dashboard")
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client = Client(HTTP_X_BENCH_NO_CACHE="1")
    client.force_login(user)
    return client


def measure(client: Client, path: str, params, runs: int) -> tuple[float, float, float, int]:
    """Median and p90 of the wall time, median of the app process's own CPU time (the database's work and the
    time other processes hold the CPU are not in it: steadier on a shared machine), and the queries made."""
    client.get(path, params())  # warm-up: templates compiled and loaded once, as in a running server
    samples, cpu, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, params())
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.9) - 1)], statistics.median(cpu), queries


def round_trip_ms(runs: int = 50) -> float:
    """The median time of `SELECT 1`: what one query costs on this database before it does any work."""
    samples = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            start = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", help="name of one page to profile with cProfile")
    parser.add_argument("--no-cache", action="store_true", help="no cache at all (default: pass the page cache only)")
    args = parser.parse_args()
    anonymous, signed_in = Client(HTTP_X_BENCH_NO_CACHE="1"), dashboard_client()
    table = pages()
    if args.profile:
        path, params = table[args.profile]
        client = signed_in if "dashboard" in args.profile else anonymous
        client.get(path, params())
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(path, params())
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        return
    print(
        f"{Facility.objects.published().count()} published facilities, {connection.vendor}, cache: {CACHE_MODE}; "
        f"{args.runs} runs each; one query's round trip (SELECT 1): {round_trip_ms():.2f} ms\n"
    )
    print("| page | median | p90 | app CPU (median) | queries |\n|---|---:|---:|---:|---:|")
    for name, (path, params) in table.items():
        client = signed_in if "dashboard" in name else anonymous
        median, p90, cpu, queries = measure(client, path, params, args.runs)
        print(f"| {name} | {median:.1f} ms | {p90:.1f} ms | {cpu:.1f} ms | {queries} |")
        facilities.open_now.local_now = facilities.queries.local_now = local_now  # the real clock again
        reset_queries()


if __name__ == "__main__":
    main()
