"""docker-compose.yml and .env.example say the same as the settings."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def variables_read_by_settings() -> set[str]:
    names = set()
    for path in (ROOT / "wanli" / "settings").glob("*.py"):
        text = path.read_text()
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', text))
    return names


def test_env_example_documents_every_variable_settings_read():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))
    missing = variables_read_by_settings() - documented
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_compose_passes_only_variables_settings_read():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web_env = compose["services"]["web"]["environment"]
    read = variables_read_by_settings() | {"DJANGO_SETTINGS_MODULE"}
    assert set(web_env) <= read, set(web_env) - read
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= set(web_env)
    assert web_env["DJANGO_SETTINGS_MODULE"] == "wanli.settings.production"


def test_compose_keeps_the_database_on_a_named_volume():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "pgdata" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in compose["services"]["db"]["volumes"])
