"""Benchmarks for nearby search, the life-circle matrix and the one search (`make bench`). Not tests: they
print figures. `bench/run.py search` (or `nearby`, `lifecircle`) runs one of them alone.

Runs on PostgreSQL by default: the database BENCH_DATABASE_URL names (postgres://postgres@127.0.0.1:5432/wanli_bench
unless set) is dropped and created afresh (bench/database.py). SQLite only on request:
BENCH_DATABASE_URL=sqlite:///tmp/bench.sqlite3. Prints Markdown for docs/benchmarks.md.
"""

import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.database import bench_database_url, fresh_database  # noqa: E402

os.environ["DATABASE_URL"] = fresh_database(bench_database_url())
os.environ["DJANGO_SETTINGS_MODULE"] = "wanli.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from facilities.demo import DEMO_CENTRE, generate_demo_estates, generate_demo_facilities  # noqa: E402
from facilities.geo import Point, haversine_m, walking_minutes, within_target  # noqa: E402
from facilities.models import Estate, Facility, FacilityKind  # noqa: E402
from facilities.queries import nearby_hits, public_facilities  # noqa: E402
from facilities.seed import seed_facilities  # noqa: E402
from lifecircle.queries import categories, compute_coverage, coverage_matrix  # noqa: E402
from lifecircle.seed import seed_life_circle_categories  # noqa: E402
from publishing.publishable import PublicationStatus  # noqa: E402
from search.queries import FacilitySource, Vocabulary, parse_query, search  # noqa: E402
from search.seed import seed_search_synonyms  # noqa: E402
from search.views import search_results  # noqa: E402
from services.models import Service, ServiceCategory  # noqa: E402
from services.seed import seed_services  # noqa: E402

ORIGIN = Point(*DEMO_CENTRE)
LOCAL_ROWS = 200  # places within about 1.5 km of the origin: the same in every table size
RADIUS = 1000


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def add_bench_facilities(count: int, *, local: bool, start: int, rng: random.Random, kind) -> None:
    """`local` rows scatter within ±0.013° (about 1.4 km) of the origin; the others over all of Shanghai."""
    rows = []
    for n in range(start, start + count):
        if local:
            lat = DEMO_CENTRE[0] + rng.uniform(-0.013, 0.013)
            lng = DEMO_CENTRE[1] + rng.uniform(-0.013, 0.013)
        else:
            lat, lng = rng.uniform(30.7, 31.85), rng.uniform(120.9, 122.1)
        rows.append(
            Facility(
                slug=f"bench-{n:06d}",
                name=f"基准设施 {n:06d}",
                kind=kind,
                is_demo=True,
                location_verified=True,
                latitude=Decimal(f"{lat:.6f}"),
                longitude=Decimal(f"{lng:.6f}"),
                publication_status=PublicationStatus.PUBLISHED,
            )
        )
    Facility.objects.bulk_create(rows, batch_size=1000)


def naive_all_rows() -> list:
    """For contrast: every located row fetched and measured, no box."""
    rows = Facility.objects.published().located().values_list("pk", "latitude", "longitude")
    hits = [(haversine_m(ORIGIN.latitude, ORIGIN.longitude, float(a), float(b)), pk) for pk, a, b in rows]
    return sorted(h for h in hits if h[0] <= RADIUS)


def query_plan() -> list[str]:
    queryset = (
        public_facilities()
        .prefetch_related(None)
        .located()
        .filter(latitude__gte=31.25, latitude__lte=31.27, longitude__gte=121.39, longitude__lte=121.41)
        .order_by()
        .values_list("pk", "latitude", "longitude")
    )
    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(c) for c in row) for row in cursor.fetchall()]


