"""Cache invalidation: a save, delete or many-to-many change of a model of the portal's own apps bumps the
content versions of what shows it (facilities.content_version), so only the cached pages, API answers and
fragments showing that content are rendered afresh.

What a model's change bumps (its "topics"), first found wins:
- `bumps_content_version = False` on the model: nothing (a log, or residents' own writes that no public
  page shows);
- a `page_cache_topics(self) -> Iterable[str]` method on the model (an app can declare its own, e.g. a
  sign-up that changes a count shown to the public);
- the table `TOPICS` below;
- otherwise every kind (the safe default for a model nobody has described yet).
Writes that send no signal (`QuerySet.update()`, `F()`, `bulk_create`) bump in their action function.
"""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save
from simple_history.models import HistoricalChanges

from facilities.content_version import (
    ALL_KINDS,
    CALENDAR,
    FACILITIES,
    LIFECIRCLE,
    PLACES,
    REPORTS,
    SEARCH,
    SERVICES,
    SITE,
    bump_topics,
    facility_topic,
    service_topic,
)

DISPATCH_PREFIX = "wanli-content-version"
# Rows no public page shows: residents' own writes (a request's effect on free places: see _request_topics)
# and the sign-in devices (saved at every two-factor sign-in).
PRIVATE_MODELS = {
    "casework.requestevent",
    "casework.correction",
    "casework.correctioncontactview",
    "accounts.authenticator",
    # The outbox and the queue's own records: the worker saves them all day, and no public page shows them.
    "notices.notice",
    "notices.smsoptout",
    "notices.noticepreference",
    "notices.jobfailure",
    "notices.workerheartbeat",
}


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
        and model._meta.label_lower not in PRIVATE_MODELS
    ]


def _facility_slugs(ids: Iterable[int | None]) -> list[str]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return []
    facility = apps.get_model("facilities", "Facility")
    return list(facility._base_manager.filter(pk__in=ids).values_list("slug", flat=True))


def _service_slugs(ids: Iterable[int | None]) -> list[str]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return []
    service = apps.get_model("services", "Service")
    return list(service._base_manager.filter(pk__in=ids).values_list("slug", flat=True))


def _facility_pages(*facility_ids: int | None) -> list[str]:
    return [facility_topic(slug) for slug in _facility_slugs(facility_ids)]


def _service_pages(*service_ids: int | None) -> list[str]:
    return [service_topic(slug) for slug in _service_slugs(service_ids)]


def _services_at(facility_id: int | None) -> list[int]:
    if facility_id is None:
        return []
    links = apps.get_model("services", "ServiceAtLocation")._base_manager.filter(facility_id=facility_id)
    return list(links.values_list("service_id", flat=True))


def _facility_topics(facility) -> list[str]:
    """Lists, its own page (under its old slug too), its parent's and children's pages, and the pages of the
    services offered there (they list the place with its status; their cards count the places)."""
    children = type(facility)._base_manager.filter(parent_id=facility.pk).values_list("pk", flat=True)
    topics = [FACILITIES, facility_topic(facility.slug), *_facility_pages(facility.parent_id, *children)]
    old_slug = getattr(facility, "_cache_old_slug", None)
    if old_slug and old_slug != facility.slug:
        topics.append(facility_topic(old_slug))
    service_ids = _services_at(facility.pk)
    if service_ids:
        topics += [SERVICES, *_service_pages(*service_ids)]
    return topics


def _service_topics(service) -> list[str]:
    links = apps.get_model("services", "ServiceAtLocation").objects.filter(service_id=service.pk)
    facility_ids = list(links.values_list("facility_id", flat=True)) if service.pk else []
    return [SERVICES, service_topic(service.slug), *_facility_pages(*facility_ids)]


def _facility_part(row) -> list[str]:
    """Hours, exceptions, photos, a menu: the facility's page and the pages of the services offered there."""
    return [FACILITIES, *_facility_pages(row.facility_id), *_service_pages(*_services_at(row.facility_id))]


