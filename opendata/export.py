"""Writes the whole published directory as an HSDS 3.1 data set: JSON files and the tabular data package.

    DIR/hsds/*.json          services (fully nested), service_at_locations, locations, organizations,
                             taxonomies, taxonomy_terms
    DIR/tabular/*.csv        one CSV per HSDS table, columns as in HSDS's own object schemas
    DIR/tabular/datapackage.json

Each CSV's name and columns come from HSDS's schema for that object (hsds_schema/<table>.json: `path`,
`properties`, `datapackage_type`), so a consumer that reads HSDS data packages reads this one, and the
datapackage.json types let Frictionless check every cell.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from . import hsds, queries

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
JSON_DIR = "hsds"
TABULAR_DIR = "tabular"

# HSDS tables written to the data package (tabular.json names them; the rest would be empty).
TABLES = [
    "organization",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "address",
    "schedule",
    "required_document",
    "accessibility",
    "taxonomy_term",
    "cost_option",
    "taxonomy",
    "service_capacity",
    "unit",
]


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    counts: dict[str, int]


def tabular_schema() -> dict[str, dict]:
    """HSDS table name -> its schema (path, properties), from HSDS's own file for that object."""
    return {name: json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")) for name in TABLES}


def scalar_fields(table: dict) -> list[tuple[str, dict]]:
    """The columns: every property that is neither a list nor a nested object (`$ref`)."""
    return [
        (name, spec)
        for name, spec in table["properties"].items()
        if spec.get("type") not in ("array", "object") and "properties" not in spec and "$ref" not in spec
    ]


def collect() -> dict[str, list[dict]]:
    """Every published record as HSDS objects, the nested ones kept whole (the JSON data set)."""
    return {
        "organizations": [hsds.organization()],
        "services": [hsds.service_nested(service) for service in queries.full_services(queries.hsds_services())],
        "service_at_locations": [hsds.service_at_location_basic(link) for link in queries.hsds_links()],
        "locations": [hsds.location_full(facility) for facility in queries.hsds_facilities()],
        "taxonomies": [hsds.taxonomy()],
        "taxonomy_terms": [hsds.taxonomy_term(category) for category in queries.hsds_categories()],
    }


def flatten(data: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The nested JSON data set as rows of the HSDS tables, each child row carrying its parent's id."""
    rows: dict[str, dict[str, dict]] = {table: {} for table in TABLES}

    def add(table: str, record: dict) -> None:
        rows[table].setdefault(record["id"], record)  # one row per id even when nested in several places

    for organization in data["organizations"]:
        add("organization", organization)
    for taxonomy in data["taxonomies"]:
        add("taxonomy", taxonomy)
    for term in data["taxonomy_terms"]:
        add("taxonomy_term", term)
    for location in data["locations"]:
        add("location", location)
        for key, table in (
            ("addresses", "address"),
            ("phones", "phone"),
            ("schedules", "schedule"),
            ("accessibility", "accessibility"),
        ):
            for child in location.get(key, []):
                add(table, child)
    for link in data["service_at_locations"]:
        add("service_at_location", link)
    for service in data["services"]:
        add("service", service)
        for key, table in (
            ("phones", "phone"),
            ("attributes", "attribute"),
            ("required_documents", "required_document"),
            ("cost_options", "cost_option"),
            ("capacities", "service_capacity"),
        ):
            for child in service.get(key, []):
                add(table, child)
        for capacity in service.get("capacities", []):
            add("unit", capacity["unit"])
        for link in service.get("service_at_locations", []):
            for key, table in (("phones", "phone"), ("schedules", "schedule")):
                for child in link.get(key, []):
                    add(table, child)
    return {table: list(records.values()) for table, records in rows.items()}


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "time" and len(str(value)) == len("08:30"):
        return f"{value}:00"  # the JSON's HH:MM; a Table Schema `time` is HH:MM:SS
    return str(value)


def _field_type(spec: dict) -> str:
    return spec.get("datapackage_type") or spec.get("type", "string")


def _field_descriptor(name: str, spec: dict) -> dict:
    descriptor = {"name": name, "type": _field_type(spec)}
    if spec.get("format") in ("uuid", "uri", "email"):
        descriptor["format"] = spec["format"]
    if spec.get("description"):
        descriptor["description"] = spec["description"]
    return descriptor


def export_hsds(directory: Path) -> ExportSummary:
    """Writes the JSON data set and the tabular data package under `directory`; returns what was written."""
    directory = Path(directory)
    json_dir, tabular_dir = directory / JSON_DIR, directory / TABULAR_DIR
    json_dir.mkdir(parents=True, exist_ok=True)
    tabular_dir.mkdir(parents=True, exist_ok=True)

    data = collect()
    for name, records in data.items():
        (json_dir / f"{name}.json").write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")

    schema = tabular_schema()
    tables = flatten(data)
    resources = []
    for table_name in TABLES:
        table = schema[table_name]
        fields = scalar_fields(table)
        path = table["path"]
        with (tabular_dir / path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([name for name, _ in fields])
            for record in tables[table_name]:
                writer.writerow([_cell(record.get(name), _field_type(spec)) for name, spec in fields])
        resources.append(
            {
                "name": table_name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field_descriptor(name, spec) for name, spec in fields], "primaryKey": "id"},
            }
        )
    package = {
        "name": "wanli-community-services",
        "title": "万里社区服务门户 开放数据 (HSDS 3.1)",
        "profile": "tabular-data-package",
        "description": "Published services, locations and schedules of the Wanli sub-district office, in the "
        "Human Services Data Specification 3.1 (an Open Referral resource, https://openreferral.org/; the "
        "specification is licensed CC BY-SA 4.0).",
        "resources": resources,
    }
    (tabular_dir / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    counts = {f"json/{name}": len(records) for name, records in data.items()}
    counts.update({f"csv/{table}": len(records) for table, records in tables.items()})
    return ExportSummary(directory=directory, counts=counts)
