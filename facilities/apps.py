from django.apps import AppConfig
from django.db.models.signals import post_delete, post_init, post_save
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("设施")

    def ready(self) -> None:
        from .models import OpeningPeriod, intervals

        # The stored opening intervals follow every single write of a weekly period (bulk writes: the queryset).
        post_init.connect(intervals.period_loaded, sender=OpeningPeriod, dispatch_uid="opening_interval_loaded")
        post_save.connect(intervals.period_saved, sender=OpeningPeriod, dispatch_uid="opening_interval_saved")
        post_delete.connect(intervals.period_deleted, sender=OpeningPeriod, dispatch_uid="opening_interval_deleted")