def nearby_benchmark(out: list[str]) -> None:
    rng = random.Random(10_000)
    kind, _ = FacilityKind.objects.get_or_create(slug="bench", defaults={"name": "基准类型"})
    add_bench_facilities(LOCAL_ROWS, local=True, start=0, rng=rng, kind=kind)
    client = Client()
    url = f"/facilities/?near={ORIGIN.latitude},{ORIGIN.longitude}&radius={RADIUS}"
    out.append(
        "| rows in table | rows in the box | rows within 1 km | nearby query (box) | no box (all rows measured) | page `/facilities/?near=…` | page `/facilities/` (no near, for reference) |"
    )
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    made = LOCAL_ROWS
    for total in (1_000, 10_000):
        add_bench_facilities(total - made, local=False, start=made, rng=rng, kind=kind)
        made = total
        from facilities.geo import bounding_box

        in_box = Facility.objects.located().within(bounding_box(ORIGIN, RADIUS)).count()
        within = len(nearby_hits(Facility.objects.published(), origin=ORIGIN, radius_m=RADIUS))
        box_ms = median_ms(lambda: nearby_hits(public_facilities(), origin=ORIGIN, radius_m=RADIUS), 30)
        page_ms = median_ms(lambda: client.get(url), 15)
        plain_ms = median_ms(lambda: client.get("/facilities/"), 15)
        naive_ms = median_ms(naive_all_rows, 10)
        out.append(
            f"| {total:,} | {in_box} | {within} | {box_ms:.1f} ms | {naive_ms:.1f} ms | {page_ms:.0f} ms | {plain_ms:.0f} ms |"
        )
    out.append("")
    out.append("Query plan of the nearby prefilter (10,000 rows):")
    out.append("")
    out.append("```")
    out.extend(query_plan())
    out.append("```")
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM facilities_facility WHERE slug LIKE 'bench-%%'"
            if connection.vendor != "sqlite"
            else "DELETE FROM facilities_facility WHERE slug LIKE 'bench-%'"
        )


def life_circle_benchmark(out: list[str]) -> None:
    seed_facilities()
    seed_services()
    seed_life_circle_categories()
    generate_demo_facilities(count=5_000)
    generate_demo_estates(count=200)
    estates = Estate.objects.located().count()
    facilities = Facility.objects.published().located().count()
    cats = categories()
    compute_ms = median_ms(compute_coverage, 5)
    coverage_matrix()
    cached_ms = median_ms(coverage_matrix, 50)
    matrix = compute_coverage()

    def brute_force():
        points = list(Facility.objects.published().located().values_list("kind_id", "latitude", "longitude"))
        for estate in Estate.objects.located():
            for category in cats:
                kinds = {k.pk for k in category.kinds.all()}
                best = min(
                    (
                        haversine_m(float(estate.latitude), float(estate.longitude), float(a), float(b))
                        for kind, a, b in points
                        if kind in kinds
                    ),
                    default=None,
                )
                if best is not None:
                    within_target(walking_minutes(best), category.target_minutes)

    brute_ms = median_ms(brute_force, 1)
    out.append(
        "| estates | facilities | categories | matrix computed (grid) | matrix from cache | all pairs, no grid (for contrast) | gaps found |"
    )
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    out.append(
        f"| {estates} | {facilities:,} | {len(cats)} | {compute_ms:.0f} ms | {cached_ms:.2f} ms | {brute_ms:.0f} ms | {matrix.gap_count} |"
    )

    generate_demo_facilities(count=10_000)
    dense = Facility.objects.published().located().count()
    out.append("")
    out.append(
        f"Worst case for nearby search: {dense:,} demo places all within about 2 km of the origin "
        "(the box then holds most of the table):"
    )
    out.append("")
    out.append("| radius | rows within radius | nearby query | whole page |")
    out.append("|---:|---:|---:|---:|")
    client = Client()
    for radius in (300, 1000):
        within = len(nearby_hits(public_facilities(), origin=ORIGIN, radius_m=radius))
        query_ms = median_ms(lambda r=radius: nearby_hits(public_facilities(), origin=ORIGIN, radius_m=r), 10)
        page_ms = median_ms(
            lambda r=radius: client.get(f"/facilities/?near={ORIGIN.latitude},{ORIGIN.longitude}&radius={r}"), 5
        )
        out.append(f"| {radius} m | {within:,} | {query_ms:.1f} ms | {page_ms:.1f} ms |")


SEARCH_QUERIES = ["吃饭", "托育", "骑手", "香泉 食堂", "xiangquan", "长者食堂"]
SEARCH_SERVICES = 1_000


