"""Cache invalidation: any save, delete or many-to-many change of a model of the portal's own apps bumps the
site-wide content version, so cached public pages and API responses are rendered afresh.

A model opts out with `bumps_content_version = False` (for example a log that no public page shows).
Writes that send no signal (`QuerySet.update()`, `F()`, `bulk_create`) bump it in their action function.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from facilities.content_version import bump_content_version

DISPATCH_PREFIX = "wanli-content-version"


def _local_app_labels() -> set[str]:
    return {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.LOCAL_APPS}


def content_models() -> list[type]:
    """Models of the local apps whose changes can show on a public page."""
    labels = _local_app_labels()
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels
        and not issubclass(model, HistoricalChanges)  # saved together with the model they record
        and getattr(model, "bumps_content_version", True)
    ]


def _on_change(sender, **kwargs) -> None:
    if str(kwargs.get("action", "")).startswith("pre_"):
        return  # m2m_changed fires before and after; the "post_" signal is enough
    bump_content_version()


def connect_content_version_receivers() -> None:
    for model in content_models():
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}-save-{model._meta.label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"{DISPATCH_PREFIX}-m2m-{through._meta.label}")
