from django.conf import settings

from .elderly import elderly_mode_on


def site(request) -> dict:
    return {"SITE_NAME": settings.SITE_NAME, "ICP_NUMBER": settings.ICP_NUMBER}


def elderly_mode(request) -> dict:
    """ELDERLY_MODE is true when the resident has switched 长者模式 on."""
    return {"ELDERLY_MODE": elderly_mode_on(request)}
