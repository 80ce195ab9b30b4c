from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifeCircleConfig(AppConfig):
    name = "lifecircle"
    verbose_name = _("15分钟社区生活圈")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the cache invalidation)
