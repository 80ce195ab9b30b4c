"""procrastinate's schema is PostgreSQL (PL/pgSQL functions, LISTEN/NOTIFY): its migrations run only there.
On SQLite they are recorded as applied without running, and the queue lives in memory (notices.queue)."""

from django.db import connections


class QueueSchemaRouter:
    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "procrastinate" and connections[db].vendor != "postgresql":
            return False
        return None
