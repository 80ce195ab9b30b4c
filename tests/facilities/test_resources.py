"""Bulk import and export of facilities: dry-run preview with Chinese row errors, all-or-nothing, round trip."""

import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from facilities.models import Facility
from facilities.resources import FacilityResource
from publishing.importing import SpreadsheetCSV
from publishing.publishable import PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .import_files import IMPORT, PROCESS, snapshot

pytestmark = pytest.mark.django_db

COLUMNS = FacilityResource._meta.fields


def csv_file(rows: list[dict], name="facilities.csv") -> SimpleUploadedFile:
    dataset = tablib.Dataset(headers=COLUMNS)
    for row in rows:
        dataset.append([row.get(column, "") for column in COLUMNS])
    return SimpleUploadedFile(name, dataset.export("csv").encode("utf-8"), content_type="text/csv")


@pytest.mark.parametrize("file_format", [SpreadsheetCSV, XLSX])
def test_export_then_import_changes_nothing(some_facilities, file_format):
    fmt = file_format()
    exported = fmt.export_data(FacilityResource().export())
    before = snapshot()
    dataset = fmt.create_dataset(exported)
    publisher = StaffUserFactory(role=roles.PUBLISHER)
    result = FacilityResource().import_data(dataset, dry_run=False, user=publisher, rollback_on_validation_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert snapshot() == before


def test_dry_run_shows_chinese_row_errors_and_offers_no_confirmation(client, some_facilities):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    before = snapshot()
    upload = csv_file(
        [
            {
                "slug": "new-good",
                "name": "新设施",
                "kind": "canteen",
                "publication_status": "draft",
                "operation_status": "open",
                "follows_public_holidays": "1",
            },
            {
                "slug": "new-bad",
                "name": "坏数据",
                "kind": "no-such-kind",
                "audiences": "elderly|martians",
                "publication_status": "draft",
                "operation_status": "open",
                "follows_public_holidays": "1",
            },
        ]
    )
    response = client.post(
        IMPORT, {"resource": "0", "format": "0", "import_file": upload, "coordinate_system": "wgs84"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "找不到设施类型“no-such-kind”" in text
    assert "找不到服务对象：martians" in text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert snapshot() == before


def test_one_bad_row_rolls_back_the_whole_file(some_facilities):
    before = snapshot()
    dataset = tablib.Dataset(headers=COLUMNS)
    good = {
        "slug": "new-good",
        "name": "新设施",
        "kind": "canteen",
        "publication_status": "draft",
        "operation_status": "open",
        "follows_public_holidays": "1",
    }
    bad = good | {"slug": "new-bad", "operation_status": "temporarily_closed", "closure_reason": ""}
    for row in (good, bad):
        dataset.append([row.get(column, "") for column in COLUMNS])
    result = FacilityResource().import_data(
        dataset,
        dry_run=False,
        user=StaffUserFactory(role=roles.PUBLISHER),
        rollback_on_validation_errors=True,
    )
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert "暂停开放时请填写原因" in str(invalid.error_dict)
    assert snapshot() == before


def test_confirmed_import_creates_and_updates(client, some_facilities):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    upload = csv_file(
        [
            {
                "slug": "new-good",
                "name": "新设施",
                "kind": "canteen",
                "audiences": "elderly|children_families",
                "publication_status": "published",
                "operation_status": "open",
                "follows_public_holidays": "1",
            },
            {
                "slug": "draft-one",
                "name": "改名后的设施",
                "kind": "canteen",
                "publication_status": "draft",
                "operation_status": "open",
                "follows_public_holidays": "1",
            },
        ]
    )
    preview = client.post(IMPORT, {"resource": "0", "format": "0", "import_file": upload, "coordinate_system": "wgs84"})
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    done = client.post(PROCESS, {k: v for k, v in confirm.initial.items()})
    assert done.status_code == 302
    created = Facility.objects.get(slug="new-good")
    assert created.is_published
    assert sorted(a.code for a in created.audiences.all()) == ["children_families", "elderly"]
    assert Facility.objects.get(slug="draft-one").name == "改名后的设施"


class TestImportCannotPublishWithoutPermission:
    def rows(self, status):
        return [
            {
                "slug": "draft-one",
                "name": "草稿设施",
                "kind": "canteen",
                "publication_status": status,
                "operation_status": "open",
                "follows_public_holidays": "1",
            }
        ]

    def test_editor_import_that_publishes_is_refused(self, client, some_facilities):
        client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
        response = client.post(
            IMPORT,
            {
                "resource": "0",
                "format": "0",
                "import_file": csv_file(self.rows("published")),
                "coordinate_system": "wgs84",
            },
        )
        assert "您没有发布权限" in response.content.decode()
        assert Facility.objects.get(slug="draft-one").publication_status == PublicationStatus.DRAFT

    def test_editor_cannot_create_a_published_facility_by_import(self, some_facilities):
        dataset = tablib.Dataset(headers=COLUMNS)
        row = self.rows("published")[0] | {"slug": "brand-new"}
        dataset.append([row.get(c, "") for c in COLUMNS])
        result = FacilityResource().import_data(
            dataset, dry_run=False, user=StaffUserFactory(role=roles.CONTENT_EDITOR)
        )
        assert result.has_validation_errors()
        assert not Facility.all_objects.filter(slug="brand-new").exists()

    def test_editor_import_that_keeps_the_status_is_fine(self, some_facilities):
        dataset = tablib.Dataset(headers=COLUMNS)
        row = self.rows("draft")[0] | {"summary": "编辑导入的简介"}
        dataset.append([row.get(c, "") for c in COLUMNS])
        result = FacilityResource().import_data(
            dataset, dry_run=False, user=StaffUserFactory(role=roles.CONTENT_EDITOR)
        )
        assert not result.has_validation_errors() and not result.has_errors()
        assert Facility.objects.get(slug="draft-one").summary == "编辑导入的简介"

    def test_manager_cannot_import_at_all(self, client):
        client.force_login(StaffUserFactory(role=roles.MANAGER))
        assert client.get(IMPORT).status_code == 403


def test_import_templates_list_the_expected_columns(client):
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    csv_response = client.get(reverse("admin:facilities_facility_import_template", args=["csv"]))
    assert csv_response.status_code == 200
    header = csv_response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == FacilityResource().get_export_headers()
    assert header.split(",")[:5] == ["网址标识", "中文名称", "英文名称", "设施类型", "所属设施（网址标识）"]

    xlsx_response = client.get(reverse("admin:facilities_facility_import_template", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))] == FacilityResource().get_export_headers()
    assert sheet.max_row == 1

    assert client.get(reverse("admin:facilities_facility_import_template", args=["pdf"])).status_code == 404
    changelist = client.get(reverse("admin:facilities_facility_changelist")).content.decode()
    assert reverse("admin:facilities_facility_import_template", args=["xlsx"]) in changelist


def test_import_does_not_revive_a_deleted_slug(some_facilities):
    from publishing.actions import move_to_recycle_bin

    move_to_recycle_bin(obj=Facility.objects.get(slug="draft-one"), by=None)
    dataset = tablib.Dataset(headers=COLUMNS)
    row = {
        "slug": "draft-one",
        "name": "同名",
        "kind": "canteen",
        "publication_status": "draft",
        "operation_status": "open",
        "follows_public_holidays": "1",
    }
    dataset.append([row.get(c, "") for c in COLUMNS])
    result = FacilityResource().import_data(dataset, dry_run=False, user=StaffUserFactory(role=roles.PUBLISHER))
    assert result.has_validation_errors()
    assert "回收站" in str(result.invalid_rows[0].error_dict)


def test_csv_saved_by_chinese_excel_in_gbk_imports(client, some_facilities):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    dataset = tablib.Dataset(headers=COLUMNS)
    row = {
        "slug": "gbk-row",
        "name": "香泉智助食堂",
        "kind": "canteen",
        "publication_status": "draft",
        "operation_status": "open",
        "follows_public_holidays": "1",
    }
    dataset.append([row.get(c, "") for c in COLUMNS])
    upload = SimpleUploadedFile("gbk.csv", dataset.export("csv").encode("gb18030"), content_type="text/csv")
    preview = client.post(IMPORT, {"resource": "0", "format": "0", "import_file": upload, "coordinate_system": "wgs84"})
    assert preview.context["confirm_form"] is not None
    assert client.post(PROCESS, dict(preview.context["confirm_form"].initial)).status_code == 302
    assert Facility.objects.get(slug="gbk-row").name == "香泉智助食堂"


def test_exported_csv_opens_in_excel_with_chinese(some_facilities):
    content = SpreadsheetCSV().export_data(FacilityResource().export())
    assert content.startswith("\ufeff网址标识,")


@pytest.mark.parametrize(
    ("file_format", "content", "message"),
    [
        ("0", b"\x81\x00\xff\xfe\x80", "无法识别文件的编码"),
        ("1", b"slug,name\nx,y\n", "无法读取这个文件"),
        ("0", "name,kind\n设施,canteen\n".encode(), "文件缺少必需的列：网址标识"),
    ],
)
def test_unreadable_files_get_a_chinese_error_and_change_nothing(
    client, some_facilities, file_format, content, message
):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    before = snapshot()
    upload = SimpleUploadedFile("bad.csv", content)
    response = client.post(
        IMPORT, {"resource": "0", "format": file_format, "import_file": upload, "coordinate_system": "wgs84"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_manager_exports_csv_through_admin_without_the_recycle_bin(client, some_facilities):
    from publishing.actions import move_to_recycle_bin

    move_to_recycle_bin(obj=Facility.objects.get(slug="draft-one"), by=None)
    client.force_login(StaffUserFactory(role=roles.MANAGER))
    url = reverse("admin:facilities_facility_export")
    form = client.get(url).context["form"]
    data = {"resource": "0", "format": "0"} | {
        name: "on" for name, field in form.fields.items() if name.startswith("facilityresource_")
    }
    response = client.post(url, data)
    assert response.status_code == 200
    content = b"".join(response).decode("utf-8")
    assert content.startswith("\ufeff网址标识,")
    assert "canteen-inside" in content and "home-of-builders" in content
    assert "draft-one" not in content


def test_estates_export_then_import_changes_nothing():
    from facilities.models import Estate
    from facilities.resources import EstateResource

    Estate.objects.create(slug="xiang-quan-yuan", name="香泉苑", households=1200, source_note="测试")
    Estate.objects.create(
        slug="demo-estate",
        name="演示小区",
        latitude="31.260000",
        longitude="121.400000",
        location_verified=True,
        is_demo=True,
    )
    before = sorted(Estate.objects.values_list(*EstateResource._meta.fields))
    fmt = SpreadsheetCSV()
    dataset = fmt.create_dataset(fmt.export_data(EstateResource().export()))
    result = EstateResource().import_data(dataset, dry_run=False, user=StaffUserFactory(role=roles.PUBLISHER))
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}
    assert sorted(Estate.objects.values_list(*EstateResource._meta.fields)) == before


def test_estate_import_with_a_bad_row_changes_nothing(client):
    from facilities.models import Estate

    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    headers = ["slug", "name", "latitude", "longitude", "location_verified"]
    dataset = tablib.Dataset(headers=headers)
    dataset.append(["good-estate", "好小区", "", "", "0"])
    dataset.append(["bad-estate", "坏小区", "31.26", "", "1"])
    upload = SimpleUploadedFile("estates.csv", dataset.export("csv").encode("utf-8"))
    response = client.post(
        reverse("admin:facilities_estate_import"),
        {"resource": "0", "format": "0", "import_file": upload, "coordinate_system": "wgs84"},
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Estate.objects.exists()


class TestEditorImportOfPublishedContent:
    """Rows an editor imports that change a published facility wait for review; drafts change at once."""

    def exported_row(self, slug, **changes):
        fmt = SpreadsheetCSV()
        exported = fmt.create_dataset(
            fmt.export_data(FacilityResource().export(queryset=Facility.objects.filter(slug=slug)))
        )
        resource = FacilityResource()
        return exported.dict[0] | {resource.column_for(name): value for name, value in changes.items()}

    def upload(self, rows):
        """The exported file as a member of staff would upload it again: its own (Chinese) headers."""
        dataset = tablib.Dataset(*[list(row.values()) for row in rows], headers=list(rows[0]))
        return SimpleUploadedFile("facilities.csv", dataset.export("csv").encode("utf-8"), content_type="text/csv")

    def test_confirmed_import_proposes_the_change_and_a_publisher_approves_it(self, client, some_facilities):
        from publishing.models import PendingRevision, RevisionSource

        editor = StaffUserFactory(role=roles.CONTENT_EDITOR)
        client.force_login(editor)
        rows = [
            self.exported_row("canteen-inside", summary="导入的新简介", audiences="elderly"),
            self.exported_row("draft-one", summary="草稿直接改"),
        ]
        preview = client.post(
            IMPORT, {"resource": "0", "format": "0", "import_file": self.upload(rows), "coordinate_system": "wgs84"}
        )
        done = client.post(PROCESS, dict(preview.context["confirm_form"].initial), follow=True)
        assert "已提交审核" in done.content.decode()

        live = Facility.objects.get(slug="canteen-inside")
        assert live.summary == "测试用设施"
        assert sorted(a.code for a in live.audiences.all()) == ["all_residents", "elderly"]
        assert Facility.objects.get(slug="draft-one").summary == "草稿直接改"
        assert "测试用设施" in client.get(live.get_absolute_url()).content.decode()
        revision = PendingRevision.objects.pending().get()
        assert (revision.object_id, revision.source, revision.proposed_by) == (live.pk, RevisionSource.IMPORT, editor)
        assert revision.data["fields"] == {
            "summary": "导入的新简介",
            "audiences": [live.audiences.get(code="elderly").pk],
        }

        client.force_login(StaffUserFactory(role=roles.PUBLISHER))
        client.post(reverse("admin:publishing_pendingrevision_change", args=[revision.pk]), {"_approve": "1"})
        live.refresh_from_db()
        assert live.summary == "导入的新简介"
        assert [a.code for a in live.audiences.all()] == ["elderly"]
        assert "导入的新简介" in client.get(live.get_absolute_url()).content.decode()

    def test_a_dry_run_leaves_no_revision(self, some_facilities):
        from publishing.models import PendingRevision

        row = self.exported_row("canteen-inside", summary="只是预览")
        dataset = tablib.Dataset(list(row.values()), headers=list(row))
        FacilityResource().import_data(dataset, dry_run=True, user=StaffUserFactory(role=roles.CONTENT_EDITOR))
        assert not PendingRevision.objects.exists()
