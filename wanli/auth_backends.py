"""Authentication backends: django-axes' lockout check in front of Django's password check."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no HTTP request to check.

    Every login over the web (the admin login form) passes a request and is checked. Logins without one
    (`Client.login` in tests, the shell) cannot be brute-forced over the network, and axes would refuse them
    outright, so they go straight to the password backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
