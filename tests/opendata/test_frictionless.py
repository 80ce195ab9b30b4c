"""The tabular export is a valid Frictionless data package: every cell matches its declared type."""
import pytest
from django.core.management import call_command
from frictionless import Package

pytestmark = pytest.mark.django_db


def test_the_tabular_export_validates_with_frictionless(directory, tmp_path):
    call_command("export_hsds", str(tmp_path))
    report = Package(str(tmp_path / "tabular" / "datapackage.json")).validate()
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(errors[:20])
    assert {task.name for task in report.tasks} >= {"schedule", "service", "location", "service_capacity"}
