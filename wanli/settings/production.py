"""Production: every secret comes from the environment and has no default, so a missing one stops start-up.

`DJANGO_SETTINGS_MODULE=wanli.settings.production python manage.py check --deploy` reports no issues when
the variables in .env.example are set (tests/wanli/test_settings.py runs it).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env
from .connections import cache_config, database_config
from .required import REQUIRED_IN_PRODUCTION

_missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
if _missing:
    # All of them at once, so whoever deploys fixes the environment in one go (see .env.example).
    raise ImproperlyConfigured(
        f"Production needs these environment variables (see .env.example): {', '.join(_missing)}"
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be a real secret of at least 50 characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names (and never '*').")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[]) or [f"https://{host}" for host in ALLOWED_HOSTS]

DATABASES["default"] = database_config(env("DATABASE_URL"))  # noqa: F405
WARN_ON_SQLITE = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool("DATABASE_POOL", default=False):  # noqa: F405
    # psycopg's pool inside each process; Django requires persistent connections off with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
        "timeout": 10,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# A shared cache (Redis) is required: with a per-process cache, one app server would keep serving a page
# that another server's edit has made stale.
CACHES = {"default": cache_config(env("CACHE_URL"))}
if CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache":
    raise ImproperlyConfigured("CACHE_URL must point at Redis in production (redis://host:6379/1).")

# E-mail: only SMTP turns the password reset on. Without EMAIL_URL, handler notifications are printed as in
# development, but no reset mail is ever sent, since it would print a working reset link into the log.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(env.email_url_config(EMAIL_URL))
PASSWORD_RESET_ENABLED = EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"  # noqa: F405
if PASSWORD_RESET_ENABLED and not SITE_URL.startswith("https://"):  # noqa: F405
    # Reset links are built from SITE_URL (not the Host header): the default would send staff to 127.0.0.1.
    raise ImproperlyConfigured(
        "With an SMTP EMAIL_URL, SITE_URL must be the site's https:// address (reset links use it)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer's health check comes in over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True

# Hashed, compressed (gzip and Brotli) static files from whitenoise; hashed names are cached for a year.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# Media on S3-compatible object storage when a bucket is named (several app servers need one shared store).
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "access_key": env("MEDIA_S3_ACCESS_KEY", default=""),
            "secret_key": env("MEDIA_S3_SECRET_KEY", default=""),
            "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Photos then come from the bucket's host: allow it as an image source.
    _media_host = env("MEDIA_S3_CUSTOM_DOMAIN", default="") or urlsplit(env("MEDIA_S3_ENDPOINT_URL", default="")).netloc
    if _media_host:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"https://{_media_host}")  # noqa: F405

LOGGING["loggers"] = {  # noqa: F405
    "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
}
