"""The HSDS 3.0 JSON schemas (copied into opendata/hsds_schema) as jsonschema validators."""
import gzip
import json
from functools import cache
from pathlib import Path

from jsonschema import FormatChecker
from jsonschema.validators import validator_for

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "opendata" / "hsds_schema"


@cache
def validator(name: str):
    """`name` is a schema file without extension: service, service_list, organization, taxonomy_term …"""
    gz = SCHEMA_DIR / f"{name}.json.gz"
    schema = json.loads(gzip.decompress(gz.read_bytes())) if gz.exists() else json.loads((SCHEMA_DIR / f"{name}.json").read_text())
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=FormatChecker())


def assert_valid(name: str, instance: dict) -> None:
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
