"""DATABASE_URL and CACHE_URL turned into DATABASES and CACHES entries, with the options the site needs on
SQLite and on Redis. base.py, production.py and test.py each call these for the URLs they read."""

import environ

env = environ.Env()  # reads os.environ, into which base.py has already loaded .env

# SQLite allows one writer at a time. A transaction that starts by reading and then writes cannot wait its
# turn (SQLite answers "database is locked" at once rather than deadlock), so every transaction takes the
# write lock when it begins (IMMEDIATE) and waits up to this many seconds for it (below gunicorn's timeout).
# WAL lets readers go on while someone writes.
SQLITE_BUSY_TIMEOUT_SECONDS = 20


def database_config(url: str) -> dict:
    """DATABASE_URL as a DATABASES entry; SQLite gets the options above (a URL's own options win)."""
    config = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL")
    return config


def cache_config(url: str) -> dict:
    """CACHE_URL as a CACHES entry. A Redis outage must degrade to "no cache", never to errors or slow pages,
    so Redis gets django-redis's exception-ignoring mode, short socket timeouts and a circuit breaker: after
    a failure each process leaves Redis alone for REDIS_CIRCUIT_BREAKER_SECONDS (safeguards.redis_breaker)."""
    config = env.cache_url_config(url)
    if config["BACKEND"] == "django_redis.cache.RedisCache":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("IGNORE_EXCEPTIONS", True)
        options.setdefault("SOCKET_CONNECT_TIMEOUT", 0.25)
        options.setdefault("SOCKET_TIMEOUT", 0.25)
        options.setdefault("CONNECTION_POOL_CLASS", "safeguards.redis_breaker.CircuitBreakerConnectionPool")
        options.setdefault("CONNECTION_POOL_KWARGS", {}).setdefault(
            "circuit_breaker_seconds",
            env.float("REDIS_CIRCUIT_BREAKER_SECONDS", default=10.0),
        )
    return config
