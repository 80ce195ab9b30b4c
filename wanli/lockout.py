"""django-axes' database handler with two limits: per user name on an address, and per address across names.

axes compares every lockout parameter set with one AXES_FAILURE_LIMIT. The portal needs a higher limit for
the address alone (AXES_ADDRESS_FAILURE_LIMIT): five typos lock one name on one address, while password
spraying (a few guesses at each of many names) locks the whole address once it passes the higher limit.
Settings: AXES_HANDLER = "wanli.lockout.LockoutHandler", AXES_LOCKOUT_PARAMETERS = [["username",
"ip_address"], "ip_address"], in that order.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_name, per_address = (_failures(attempts) for attempts in self.get_user_attempts(request, credentials))
        if per_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_by_address = True  # the lockout page says so
            # Reported as reaching the per-name limit, which is the one number axes compares with.
            return max(per_name, get_failure_limit(request, credentials))
        return per_name

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # Only the name that signed in: anyone holding one account must not be able to clear the failures
        # an address has piled up against other names.
        count, _ = self.filter_user_attempts(request, credentials)[0].delete()
        return count
