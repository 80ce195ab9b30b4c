from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """What every app that takes residents' submissions shares (requests now, activity sign-ups next):
    tracking codes, phone and text checks, rate limits, the personal-data guard and place pools."""

    name = "intake"
    verbose_name = _("居民登记公共部件")
