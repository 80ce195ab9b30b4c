"""The staff workflow on the report card: who may enter figures, the dashboard, import/export of metric values."""

from decimal import Decimal

import pytest
import tablib
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from publishing.importing import SpreadsheetCSV
from reports.models import MetricValue
from reports.resources import MetricValueResource
from tests.reports.factories import AchievementFactory, MetricFactory, MetricValueFactory
from tests.wanli.factories import StaffUserFactory
from wanli import roles

pytestmark = pytest.mark.django_db

VALUES = reverse("admin:reports_metricvalue_changelist")
COLUMNS = MetricValueResource._meta.fields


class TestRoles:
    def test_data_entry_enters_and_corrects_figures(self, client):
        client.force_login(StaffUserFactory(role=roles.DATA_ENTRY))
        metric = MetricFactory(code="district-tax")
        response = client.post(
            reverse("admin:reports_metricvalue_add"),
            {
                "metric": metric.pk,
                "year": "2023",
                "value": "15493",
                "qualifier": "exact",
                "period_kind": "year",
            },
        )
        assert response.status_code == 302
        assert MetricValue.objects.get(metric=metric, year=2023).value == Decimal("15493")
        achievement = AchievementFactory()
        assert client.get(reverse("admin:reports_achievement_change", args=[achievement.pk])).status_code == 200
        assert client.get(reverse("admin:reports_metric_add")).status_code == 403
        assert client.get(reverse("admin:facilities_facility_changelist")).status_code == 403

    def test_manager_reads_figures_and_the_dashboard_but_changes_nothing(self, client):
        client.force_login(StaffUserFactory(role=roles.MANAGER))
        value = MetricValueFactory()
        assert client.get(VALUES).status_code == 200
        assert (
            client.post(reverse("admin:reports_metricvalue_change", args=[value.pk]), {"value": "1"}).status_code == 403
        )
        assert client.get(reverse("admin:reports_achievement_add")).status_code == 403
        assert client.get(reverse("reports:dashboard")).status_code == 200

    @pytest.mark.parametrize("role", [roles.CONTENT_EDITOR, roles.REQUEST_HANDLER])
    def test_roles_without_report_work(self, client, role):
        client.force_login(StaffUserFactory(role=role))
        assert client.get(VALUES).status_code == 403
        assert client.get(reverse("reports:dashboard")).status_code == 403


@pytest.fixture
def figures():
    tax = MetricFactory(code="district-tax")
    firms = MetricFactory(code="key-enterprises")
    MetricValueFactory(metric=tax, year=2023, value=Decimal("15493"), source="一起解锁万里街道 2023年成绩单")
    MetricValueFactory(metric=firms, year=2023, value=Decimal("161"), note="引进重点企业")
    return tax


def snapshot():
    rows = sorted(
        MetricValue.objects.values_list(
            "metric__code", "year", "value", "qualifier", "period_kind", "as_of", "target", "note", "note_en", "source"
        )
    )
    return rows, MetricValue.history.count()


@pytest.mark.parametrize("file_format", [SpreadsheetCSV, XLSX])
def test_export_then_import_changes_nothing(figures, file_format):
    fmt = file_format()
    dataset = fmt.create_dataset(fmt.export_data(MetricValueResource().export()))
    before = snapshot()
    result = MetricValueResource().import_data(
        dataset,
        dry_run=False,
        user=StaffUserFactory(role=roles.DATA_ENTRY),
        rollback_on_validation_errors=True,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert snapshot() == before


def test_a_file_with_one_bad_row_changes_nothing(figures):
    before = snapshot()
    dataset = tablib.Dataset(headers=COLUMNS)
    good = {"metric": "district-tax", "year": "2023", "value": "15500", "qualifier": "exact", "period_kind": "year"}
    bad = good | {"year": "2999"}
    for row in (good, bad):
        dataset.append([row.get(c, "") for c in COLUMNS])
    result = MetricValueResource().import_data(
        dataset,
        dry_run=False,
        user=StaffUserFactory(role=roles.DATA_ENTRY),
        rollback_on_validation_errors=True,
    )
    assert result.has_validation_errors() or result.has_errors()
    assert snapshot() == before


def test_admin_dry_run_names_an_unknown_metric_in_chinese(client, figures):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(StaffUserFactory(role=roles.DATA_ENTRY))
    before = snapshot()
    dataset = tablib.Dataset(headers=COLUMNS)
    row = {"metric": "no-such-metric", "year": "2023", "value": "1", "qualifier": "exact", "period_kind": "year"}
    dataset.append([row.get(c, "") for c in COLUMNS])
    upload = SimpleUploadedFile("values.csv", dataset.export("csv").encode("utf-8"))
    response = client.post(
        reverse("admin:reports_metricvalue_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    assert "找不到指标“no-such-metric”" in response.content.decode()
    assert snapshot() == before


def test_metric_value_import_template(client):
    client.force_login(StaffUserFactory(role=roles.DATA_ENTRY))
    response = client.get(reverse("admin:reports_metricvalue_import_template", args=["csv"]))
    assert response.content.decode("utf-8-sig").splitlines()[0].split(",") == MetricValueResource().get_export_headers()


def test_history_records_who_changed_a_figure(client):
    from tests.facilities.admin_forms import change_form_data

    user = StaffUserFactory(role=roles.DATA_ENTRY)
    client.force_login(user)
    value = MetricValueFactory(value=Decimal("100"))
    url = reverse("admin:reports_metricvalue_change", args=[value.pk])
    assert client.post(url, change_form_data(client.get(url)) | {"value": "161"}).status_code == 302
    latest = value.history.latest()
    assert latest.history_user == user and latest.value == Decimal("161")
    page = client.get(reverse("admin:reports_metricvalue_history", args=[value.pk])).content.decode()
    assert "100" in page and "161" in page
