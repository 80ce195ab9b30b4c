from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WanliConfig(AppConfig):
    name = "wanli"
    verbose_name = _("门户")

    def ready(self) -> None:
        from . import signals

        signals.connect_content_version_receivers()
