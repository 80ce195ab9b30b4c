"""An optional read replica (off by default; on when DATABASE_REPLICA_URL is set).

Anonymous public reads go to the replica. Everything else stays on the primary: writes, reads outside a
request (commands, migrations), signed-in staff, any request that is not GET/HEAD, the rest of a request
once it has written, and a visitor's next requests for REPLICA_STICKY_SECONDS after a write (a cookie set
on the write's response), so nobody misses their own change because the replica lags behind.
"""

from contextvars import ContextVar, Token

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "wanli_primary"

_reads_from_replica: ContextVar[bool] = ContextVar("wanli_reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def allow_replica_reads(allowed: bool) -> Token:
    """Called per request by ReplicaRoutingMiddleware; reset with `restore_replica_reads(token)`."""
    return _reads_from_replica.set(allowed)


def restore_replica_reads(token: Token) -> None:
    _reads_from_replica.reset(token)


def request_may_read_replica(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and STICKY_COOKIE not in request.COOKIES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if _reads_from_replica.get() and replica_configured():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        # Once a request writes, its later reads must see that write: pin them to the primary.
        _reads_from_replica.set(False)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY  # the replica follows the primary by replication, never by migrate
