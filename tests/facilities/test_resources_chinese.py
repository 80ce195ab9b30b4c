"""Import and export of facilities in Chinese (headers, names, labels, refused values), coordinates in either
system, and cells that must never run as a formula."""

import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import XLSX

from facilities.models import Facility
from facilities.resources import FacilityResource
from publishing.importing import SpreadsheetCSV
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .factories import FacilityFactory
from .import_files import IMPORT, PROCESS, snapshot

pytestmark = pytest.mark.django_db


# --- Chinese throughout: headers, names, labels; refused values list the accepted ones ----------------------


def chinese_csv(rows: list[dict], name="设施.csv") -> SimpleUploadedFile:
    headers = list(rows[0])
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(column, "") for column in headers])
    return SimpleUploadedFile(name, dataset.export("csv").encode("utf-8"), content_type="text/csv")


CHINESE_ROW = {
    "网址标识": "xin-shitang",
    "中文名称": "新食堂",
    "设施类型": "社区食堂",
    "服务对象": "老年人|全体居民",
    "发布状态": "已发布",
    "运营状态": "正常开放",
    "执行法定节假日安排": "是",
    "位置已核实": "否",
}


def test_exported_file_has_chinese_headers_names_and_labels(some_facilities):
    dataset = FacilityResource().export()
    assert dataset.headers[:5] == ["网址标识", "中文名称", "英文名称", "设施类型", "所属设施（网址标识）"]
    row = next(r for r in dataset.dict if r["网址标识"] == "canteen-inside")
    assert row["设施类型"] == "社区食堂"
    assert row["所属设施（网址标识）"] == "home-of-builders"
    assert row["服务对象"] == "老年人|全体居民"
    assert (row["发布状态"], row["运营状态"], row["执行法定节假日安排"], row["位置已核实"]) == (
        "已发布",
        "正常开放",
        "是",
        "否",
    )


def test_import_with_chinese_headers_and_chinese_names(client, some_facilities):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    preview = client.post(
        IMPORT,
        {"resource": "0", "format": "0", "import_file": chinese_csv([CHINESE_ROW]), "coordinate_system": "wgs84"},
    )
    assert preview.context["confirm_form"] is not None, preview.content.decode()
    assert client.post(PROCESS, dict(preview.context["confirm_form"].initial)).status_code == 302
    created = Facility.objects.get(slug="xin-shitang")
    assert created.kind == some_facilities
    assert sorted(a.code for a in created.audiences.all()) == ["all_residents", "elderly"]
    assert created.is_published and created.follows_public_holidays and not created.location_verified


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("设施类型", "食堂", "找不到设施类型“食堂”。可选：社区食堂。"),
        (
            "服务对象",
            "老年人|外星人",
            "找不到服务对象：外星人。可选：老年人、婴幼儿与家庭、新就业群体（骑手、快递员等）、残障人士、全体居民。",
        ),
        ("发布状态", "上线", "“上线”不是可选的值。可选：草稿、已发布、已归档。"),
        ("运营状态", "open now", "“open now”不是可选的值。可选：正常开放、暂停开放、已停止运营。"),
        ("执行法定节假日安排", "对", "“对”不是可选的值。可选：是、否。"),
    ],
)
def test_a_refused_value_lists_the_accepted_ones(some_facilities, column, value, expected):
    dataset = tablib.Dataset(headers=list(CHINESE_ROW))
    dataset.append(list((CHINESE_ROW | {column: value}).values()))
    result = FacilityResource().import_data(dataset, dry_run=True, user=StaffUserFactory(role=roles.PUBLISHER))
    assert result.has_validation_errors()
    assert result.invalid_rows[0].error_dict == {column: [expected]}


def test_every_row_error_is_shown_in_full_with_its_column(client, some_facilities):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    rows = [
        CHINESE_ROW | {"设施类型": "食堂", "运营状态": "暂停开放"},
        CHINESE_ROW | {"网址标识": "second", "发布状态": "上线"},
    ]
    response = client.post(
        IMPORT, {"resource": "0", "format": "0", "import_file": chinese_csv(rows), "coordinate_system": "wgs84"}
    )
    text = response.content.decode()
    assert "validation-error-container" not in text  # the package's hover-only box
    assert "第 1 条数据（表格第 2 行）" in text and "第 2 条数据（表格第 3 行）" in text
    assert "<strong>设施类型</strong>：找不到设施类型“食堂”。可选：社区食堂。" in text
    assert "<strong>暂停原因</strong>：暂停开放时请填写原因，居民会看到这条说明。" in text
    assert "<strong>发布状态</strong>：“上线”不是可选的值。可选：草稿、已发布、已归档。" in text
    assert not Facility.objects.filter(slug__in=["xin-shitang", "second"]).exists()