def add_bench_services(count: int, rng: random.Random) -> None:
    """Published demo services in random sub-categories, named like demo data (no real word matches them)."""
    categories = list(ServiceCategory.objects.filter(parent__isnull=False))
    Service.objects.bulk_create(
        [
            Service(
                slug=f"bench-service-{n:05d}",
                name=f"演示服务 {n:05d}",
                name_en=f"Demo service {n:05d}",
                category=rng.choice(categories),
                summary="演示数据，不是真实服务。",
                publication_status=PublicationStatus.PUBLISHED,
            )
            for n in range(count)
        ],
        batch_size=500,
    )


def facility_match(query: str):
    """The facility match of `query` alone: the one query whose cost could grow with the table."""
    source = FacilitySource()
    parsed = parse_query(query, Vocabulary.load())
    return source.candidates(parsed, source.links(parsed))


def search_plan(query: str) -> list[str]:
    sql, params = facility_match(query).query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(c) for c in row) for row in cursor.fetchall()]


def search_benchmark(out: list[str]) -> None:
    from django.test import RequestFactory

    seed_facilities()
    seed_services()
    seed_search_synonyms()
    add_bench_services(SEARCH_SERVICES, random.Random(16))
    requests = RequestFactory()
    header = "| facilities | services | " + " | ".join(f"`{q}`" for q in SEARCH_QUERIES)
    out.append(header + " | page `/search/?q=吃饭` | facility match query alone: `吃饭` / `香泉 食堂` |")
    out.append("|---:|---:|" + "---:|" * (len(SEARCH_QUERIES) + 2))
    for total in (500, 5_000):
        generate_demo_facilities(count=total - Facility.objects.filter(is_demo=False).count())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # as autovacuum would: merges the GIN pending list
        facilities = Facility.objects.published().count()
        cells = []
        for query in SEARCH_QUERIES:
            found = search(query=query, language="zh-hans").total
            ms = median_ms(lambda q=query: search(query=q, language="zh-hans"), 20)
            cells.append(f"{ms:.1f} ms ({found:,} found)")

        def page():
            request = requests.get("/search/", {"q": "吃饭"})
            request.LANGUAGE_CODE = "zh-hans"
            return search_results(request)

        page_ms = median_ms(page, 10)
        match_ms = [median_ms(lambda q=q: list(facility_match(q)), 20) for q in ("吃饭", "香泉 食堂")]
        services = Service.objects.published().count()
        out.append(
            f"| {facilities:,} | {services:,} | "
            + " | ".join(cells)
            + f" | {page_ms:.0f} ms | {match_ms[0]:.1f} ms / {match_ms[1]:.1f} ms |"
        )
    for query in ("吃饭", "香泉 食堂"):
        out.append("")
        out.append(f"Query plan of the facility match for `{query}` ({facilities:,} facilities):")
        out.append("")
        out.append("```")
        out.extend(search_plan(query))
        out.append("```")
    Service.objects.filter(slug__startswith="bench-service-").delete()


def nearby_section(out: list[str]) -> None:
    out.append("### Nearby search: cost follows the box, not the table")
    out.append("")
    out.append(
        f"{LOCAL_ROWS} places lie within about 1.4 km of the origin; the rest of the table is spread over "
        f"Shanghai. Radius {RADIUS} m."
    )
    out.append("")
    nearby_benchmark(out)
    out.append("")


def main() -> None:
    call_command("migrate", verbosity=0)
    only = set(sys.argv[1:]) or {"nearby", "lifecircle", "search"}
    out = [
        f"Database: {connection.vendor} · Python {platform.python_version()} · {platform.machine()} · "
        f"{os.cpu_count()} cores · medians",
        "",
    ]
    if "search" in only:
        out.append("### One search: facilities and services")
        out.append("")
        out.append(
            f"The real seed plus demo facilities (random kinds) up to the total, and {SEARCH_SERVICES:,} demo "
            "services in random categories. `search()` alone, and the whole page without the page cache."
        )
        out.append("")
        search_benchmark(out)
        out.append("")
        if only != {"search"}:
            Facility._base_manager.filter(is_demo=True).delete()
    if "nearby" in only:
        nearby_section(out)
    if "lifecircle" in only:
        out.append("### Life-circle coverage matrix")
        out.append("")
        life_circle_benchmark(out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
