"""export_hsds: the JSON data set and the tabular data package, read back."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from facilities.models import OpeningPeriod
from opendata.export import tabular_schema
from tests.opendata.hsds_schemas import assert_valid

pytestmark = pytest.mark.django_db


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_round_trips_every_published_service_location_and_schedule(directory, tmp_path):
    call_command("export_hsds", str(tmp_path))

    expected_services = {str(directory["meal"].uuid), str(directory["repair"].uuid)}
    expected_locations = {str(directory["canteen"].uuid), str(directory["unverified"].uuid)}
    expected_links = {str(directory["meal_here"].uuid), str(directory["repair_here"].uuid)}
    period_count = OpeningPeriod.objects.filter(facility=directory["canteen"]).count()

    # The JSON data set: every object valid HSDS.
    services = json.loads((tmp_path / "hsds" / "services.json").read_text(encoding="utf-8"))
    assert {s["id"] for s in services} == expected_services
    for service in services:
        assert_valid("service", service)
    locations = json.loads((tmp_path / "hsds" / "locations.json").read_text(encoding="utf-8"))
    assert {loc["id"] for loc in locations} == expected_locations
    [organization] = json.loads((tmp_path / "hsds" / "organizations.json").read_text(encoding="utf-8"))
    assert_valid("organization", organization)
    for file_name, schema in (
        ("service_at_locations", "service_at_location"),
        ("locations", "location"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
    ):
        for record in json.loads((tmp_path / "hsds" / f"{file_name}.json").read_text(encoding="utf-8")):
            assert_valid(schema, record)

    # The tabular package, read back from the CSV files the datapackage.json lists.
    package = json.loads((tmp_path / "tabular" / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        rows = read_csv(tmp_path / "tabular" / resource["path"])
        header = next(csv.reader((tmp_path / "tabular" / resource["path"]).open(encoding="utf-8")))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        tables[resource["name"]] = rows

    assert {row["id"] for row in tables["service"]} == expected_services
    assert {row["id"] for row in tables["location"]} == expected_locations
    assert {row["id"] for row in tables["service_at_location"]} == expected_links
    weekly = [row for row in tables["schedule"] if row["location_id"]]
    assert len(weekly) == period_count
    assert {(row["byday"], row["opens_at"], row["closes_at"]) for row in weekly} == {
        ("MO", "10:30:00", "13:00:00"),
        ("FR", "22:00:00", "02:00:00"),
    }
    assert {row["service_at_location_id"] for row in tables["schedule"] if row["service_at_location_id"]} == {
        str(directory["meal_here"].uuid)
    }
    meal_row = next(row for row in tables["service"] if row["id"] == str(directory["meal"].uuid))
    assert meal_row["name"] == "社区食堂用餐" and meal_row["alternate_name"] == "Community meals"
    assert meal_row["minimum_age"] == "18"
    canteen_row = next(row for row in tables["location"] if row["id"] == str(directory["canteen"].uuid))
    assert (canteen_row["latitude"], canteen_row["longitude"]) == ("31.26", "121.4")
    unverified_row = next(row for row in tables["location"] if row["id"] == str(directory["unverified"].uuid))
    assert unverified_row["latitude"] == "" and unverified_row["longitude"] == ""
    assert {row["number"] for row in tables["phone"]} == {"021-11111111", "021-22222222", "021-00000000"}
    assert {row["address_1"] for row in tables["address"]} == {"示例路1号"}
    assert {row["id"] for row in tables["organization"]} == {organization["id"]}

    # Nothing unpublished or synthetic in any file.
    everything = "".join(path.read_text(encoding="utf-8") for path in tmp_path.rglob("*.*"))
    for hidden in ("草稿服务", "草稿设施", "演示设施"):
        assert hidden not in everything


def test_datapackage_columns_follow_the_hsds_tabular_schema(tmp_path, db):
    call_command("export_hsds", str(tmp_path))
    package = json.loads((tmp_path / "tabular" / "datapackage.json").read_text(encoding="utf-8"))
    schema = tabular_schema()
    for resource in package["resources"]:
        assert resource["path"] == schema[resource["name"]]["path"]
        assert resource["schema"]["fields"][0]["name"] == "id"


def test_export_refuses_a_file_as_target(tmp_path, db):
    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(CommandError):
        call_command("export_hsds", str(target))
