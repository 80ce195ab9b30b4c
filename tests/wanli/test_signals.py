"""Every save, delete and many-to-many change of a local model bumps the content version."""

import pytest
from django.conf import settings

from facilities.content_version import content_version
from facilities.models import Facility, FacilityKind, OpeningPeriod
from tests.facilities.factories import FacilityFactory, FacilityKindFactory
from wanli.signals import content_models

pytestmark = pytest.mark.django_db


def test_content_models_cover_local_apps_but_not_history_tables():
    models = content_models()
    assert Facility in models and FacilityKind in models and OpeningPeriod in models
    assert not any(model.__name__.startswith("Historical") for model in models)
    assert all(model._meta.app_label in settings.LOCAL_APPS for model in models)


def test_save_delete_and_m2m_each_bump_the_version():
    kind = FacilityKindFactory()
    version = content_version()
    facility = FacilityFactory(kind=kind)
    assert content_version() > version

    version = content_version()
    facility.audiences.add(*list(facility.audiences.model.objects.all()[:1]))
    assert content_version() > version

    version = content_version()
    facility.delete()
    assert content_version() > version
