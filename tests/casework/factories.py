"""factory_boy factories for the casework app. Requests themselves are made with the real action
`request_submit` (see `submit()`), so tests go through the same rules as residents."""

import factory

from casework.actions import request_submit
from casework.models import Correction, PlacePool, RequestKind, RequestSettings
from tests.services.factories import ServiceAtLocationFactory, ServiceFactory


class RequestSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestSettings

    service = factory.SubFactory(ServiceFactory)
    accepts_requests = True
    kind = RequestKind.REPAIR_VISIT
    target_hours = 72
    handler_emails = "repairs@example.org"


class PlacePoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacePool

    location = factory.SubFactory(ServiceAtLocationFactory)
    capacity = 2
    unit = "张床位"


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    subject = factory.SubFactory(ServiceFactory)
    subject_label = factory.LazyAttribute(lambda correction: str(correction.subject))
    what_is_wrong = "电话打不通"


def bed_service(*, capacity: int = 2):
    """A bed-application service with one place pool of `capacity`."""
    pool = PlacePoolFactory(capacity=capacity)
    RequestSettingsFactory(service=pool.location.service, kind=RequestKind.BED_APPLICATION, target_hours=48)
    return pool.location.service, pool


def repair_service():
    return RequestSettingsFactory(kind=RequestKind.REPAIR_VISIT).service


def submit(service, *, pool=None, phone="13812345678", name="王阿姨", address="香泉苑 1 号 101 室", **kwargs):
    kwargs.setdefault("description", "热水壶坏了")
    return request_submit(
        service=service,
        pool=pool,
        phone=phone,
        name=name,
        address=address,
        consent=True,
        **kwargs,
    )
