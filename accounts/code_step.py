"""The half-finished sign-in between the password and the authenticator code, kept in the session.

The session is not signed in during this step: the code completes `django.contrib.auth.login`, so a page that
asks for a signed-in user never sees someone who has given only the password.
"""

import time
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.base_user import AbstractBaseUser

SESSION_KEY = "accounts_code_step"


@dataclass(frozen=True)
class CodeStep:
    user: AbstractBaseUser
    backend: str
    next_url: str
    admin: bool  # started at the admin's sign-in page: the code is asked in the admin's look


def begin(request, *, user, next_url: str, admin: bool) -> None:
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "admin": admin,
        "until": time.time() + settings.TWO_FACTOR_CODE_STEP_SECONDS,
    }


def current(request) -> CodeStep | None:
    """The step under way, or None when there is none or it has expired (then the password is asked again)."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    user = get_user_model()._default_manager.filter(pk=data["user"], is_active=True).first()
    if data["until"] < time.time() or data["backend"] not in settings.AUTHENTICATION_BACKENDS or user is None:
        clear(request)
        return None
    return CodeStep(user=user, backend=data["backend"], next_url=data["next"], admin=data["admin"])


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)


def finish(request, step: CodeStep, device) -> None:
    """Signs the user in, with the session marked as verified by `device` (request.user.is_verified())."""
    clear(request)
    auth_login(request, step.user, backend=step.backend)
    django_otp.login(request, device)
