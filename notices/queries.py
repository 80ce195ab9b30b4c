"""Reads of the notices app."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Notice, WorkerHeartbeat


@dataclass(frozen=True)
class WorkerStatus:
    ok: bool
    last_job_at: datetime | None
    backend: str
    waiting_notices: int

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "last_job_at": self.last_job_at.isoformat() if self.last_job_at else None,
            "backend": self.backend,
            "waiting_notices": self.waiting_notices,
        }


def worker_status(*, now: datetime | None = None, stale_minutes: int | None = None) -> WorkerStatus:
    """Whether some worker ran its heartbeat job recently (it runs every minute)."""
    now = now or timezone.now()
    stale = timedelta(minutes=stale_minutes or settings.WORKER_STALE_MINUTES)
    beat = WorkerHeartbeat.objects.filter(name="worker").first()
    waiting = Notice.objects.due(now=now).count()
    if beat is None:
        return WorkerStatus(False, None, "", waiting)
    return WorkerStatus(now - beat.beat_at <= stale, beat.beat_at, beat.backend, waiting)


def notices_needing_staff():
    return Notice.objects.needing_staff().order_by("-created_at")


def digest_wanted(user) -> bool:
    preference = getattr(user, "notice_preference", None)
    return True if preference is None else preference.morning_digest
