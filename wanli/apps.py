from django.apps import AppConfig
from django.core.checks import register
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WanliConfig(AppConfig):
    name = "wanli"
    verbose_name = _("门户")

    def ready(self) -> None:
        from . import checks, signals
        from .roles import sync_roles_after_migrate

        signals.connect_content_version_receivers()
        register(checks.sqlite_in_production)

        # Sent once per app; listening for this (last-installed) app runs it once, after every app's permissions.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="wanli.sync_roles")
