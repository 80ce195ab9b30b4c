"""A circuit breaker for Redis, so a Redis that is down or hung costs one short timeout, not one per call.

After a connection error or timeout the breaker opens: for `circuit_breaker_seconds` every command of this
process fails at once, without touching the network; then the next command tries Redis again. The state is
per process and per connection pool (one pool per Redis URL). django-redis turns the failures into "no
cache" (IGNORE_EXCEPTIONS), and the limit counters fall back to local memory (safeguards.counters).

Used through django-redis: OPTIONS["CONNECTION_POOL_CLASS"] = "safeguards.redis_breaker.CircuitBreakerConnectionPool".
"""

import logging
import threading
import time
import weakref

import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DEFAULT_OPEN_SECONDS = 10.0
_FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class CircuitBreaker:
    """Open for `open_seconds` after a failure; closed otherwise. Thread-safe, process-local."""

    def __init__(self, open_seconds: float, *, name: str = "redis"):
        self.open_seconds = open_seconds
        self.name = name
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException) -> None:
        with self._lock:
            was_open = self.is_open
            self._open_until = time.monotonic() + self.open_seconds
        if not was_open:
            logger.warning("%s unavailable (%s): not trying it again for %s s.", self.name, error, self.open_seconds)

    def refuse_while_open(self) -> None:
        if self.is_open:
            raise RedisConnectionError(f"{self.name} skipped for a while after a failure (circuit breaker open)")

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0


class _BreakerConnectionMixin:
    """Mixed into the pool's own connection class (TCP, TLS or Unix socket), so each keeps its transport."""

    breaker: CircuitBreaker

    def connect_check_health(self, *args, **kwargs):
        self.breaker.refuse_while_open()
        try:
            return super().connect_check_health(*args, **kwargs)
        except _FAILURES as error:
            self.breaker.trip(error)
            raise

    def send_packed_command(self, *args, **kwargs):
        self.breaker.refuse_while_open()
        try:
            return super().send_packed_command(*args, **kwargs)
        except _FAILURES as error:
            self.breaker.trip(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except _FAILURES as error:
            self.breaker.trip(error)
            raise


class CircuitBreakerConnectionPool(redis.ConnectionPool):
    """A redis-py connection pool whose connections share one CircuitBreaker (`self.breaker`)."""

    _instances: "weakref.WeakSet[CircuitBreakerConnectionPool]" = weakref.WeakSet()

    @classmethod
    def reset_all(cls) -> None:
        """Closes every breaker of this process (tests; an operator who knows Redis is back)."""
        for pool in list(cls._instances):
            pool.breaker.reset()

    def __init__(
        self,
        connection_class=redis.Connection,
        max_connections=None,
        *,
        circuit_breaker_seconds: float = DEFAULT_OPEN_SECONDS,
        **connection_kwargs,
    ):
        self.breaker = CircuitBreaker(
            circuit_breaker_seconds,
            name=f"Redis {connection_kwargs.get('host') or connection_kwargs.get('path', '')}:{connection_kwargs.get('port', '')}",
        )
        breaking_class = type(
            f"CircuitBreaker{connection_class.__name__}",
            (_BreakerConnectionMixin, connection_class),
            {"breaker": self.breaker},
        )
        super().__init__(connection_class=breaking_class, max_connections=max_connections, **connection_kwargs)
        self._instances.add(self)
