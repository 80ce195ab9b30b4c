"""gunicorn settings, read from the environment (documented in .env.example).

gunicorn -c gunicorn.conf.py wanli.wsgi:application
"""

import multiprocessing
import os
import sys

# The project's folder, so the access log can mask reset links with the same rule as Django's logs.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safeguards.access_log import ClientAddressLogger  # noqa: E402
from wanli.log_masking import mask_reset_tokens  # noqa: E402

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Processes × threads per process. The default is the classic 2 × cores + 1 single-threaded ("sync")
# processes: with the page cache in front, a request spends its time rendering (CPU), not waiting for
# PostgreSQL or Redis, so threads add little. They also cost evenness: a threaded worker keeps idle
# keep-alive connections, and in the load benchmark every connection sometimes landed on one process
# while the other sat idle, halving throughput. A sync worker answers one request per connection, so
# the kernel spreads the next one to whichever process is free. Threads (GUNICORN_THREADS > 1) suit a
# server whose database is far away.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak can never grow without bound (0 = never, for benchmarks).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# No control socket: it is one fixed path per user, shared by every gunicorn on the machine.
control_socket_disable = True
# Only the load balancer / nginx in front may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# "-" is standard output; empty turns the access log off (benchmarks).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


class MaskingLogger(ClientAddressLogger):
    """The access log prints request lines, and a password-reset link's path is a working credential: the
    user id and token in /accounts/reset/<uid>/<token>/ are logged as *** (wanli/log_masking.py).
    %(h)s is the client's address from X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies, as the rate
    limits and django-axes see it, not nginx's address (safeguards/access_log.py)."""

    def atoms(self, resp, req, environ, request_time):
        # Every atom, not only the request line: the path also comes as %(U)s, {raw_uri}e, the Referer …
        return {
            key: mask_reset_tokens(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = MaskingLogger
# Temporary request files in memory, not on a possibly slow container disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
