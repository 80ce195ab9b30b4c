"""Cache invalidation only: any change to places, services, estates or categories clears the cached coverage matrix."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from facilities.models import Estate, Facility, FacilityKind
from services.models import Service, ServiceAtLocation

from .actions import coverage_invalidate
from .models import LifeCircleCategory


@receiver(post_save, sender=Facility)
@receiver(post_delete, sender=Facility)
@receiver(post_save, sender=Estate)
@receiver(post_delete, sender=Estate)
@receiver(post_save, sender=FacilityKind)
@receiver(post_delete, sender=FacilityKind)
@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=ServiceAtLocation)
@receiver(post_delete, sender=ServiceAtLocation)
@receiver(post_save, sender=LifeCircleCategory)
@receiver(post_delete, sender=LifeCircleCategory)
def _data_changed(sender, **kwargs) -> None:
    coverage_invalidate()


@receiver(m2m_changed, sender=LifeCircleCategory.kinds.through)
@receiver(m2m_changed, sender=LifeCircleCategory.service_categories.through)
def _category_kinds_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        coverage_invalidate()
