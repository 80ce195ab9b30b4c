"""Settings for the test suite: DATABASE_URL chooses SQLite (default) or PostgreSQL."""

from .base import *  # noqa: F403
from .base import env
from .connections import cache_config

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": cache_config(env("TEST_CACHE_URL", default="locmemcache://wanli-test"))}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
