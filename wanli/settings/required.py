"""The environment variables production cannot start without (read by production.py and by the tests that
check the deployment files, the benchmark and the audit pass them all)."""

# SITE_URL: QR codes on posters and the shortlist, open-data links and e-mailed links are built from it; the
# development default (127.0.0.1) would print codes that lead nowhere.
REQUIRED_IN_PRODUCTION = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "SITE_URL"]
