"""The environment variables production cannot start without (read by production.py and by the tests that
check the deployment files, the benchmark and the audit pass them all)."""

REQUIRED_IN_PRODUCTION = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"]
