"""System checks of the portal's own settings (`manage.py check`; migrate and runserver run them too),
registered in wanli/apps.py."""

from django.conf import settings
from django.core.checks import Warning

SQLITE_ENGINE = "django.db.backends.sqlite3"


def sqlite_in_production(app_configs, **kwargs) -> list[Warning]:
    """SQLite in production is for a trial: one writer at a time, one server, no read replica."""
    if not settings.WARN_ON_SQLITE:
        return []
    return [
        Warning(
            f"DATABASES[{alias!r}] is SQLite: fit for a trial only. It takes one write at a time (others wait "
            "or fail when busy) and cannot be shared by several app servers.",
            hint="Set DATABASE_URL to PostgreSQL, e.g. postgres://user:password@host:5432/wanli (docs/deployment.md).",
            id="wanli.W001",
        )
        for alias, database in settings.DATABASES.items()
        if database["ENGINE"] == SQLITE_ENGINE
    ]
