"""The tabular export is a valid Frictionless data package: every cell matches its declared type."""

import pytest
from django.core.management import call_command
from frictionless import Package

from casework.models import RequestKind
from tests.casework.factories import PlacePoolFactory, RequestSettingsFactory

pytestmark = pytest.mark.django_db


def test_the_tabular_export_validates_with_frictionless(directory, tmp_path):
    PlacePoolFactory(location=directory["meal_here"], capacity=152, unit="张床位")  # a counted pool: capacity rows too
    RequestSettingsFactory(service=directory["meal"], kind=RequestKind.BED_APPLICATION, accepts_requests=True)
    call_command("export_hsds", str(tmp_path))
    assert len((tmp_path / "tabular" / "service_capacity.csv").read_text(encoding="utf-8").splitlines()) == 2
    report = Package(str(tmp_path / "tabular" / "datapackage.json")).validate()
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(errors[:20])
    assert {task.name for task in report.tasks} >= {"schedule", "service", "location", "service_capacity"}
