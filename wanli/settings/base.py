"""Settings shared by every environment. Values that differ come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Imported here so SQLITE_BUSY_TIMEOUT_SECONDS stays a setting, as before it moved.
from .connections import SQLITE_BUSY_TIMEOUT_SECONDS, cache_config, database_config  # noqa: F401

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
# Reverse proxies in front of the site that each append to X-Forwarded-For (nginx: 1). The client's address
# is then the N-th entry from the right, for the rate limits, django-axes and the access log alike
# (safeguards.client_address); 0 trusts only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "csp",
    "corsheaders",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "procrastinate.contrib.django",
]
LOCAL_APPS = [
    "accounts",
    "notices",
    "publishing",
    "intake",
    "facilities",
    "services",
    "casework",
    "activities",
    "lifecircle",
    "reports",
    "opendata",
    "search",
    "wanli",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# Order matters: the security headers wrap everything (static files included); the page cache sits inside
# the CSP middleware (so a cached page gets a fresh nonce and header) and before sessions, locale, CSRF and
# authentication (a hit needs none of them; signed-in staff bypass it by their session cookie, and after the
# view nothing that set a cookie, used a CSRF token or served a signed-in user is stored); the replica
# router decides per request where reads go.
MIDDLEWARE = [
    # Only when BENCHMARK is on (the server time of each answer, for `make bench-http`); otherwise not loaded.
    "wanli.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache and CommonMiddleware, so cached answers and redirects carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wanli.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, locale, CSRF and authentication: a cached page for an anonymous visitor needs none of
    # them, so a hit skips their work. On a miss they run as usual, inside it.
    "wanli.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "wanli.middleware.SignedInNeverCachedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The two-factor rules (accounts/middleware.py): after django-otp and messages, which it uses.
    "accounts.middleware.TwoFactorMiddleware",
    "wanli.middleware.ReplicaRoutingMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Login safety (see README "Login safety"). The lockout backend comes first so a locked-out person is refused
# before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "wanli.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Failed logins from one address across all user names before the address itself is locked (password spraying).
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=30)
if AXES_ADDRESS_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_ADDRESS_FAILURE_LIMIT must be higher than AXES_FAILURE_LIMIT.")
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Lock the pair (user name, IP address), so a colleague mistyping elsewhere does not lock everybody out, and
# the address across names at the higher limit (wanli.lockout.LockoutHandler reads the sets in this order).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "wanli.lockout.LockoutHandler"
# The client's address as the rate limits and the access log see it (TRUSTED_PROXY_COUNT, above).
AXES_CLIENT_IP_CALLABLE = "safeguards.client_address.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "wanli/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Two-factor sign-in (django-otp, TOTP authenticator apps): optional for everyone; with this on, every admin
# page needs a session signed in with the code, and staff without an authenticator are sent to set one up.
ADMIN_REQUIRE_TWO_FACTOR = env.bool("ADMIN_REQUIRE_TWO_FACTOR", default=False)
# The name authenticator apps list the account under (kept ASCII, so every app shows it as written).
OTP_TOTP_ISSUER = "Wanli portal"
# Wrong codes: each one doubles the wait before the next try (1, 2, 4, 8 … seconds), and counts as a failed
# login for django-axes' lockout, like a wrong password.
OTP_TOTP_THROTTLE_FACTOR = 1
# Between the password and the code: how long the half-finished sign-in waits for the code.
TWO_FACTOR_CODE_STEP_SECONDS = 5 * 60
# Staff sessions end after 8 hours, and when the browser is closed.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "wanli.urls"
WSGI_APPLICATION = "wanli.wsgi.application"
ASGI_APPLICATION = "wanli.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wanli.context_processors.site",
                "wanli.context_processors.elderly_mode",
                "wanli.context_processors.contact",
            ],
        },
    },
]

DATABASES = {"default": database_config(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Production sets this: SQLite there is for a trial only, and `check` (run by migrate on start) says so.
WARN_ON_SQLITE = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Optional read replica (see docs/deployment.md). Off unless DATABASE_REPLICA_URL is set: anonymous public
# reads then go to the replica, while writes and a visitor's reads right after a write stay on the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["notices.routers.QueueSchemaRouter", "wanli.db_routers.PrimaryReplicaRouter"]
else:
    DATABASE_ROUTERS = ["notices.routers.QueueSchemaRouter"]
# After a visitor writes, their reads stay on the primary for this many seconds (longer than replication lag).
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=15)


CACHES = {"default": cache_config(env("CACHE_URL", default="locmemcache://wanli"))}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
# Not one traceback per cache call during an outage: the circuit breaker logs each outage once per process.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
# Public pages for anonymous visitors are cached at most this long (and never past the next time a
# published facility opens or closes, and never past a content change: see wanli/middleware.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# What the page cache lets browsers (max-age) and nginx or a CDN (s-maxage) keep of the same anonymous pages:
# short, since they cannot hear of a content change; never past the next opening or closing time either.
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=60)
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=10)
# Checks a cached answer still goes through (path prefix -> callable returning a refusal or None): the
# open-data API's per-client rate limit counts cached answers too.
PAGE_CACHE_HIT_GUARDS = {"/api/": "opendata.throttles.throttled_response"}
# Only when benchmarking (`make bench`): the /bench/floor view and a header that bypasses the page cache.
BENCHMARK = env.bool("BENCHMARK", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English complete. Chinese pages live at the root, English under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The site's own sign-in page (accounts app): managers need no staff flag, only their group or permission.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
ADMIN_URL = env("ADMIN_URL", default="admin/")

# Security headers on every response (production adds HTTPS, HSTS and secure cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# The nearby page asks for the visitor's position; nothing else the browser offers is used.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}


def tile_host_source(tile_url: str) -> str:
    """The CSP source for a tile URL template: `{s}.tile.example.org` becomes `*.tile.example.org`."""
    parts = urlsplit(tile_url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}" if host else ""


# No inline script without a nonce ({{ request.csp_nonce }}); no inline styles; no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # plus the map tile host, added below where MAP_TILE_URL is read
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Outgoing e-mail (handler notifications, staff password reset) as one URL, read by django-environ:
# smtp+tls://user:password@smtp.example.cn:587 (STARTTLS), smtps://user:password@smtp.example.cn:465 (TLS),
# consolemail:// (printed, for local development). Special characters in the password are %-encoded.
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
globals().update(env.email_url_config(EMAIL_URL))
# A mail server that does not answer must not hold a worker past gunicorn's timeout.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# Staff reset a forgotten password by e-mail where there is somewhere to send the mail; production allows SMTP
# only (production.py). Off: the reset addresses answer 404 and the sign-in page says to ask an administrator.
PASSWORD_RESET_ENABLED = bool(EMAIL_URL)
# A reset link signs its holder in as that member of staff: it works for two hours (Django's default: 3 days).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# Site-wide facts shown on every page.
SITE_NAME = _("万里社区服务门户")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# 备案号 of the site; empty until the street office files it.
ICP_NUMBER = env("ICP_NUMBER", default="")

FACILITIES_PER_PAGE = 20
SERVICES_PER_PAGE = 20
# Photo uploads: larger files or images with more pixels are refused before Pillow decodes them.
PHOTO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# Content older than this is flagged "needs review" for staff.
REVIEW_AFTER_DAYS = 180

# Residents' requests and corrections (casework app).
# Personal data of closed requests is anonymised this many days after closing (`manage.py purge_requests`).
CASEWORK_RETENTION_DAYS = env.int("CASEWORK_RETENTION_DAYS", default=180)
# Abuse limits: (how many, per how many seconds), counted in the cache per client address or phone number.
CASEWORK_RATE_LIMITS = {
    "request_ip": (env.int("CASEWORK_REQUESTS_PER_IP_HOUR", default=10), 3600),
    "request_phone": (env.int("CASEWORK_REQUESTS_PER_PHONE_DAY", default=3), 86400),
    "correction_ip": (env.int("CASEWORK_CORRECTIONS_PER_IP_HOUR", default=10), 3600),
    "track_ip": (env.int("CASEWORK_LOOKUPS_PER_IP_HOUR", default=30), 3600),
    "password_reset_ip": (env.int("PASSWORD_RESETS_PER_IP_HOUR", default=10), 3600),
    "password_reset_email": (env.int("PASSWORD_RESETS_PER_EMAIL_HOUR", default=3), 3600),
    "signup_ip": (env.int("ACTIVITY_SIGNUPS_PER_IP_HOUR", default=10), 3600),
    "signup_phone": (env.int("ACTIVITY_SIGNUPS_PER_PHONE_DAY", default=5), 86400),
    "signup_track_ip": (env.int("ACTIVITY_LOOKUPS_PER_IP_HOUR", default=30), 3600),
}
# --- Walking distances, nearby search and the map ------------------------------------------------------
# Walking speed in metres per minute. 60 m/min (1.0 m/s) is an unhurried pace chosen for a portal used by
# many elderly residents: below the 1.2–1.4 m/s usual for healthy adults, and close to the 3.5 ft/s
# (1.07 m/s) that the US MUTCD assumes when timing crossings for slower pedestrians. With the detour factor
# below, a 15-minute walk covers 900 m of street, the middle of the 800–1000 m that Shanghai's technical
# standard for the 15-minute community life circle gives for the central city.
WALKING_SPEED_M_PER_MIN = env.float("WALKING_SPEED_M_PER_MIN", default=60.0)
# Street distance divided by straight-line distance ("circuity" or "route directness"): measured at about
# 1.2–1.4 in urban street networks. 1.25 fits Wanli's grid of gated estates; raise it where walks detour more.
WALKING_DETOUR_FACTOR = env.float("WALKING_DETOUR_FACTOR", default=1.25)
if WALKING_SPEED_M_PER_MIN <= 0 or WALKING_DETOUR_FACTOR < 1:
    raise ImproperlyConfigured("WALKING_SPEED_M_PER_MIN must be > 0 and WALKING_DETOUR_FACTOR >= 1.")

# "Near me" search radius, in metres: the default, and the bounds a request may ask for.
NEARBY_DEFAULT_RADIUS_M = 1000
NEARBY_MIN_RADIUS_M = 100
NEARBY_MAX_RADIUS_M = 5000
# Coordinates accepted from staff and from "near me": Shanghai's extent (30°40′–31°53′ N, 120°52′–122°12′ E)
# with a margin of a few kilometres. Anything outside is a typing or copying mistake.
SERVICE_AREA = {"min_latitude": 30.6, "max_latitude": 31.95, "min_longitude": 120.8, "max_longitude": 122.3}
# The approximate centre of Wanli given by the source (WGS-84): where the map opens.
MAP_CENTRE = (31.26, 121.40)
MAP_ZOOM = 15
# Map tiles: a URL template Leaflet understands, their attribution, and the coordinate system the tiles are
# drawn in. OpenStreetMap tiles are WGS-84; Amap/Tencent tiles are GCJ-02, and then markers are shifted.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap contributors")
# The tile server's host is the only outside image source the Content-Security-Policy allows.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += list(filter(None, [tile_host_source(MAP_TILE_URL)]))
MAP_TILE_COORDINATES = env("MAP_TILE_COORDINATES", default="wgs84")
if MAP_TILE_COORDINATES not in ("wgs84", "gcj02"):
    raise ImproperlyConfigured("MAP_TILE_COORDINATES must be 'wgs84' or 'gcj02'.")
# At most this many markers on /map/ at once (the list under the map is paginated and shows every place).
MAP_MAX_MARKERS = 3000
MAP_LIST_PER_PAGE = 50

# The 15-minute life circle: how far to look for "the nearest place" of a category from an estate, and how
# long a computed coverage matrix is kept at most (saving or deleting a facility or estate clears it sooner).
LIFE_CIRCLE_SEARCH_RADIUS_M = 3000
LIFE_CIRCLE_CACHE_SECONDS = 60 * 60 * 24
# Staff import/export (django-import-export): imports run in one transaction; importing needs the
# "change" permission of the model, exporting the "view" permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # "Not Found: /accounts/reset/<uid>/<token>/" and the like are logged with the token masked.
    "filters": {"mask_reset_tokens": {"()": "wanli.log_masking.MaskResetTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_reset_tokens"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # procrastinate says at INFO, in every process and command, how it registered each task at start-up.
    "loggers": {
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}

# The open-data API (opendata app): read-only, public, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["opendata.throttles.OpenDataRateThrottle"],
    # HSDA has its own `format` parameter; DRF must not treat it as a renderer switch.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per client (IP address) to the open-data API, e.g. "600/min"; beyond it the API answers 429.
OPENDATA_THROTTLE_RATE = env("OPENDATA_THROTTLE_RATE", default="600/min")
# The open data may be read by a browser application on any site: every origin, no credentials (the API has
# no cookies or sessions to share), only under /api/ and only the read methods and HSDA's POST queries.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
SPECTACULAR_SETTINGS = {
    "TITLE": "万里社区服务门户 开放数据接口 (Wanli community-services portal open-data API)",
    "DESCRIPTION": (
        "Read-only open data of the Wanli sub-district office, Putuo District, Shanghai. `/api/hsds/` follows HSDA, "
        "the Open Referral API for HSDS 3.1 (Human Services Data Specification: an Open Referral resource, "
        "https://openreferral.org/, CC BY-SA 4.0). Only published records appear. See docs/open-data.md for "
        "harvesting (paging, `modified_after`, `format=ndjson`)."
    ),
    "SERVERS": [{"url": SITE_URL.rstrip("/"), "description": "万里社区服务门户"}],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "opendata.openapi.add_hsds_components"],
    "VERSION": "1.0.0",
    "LICENSE": {"name": "CC BY-SA 4.0 (HSDS schema)", "url": "https://creativecommons.org/licenses/by-sa/4.0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Background jobs (notices app, docs/deployment.md): procrastinate on PostgreSQL; on SQLite an in-memory queue
# in the worker process plus the outbox sweep. A failed job is retried JOB_RETRY_MAX_ATTEMPTS times in all,
# waiting JOB_RETRY_EXPONENTIAL_WAIT ** (attempt + 1) seconds (5, 25, 125, 625 s by default).
PROCRASTINATE_ON_APP_READY = "notices.queue.on_app_ready"
JOB_RETRY = {
    "max_attempts": env.int("JOB_RETRY_MAX_ATTEMPTS", default=5),
    "exponential_wait": env.int("JOB_RETRY_EXPONENTIAL_WAIT", default=5),
}
# `manage.py check_worker` fails when no worker has run a job for this many minutes.
WORKER_STALE_MINUTES = env.int("WORKER_STALE_MINUTES", default=5)

# Notices to residents by SMS: "console" (printed by the worker; development) or "tencent" (Tencent Cloud SMS).
SMS_BACKEND = env("SMS_BACKEND", default="console")
# No SMS from 21:00 to 08:00 Shanghai time (they wait until 08:00), and at most this many per phone per day.
SMS_QUIET_HOURS = (21, 8)
SMS_DAILY_CAP = env.int("SMS_DAILY_CAP", default=3)
# Key of the opt-out list's phone hashes; empty = SECRET_KEY (set it before rotating SECRET_KEY).
SMS_OPT_OUT_KEY = env("SMS_OPT_OUT_KEY", default="")
# Secret part of the reply-callback address given to the SMS provider (/notices/sms/inbound/<token>/);
# empty = the callback is switched off (404).
SMS_INBOUND_TOKEN = env("SMS_INBOUND_TOKEN", default="")
SMS_TENCENT = {
    "SECRET_ID": env("SMS_TENCENT_SECRET_ID", default=""),
    "SECRET_KEY": env("SMS_TENCENT_SECRET_KEY", default=""),
    "SDK_APP_ID": env("SMS_TENCENT_SDK_APP_ID", default=""),
    "SIGN_NAME": env("SMS_TENCENT_SIGN_NAME", default=""),
    "REGION": env("SMS_TENCENT_REGION", default="ap-guangzhou"),
    "ENDPOINT": env("SMS_TENCENT_ENDPOINT", default="sms.tencentcloudapi.com"),
    "SCHEME": env("SMS_TENCENT_SCHEME", default="https"),
    "TIMEOUT": env.int("SMS_TENCENT_TIMEOUT", default=10),
    # portal template=Tencent template id, comma-separated: casework.request_accepted=1234567,...
    "TEMPLATES": env.dict("SMS_TENCENT_TEMPLATES", default={}),
}