def _link_topics(link) -> list[str]:
    return [FACILITIES, SERVICES, *_facility_pages(link.facility_id), *_service_pages(link.service_id)]


def _pool_topics(pool) -> list[str]:
    link = apps.get_model("services", "ServiceAtLocation")._base_manager.filter(pk=pool.location_id).first()
    if link is None:
        return [PLACES]
    return [PLACES, *_facility_pages(link.facility_id), *_service_pages(link.service_id)]


def _request_topics(request) -> list[str]:
    """A resident's request changes no public page, except the free places when it takes or gives one back
    (an acceptance, a cancel, a promotion that ends in a place held)."""
    if getattr(request, "_cache_deleting", False):
        changed = request.holds_place
    else:
        changed = request.holds_place != getattr(request, "_cache_held", False)
        request._cache_held = request.holds_place  # the next save compares with what is stored now
    return [PLACES] if changed and request.pool_id is not None else []


TOPICS: dict[str, Callable[[object], Iterable[str]]] = {
    "facilities.facility": _facility_topics,
    "facilities.openingperiod": _facility_part,
    "facilities.hoursexception": _facility_part,
    "facilities.facilityphoto": _facility_part,
    "facilities.publicholiday": lambda row: [CALENDAR],
    "facilities.estate": lambda row: [LIFECIRCLE],
    "facilities.facilitykind": lambda row: [SITE],
    "facilities.audience": lambda row: [SITE],
    "services.service": _service_topics,
    "services.serviceatlocation": _link_topics,
    "services.servicecategory": lambda row: [SITE],
    "services.menu": _facility_part,
    "services.menuitem": lambda item: [FACILITIES, *_facility_pages(item.menu.facility_id)],  # the menu's page
    "casework.requestsettings": lambda row: [SERVICES, *_service_pages(row.service_id)],
    "casework.placepool": _pool_topics,
    "casework.servicerequest": _request_topics,
    "lifecircle.lifecirclecategory": lambda row: [LIFECIRCLE],
    "reports.metric": lambda row: [REPORTS],
    "reports.metricvalue": lambda row: [REPORTS],
    "reports.achievement": lambda row: [REPORTS],
    "search.searchsynonym": lambda row: [SEARCH],
    "wanli.sitecontact": lambda row: [SITE],
}


def topics_for(instance) -> list[str]:
    """The content versions a change of `instance` bumps."""
    declared = getattr(instance, "page_cache_topics", None)
    if callable(declared):
        return list(declared())
    describe = TOPICS.get(instance._meta.label_lower)
    return list(ALL_KINDS) if describe is None else list(describe(instance))


def _on_change(sender, instance=None, **kwargs) -> None:
    if str(kwargs.get("action", "")).startswith("pre_"):
        return  # m2m_changed fires before and after; the "post_" signal is enough
    # For a many-to-many change `instance` is the side whose relation changed: described as a save of it.
    bump_topics(*topics_for(instance))


def _on_delete(sender, instance, **kwargs) -> None:
    instance._cache_deleting = True
    bump_topics(*topics_for(instance))


def _remember_slug(sender, instance, raw=False, **kwargs) -> None:
    """Before a facility or service is saved: its slug as stored, so a renamed address is refreshed too."""
    if raw or instance.pk is None or instance._state.adding:
        return
    instance._cache_old_slug = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()


def _remember_held(sender, instance, **kwargs) -> None:
    # Whether the request held a place as loaded, so a save tells whether free places changed.
    instance._cache_held = instance.__dict__.get("holds_place", False)


def connect_content_version_receivers() -> None:
    for model in content_models():
        label = model._meta.label
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}-delete-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_change, sender=through, dispatch_uid=f"{DISPATCH_PREFIX}-m2m-{through._meta.label}")
    for name in ("facilities.Facility", "services.Service"):
        pre_save.connect(_remember_slug, sender=apps.get_model(name), dispatch_uid=f"{DISPATCH_PREFIX}-slug-{name}")
    post_init.connect(
        _remember_held, sender=apps.get_model("casework.ServiceRequest"), dispatch_uid=f"{DISPATCH_PREFIX}-held"
    )
