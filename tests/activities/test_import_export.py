"""Import and export of activities, as for facilities: an export imports back unchanged; editors cannot publish."""

from datetime import timedelta

import pytest
import tablib
from django.utils import timezone

from activities.models import Activity
from activities.resources import ActivityResource
from publishing.importing import SpreadsheetCSV
from publishing.publishable import PublicationStatus
from tests.wanli.factories import StaffUserFactory
from wanli import roles

from .factories import ActivityFactory, ActivitySeriesFactory

pytestmark = pytest.mark.django_db


def export_dataset(queryset=None):
    fmt = SpreadsheetCSV()
    return fmt.create_dataset(fmt.export_data(ActivityResource().export(queryset=queryset)))


def whole_minute(days: int):
    return (timezone.localtime() + timedelta(days=days)).replace(second=0, microsecond=0)


def test_export_then_import_changes_nothing():
    ActivityFactory(series=ActivitySeriesFactory(), fee="5.00", starts_at=whole_minute(1))
    ActivityFactory(publication_status=PublicationStatus.DRAFT, starts_at=whole_minute(2))
    before = list(Activity.objects.values())
    result = ActivityResource().import_data(
        export_dataset(), dry_run=False, user=StaffUserFactory(role=roles.PUBLISHER), rollback_on_validation_errors=True
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert list(Activity.objects.values()) == before


def test_editor_cannot_publish_by_import():
    draft = ActivityFactory(publication_status=PublicationStatus.DRAFT)
    exported = export_dataset(Activity.objects.filter(pk=draft.pk))
    row = exported.dict[0] | {"发布状态": "已发布"}
    dataset = tablib.Dataset([row[h] for h in row], headers=list(row))
    result = ActivityResource().import_data(dataset, dry_run=False, user=StaffUserFactory(role=roles.CONTENT_EDITOR))
    assert result.has_validation_errors()
    assert Activity.objects.get(pk=draft.pk).publication_status == PublicationStatus.DRAFT
