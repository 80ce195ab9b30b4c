"""Backups and restores: the database and the uploaded media, in one timestamped folder with a manifest.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; other databases (SQLite on a
laptop) with dumpdata/loaddata using natural keys. The media folder goes into a tar.gz. `make backup` and
`make restore BACKUP=…` call these through scripts/backup.py; docs/deployment.md says how often and where.
"""
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from facilities.content_version import bump_content_version

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
JSON_DUMP = "database.json"
MEDIA_ARCHIVE = "media.tar.gz"
# Rebuilt by migrate or worthless after a restore.
DUMPDATA_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


class RecoveryError(Exception):
    pass


def _database(alias: str = "default"):
    return connections[alias]


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RecoveryError(f"{command[0]} failed: {result.stderr.strip()}")


def record_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup(*, destination: Path) -> Path:
    """Writes a new backup folder under `destination` and returns it."""
    folder = Path(destination) / timezone.now().strftime("wanli-%Y%m%d-%H%M%S-%f")
    folder.mkdir(parents=True)
    database = _database()
    if database.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={folder / PG_DUMP}", database.settings_dict["NAME"]],
             _pg_env(database.settings_dict))
    else:
        call_command(
            "dumpdata", natural_foreign=True, natural_primary=True, exclude=DUMPDATA_EXCLUDE,
            output=str(folder / JSON_DUMP), verbosity=0,
        )
    media_files = 0
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if _media_root().is_dir():
            for path in sorted(_media_root().rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(_media_root())))
                    media_files += 1
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": database.vendor,
        "records": record_counts(),
        "media_files": media_files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def restore(*, source: Path) -> dict:
    """Replaces the database's content and the media folder with the backup in `source`; returns its manifest."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise RecoveryError(f"{source} is not a backup folder (no {MANIFEST}).")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    database = _database()
    if manifest["vendor"] != database.vendor:
        raise RecoveryError(f"The backup is from {manifest['vendor']}; this site uses {database.vendor}.")
    if database.vendor == "postgresql":
        connections.close_all()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             f"--dbname={database.settings_dict['NAME']}", str(source / PG_DUMP)],
            _pg_env(database.settings_dict),
        )
    else:
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(source / JSON_DUMP), verbosity=0)
    media_root = _media_root()
    if media_root.is_dir():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    bump_content_version()  # restored rows sent no save signal
    return manifest
