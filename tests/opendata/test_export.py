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


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def assert_json_files_are_valid_hsds(folder):
    """Every record of the JSON data set in `folder` is valid HSDS; returns the one organization."""
    for service in read_json(folder / "services.json"):
        assert_valid("service", service)
    [organization] = read_json(folder / "organizations.json")
    assert_valid("organization", organization)
    for file_name, schema in (
        ("service_at_locations", "service_at_location"),
        ("locations", "location"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
    ):
        for record in read_json(folder / f"{file_name}.json"):
            assert_valid(schema, record)
    return organization


def read_tabular_package(folder) -> dict[str, list[dict]]:
    """The rows of each CSV file datapackage.json lists, by resource name; each header is its schema's fields."""
    package = read_json(folder / "datapackage.json")
    tables = {}
    for resource in package["resources"]:
        rows = read_csv(folder / resource["path"])
        header = next(csv.reader((folder / resource["path"]).open(encoding="utf-8")))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        tables[resource["name"]] = rows
    return tables


def test_export_round_trips_every_published_service_location_and_schedule(directory, tmp_path):
    call_command("export_hsds", str(tmp_path))

    expected_services = {str(directory["meal"].uuid), str(directory["repair"].uuid)}
    expected_locations = {str(directory["canteen"].uuid), str(directory["unverified"].uuid)}
    expected_links = {str(directory["meal_here"].uuid), str(directory["repair_here"].uuid)}
    period_count = OpeningPeriod.objects.filter(facility=directory["canteen"]).count()

    # The JSON data set: every object valid HSDS.
    services = read_json(tmp_path / "hsds" / "services.json")
    assert {s["id"] for s in services} == expected_services
    locations = read_json(tmp_path / "hsds" / "locations.json")
    assert {loc["id"] for loc in locations} == expected_locations
    organization = assert_json_files_are_valid_hsds(tmp_path / "hsds")

    # The tabular package, read back from the CSV files the datapackage.json lists.
    tables = read_tabular_package(tmp_path / "tabular")

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