def test_preview_scrolls_inside_the_page(client, some_facilities):
    from django.contrib.staticfiles import finders

    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    response = client.post(
        IMPORT,
        {"resource": "0", "format": "0", "import_file": chinese_csv([CHINESE_ROW]), "coordinate_system": "wgs84"},
    )
    text = response.content.decode()
    assert '<div class="import-preview-scroll">' in text and "css/admin-import.css" in text
    css = open(finders.find("css/admin-import.css"), encoding="utf-8").read()
    assert ".import-preview-scroll {\n  max-width: 100%;\n  overflow-x: auto;" in css


# --- Coordinates: the import asks which system they are in, and stores WGS-84 ------------------------------

AMAP_POINT = ("31.258500", "121.404200")  # as copied from Amap (GCJ-02)


def import_point(client, system):
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    row = CHINESE_ROW | {"纬度": AMAP_POINT[0], "经度": AMAP_POINT[1]}
    data = {"resource": "0", "format": "0", "import_file": chinese_csv([row])}
    if system:
        data["coordinate_system"] = system
    preview = client.post(IMPORT, data)
    if preview.context.get("confirm_form") is None:
        return preview
    assert preview.context["confirm_form"].initial["coordinate_system"] == system
    assert client.post(PROCESS, dict(preview.context["confirm_form"].initial)).status_code == 302
    return Facility.objects.get(slug="xin-shitang")


def test_gcj02_coordinates_are_stored_converted_to_wgs84(client, some_facilities):
    from facilities.forms import quantize
    from facilities.geo import gcj02_to_wgs84

    facility = import_point(client, "gcj02")
    expected = [quantize(v) for v in gcj02_to_wgs84(float(AMAP_POINT[0]), float(AMAP_POINT[1]))]
    assert [facility.latitude, facility.longitude] == expected
    assert facility.latitude != Decimal(AMAP_POINT[0])  # moved by the offset (some 500 m in Shanghai)


def test_wgs84_coordinates_are_stored_as_given(client, some_facilities):
    facility = import_point(client, "wgs84")
    assert (facility.latitude, facility.longitude) == (Decimal(AMAP_POINT[0]), Decimal(AMAP_POINT[1]))


def test_import_cannot_start_without_choosing_the_coordinate_system(client, some_facilities):
    response = import_point(client, None)
    assert response.status_code == 200
    assert "请选择文件中的经纬度来自哪里。" in response.content.decode()
    assert not Facility.objects.filter(slug="xin-shitang").exists()


def test_swapped_coordinates_are_a_row_error(some_facilities):
    dataset = tablib.Dataset(headers=[*CHINESE_ROW, "纬度", "经度"])
    dataset.append([*CHINESE_ROW.values(), "121.4", "31.26"])
    result = FacilityResource().import_data(
        dataset, dry_run=True, user=StaffUserFactory(role=roles.PUBLISHER), coordinate_system="gcj02"
    )
    assert "纬度和经度似乎填反了" in str(result.invalid_rows[0].error_dict["纬度"])


@pytest.mark.parametrize("file_format", [SpreadsheetCSV, XLSX])
def test_exported_text_never_runs_as_a_formula_and_imports_back_as_typed(some_facilities, file_format):
    FacilityFactory(slug="formula", kind=some_facilities, summary='=HYPERLINK("http://evil.example","点我")')
    fmt = file_format()
    exported = fmt.export_data(FacilityResource().export(queryset=Facility.objects.filter(slug="formula")))
    if file_format is XLSX:
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        cells = [cell for cell in next(sheet.iter_rows(min_row=2, max_row=2)) if str(cell.value).startswith("'=")]
        assert cells and all(cell.data_type == "s" for cell in cells)  # text, not a formula
    else:
        assert "'=HYPERLINK" in exported
    before = snapshot()
    result = FacilityResource().import_data(
        fmt.create_dataset(exported), dry_run=False, user=StaffUserFactory(role=roles.PUBLISHER)
    )
    assert not result.has_errors() and {row.import_type for row in result.rows} == {"skip"}
    assert snapshot() == before
