"""The HSDS 3.1 JSON schemas (copied into opendata/hsds_schema) as jsonschema validators, offline."""

import json
from functools import cache
from pathlib import Path

from jsonschema import FormatChecker
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "opendata" / "hsds_schema"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    """Every object schema under its file name, so `"$ref": "phone.json"` resolves without the network."""
    resources = [
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        for path in SCHEMA_DIR.glob("*.json")
        if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str):
    """`name`: an object schema (service, service_capacity, taxonomy_term …) or a list item (service_list …)."""
    path = SCHEMA_DIR / "compiled" / f"{name}.json" if name.endswith("_list") else SCHEMA_DIR / f"{name}.json"
    schema = _load(path)
    cls = validator_for(schema, default=validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema"}))
    cls.check_schema(schema)
    return cls(schema, registry=registry(), format_checker=FormatChecker())


def assert_valid(name: str, instance: dict) -> None:
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
