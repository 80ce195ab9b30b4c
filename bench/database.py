"""An empty benchmark database, made afresh for each run (`make bench` and `make bench-http`).

PostgreSQL by default (BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/wanli_bench): the database
named in the URL is dropped and created again, so every run starts from the same empty state. SQLite only on
request (BENCH_DATABASE_URL=sqlite:///…): the file is removed.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wanli_bench"


def bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def fresh_database(url: str) -> str:
    """Drops and recreates the database at `url` (a PostgreSQL database or a SQLite file); returns `url`."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(unquote(parts.path)[1:] if parts.path.startswith("//") else unquote(parts.path))
        path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return url
    if not parts.scheme.startswith(("postgres", "pgsql")):
        raise SystemExit(f"BENCH_DATABASE_URL: only PostgreSQL or SQLite, not {parts.scheme}")
    import psycopg
    from psycopg import sql

    name = unquote(parts.path.lstrip("/"))
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit("BENCH_DATABASE_URL must name a database of its own (it is dropped on every run)")
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url
