from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .elderly import elderly_mode_on, elderly_option_on
from .models import CITIZEN_HOTLINE
from .queries import site_contact


def site(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ICP_NUMBER": settings.ICP_NUMBER,
        # Sign-in pages link to the password reset, or say to ask an administrator (wanli/password_reset.py).
        "PASSWORD_RESET_ENABLED": settings.PASSWORD_RESET_ENABLED,
    }


def elderly_mode(request) -> dict:
    """ELDERLY_MODE is true when the resident has switched 长者模式 on; LARGEST_TEXT (超大字) and LARGE_CURSOR
    (大鼠标) when they have also switched on that option of it."""
    return {
        "ELDERLY_MODE": elderly_mode_on(request),
        "LARGEST_TEXT": elderly_option_on(request, "largest-text"),
        "LARGE_CURSOR": elderly_option_on(request, "large-cursor"),
    }


def contact(request) -> dict:
    """SITE_CONTACT: the street office's hotline, address and hours (read only when a template uses them);
    CITIZEN_HOTLINE: 12345, the number that always works."""
    return {"SITE_CONTACT": SimpleLazyObject(site_contact), "CITIZEN_HOTLINE": CITIZEN_HOTLINE}
