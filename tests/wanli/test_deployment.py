"""Deployment files agree with the settings: every variable the code reads is documented in .env.example,
and docker-compose.yml passes the app what production needs (and nothing it does not read)."""

import re
from pathlib import Path

import yaml

from wanli.settings import required

ROOT = Path(__file__).resolve().parents[2]
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
OS_ENV_READ = re.compile(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]*)["']""")
REQUIRED_IN_PRODUCTION = set(required.REQUIRED_IN_PRODUCTION)


def variables_read() -> set[str]:
    names = set()
    for path in [*ROOT.joinpath("wanli", "settings").glob("*.py"), ROOT / "gunicorn.conf.py"]:
        text = path.read_text(encoding="utf-8")
        names |= set(ENV_READ.findall(text)) | set(OS_ENV_READ.findall(text))
    return names


def documented() -> set[str]:
    text = ROOT.joinpath(".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def compose() -> dict:
    return yaml.safe_load(ROOT.joinpath("docker-compose.yml").read_text(encoding="utf-8"))


def test_settings_read_the_variables_we_expect():
    assert REQUIRED_IN_PRODUCTION | {"ADMIN_URL", "MAP_TILE_URL", "WEB_CONCURRENCY"} <= variables_read()


def test_env_example_documents_every_variable_read():
    missing = variables_read() - documented()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_compose_passes_the_app_only_variables_it_reads_and_all_it_needs():
    app_env = set(compose()["services"]["web"]["environment"])
    assert REQUIRED_IN_PRODUCTION <= app_env
    assert app_env - {"DJANGO_SETTINGS_MODULE"} <= variables_read(), app_env - variables_read()
    assert compose()["services"]["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "wanli.settings.production"


def test_compose_app_points_at_its_database_and_redis_services():
    services = compose()["services"]
    app_env = services["web"]["environment"]
    assert "@db:5432/" in app_env["DATABASE_URL"]
    assert app_env["CACHE_URL"].startswith("redis://redis:")
    assert {"db", "redis"} <= set(services)
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_database_has_a_healthcheck_and_a_named_volume():
    spec = compose()
    db = spec["services"]["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in spec["volumes"]


def test_compose_app_migrates_and_collects_static_on_start():
    command = compose()["services"]["web"]["command"]
    assert "migrate --noinput" in command
    assert "collectstatic --noinput" in command
    assert command.index("migrate") < command.index("collectstatic") < command.index("gunicorn")


def test_dockerfile_is_multi_stage_and_runs_as_a_non_root_user():
    dockerfile = ROOT.joinpath("Dockerfile").read_text(encoding="utf-8")
    assert len(re.findall(r"^FROM ", dockerfile, flags=re.MULTILINE)) >= 2
    assert "COPY --from=build" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users and not users[-1].startswith(("root", "0"))


def test_gunicorn_config_reads_workers_and_threads_from_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "5")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["worker_class"]) == (3, 5, "gthread")
    assert config["timeout"] > 0 and config["accesslog"] == "-"


def test_gunicorn_defaults_to_single_threaded_workers_two_per_core_plus_one(monkeypatch):
    import multiprocessing
    import runpy

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["worker_class"]) == (
        multiprocessing.cpu_count() * 2 + 1,
        1,
        "sync",
    )


def test_the_benchmark_and_audit_servers_get_every_variable_production_requires(tmp_path):
    """`make bench-http` and `make audit` start gunicorn with the production settings; a newly required
    variable must reach them too (the audit once broke when CACHE_URL became required)."""
    import runpy

    audit = runpy.run_path(str(ROOT / "tools" / "lighthouse_audit.py"))
    bench = runpy.run_path(str(ROOT / "scripts" / "bench_http.py"))
    for environment in (audit["server_environment"](tmp_path / "audit.sqlite3"), bench["_env"]()):
        assert environment["DJANGO_SETTINGS_MODULE"] == "wanli.settings.production"
        assert REQUIRED_IN_PRODUCTION <= {name for name, value in environment.items() if value}
        assert environment["CACHE_URL"].startswith("redis://")


def test_compose_trusts_exactly_the_nginx_in_front_for_the_client_address():
    app_env = compose()["services"]["web"]["environment"]
    assert app_env["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_nginx_appends_the_visitors_address_wherever_it_proxies():
    nginx = ROOT.joinpath("deploy", "nginx.conf").read_text(encoding="utf-8")
    blocks = re.findall(r"location[^{]*\{[^{}]*proxy_pass[^{}]*\}", nginx)
    assert len(blocks) >= 2
    for block in blocks:
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block, block


def test_the_deployment_guide_says_how_the_limits_behave_behind_a_proxy_and_without_redis():
    guide = ROOT.joinpath("docs", "deployment.md").read_text(encoding="utf-8")
    limits = guide.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for needle in ("TRUSTED_PROXY_COUNT", "REDIS_CIRCUIT_BREAKER_SECONDS", "AXES_ADDRESS_FAILURE_LIMIT", "N × M times"):
        assert needle in limits
