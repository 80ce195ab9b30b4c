"""Backups and restores: the database and the uploaded media, in one timestamped folder with a manifest.

A backup holds every row, the recycle bin and the history included: PostgreSQL is dumped with pg_dump (custom
format), SQLite with dumpdata --all (base managers) and natural foreign keys. The media folder goes into a tar.gz,
and the manifest counts the rows of every table with the base managers.

A restore changes nothing unless it can finish: it checks the dump first (SQLite: loads it into a scratch copy of
the database; PostgreSQL: reads the whole archive), and refuses it if its row counts differ from the manifest;
it extracts the media into a staging folder; then it replaces the database in one transaction (flush + loaddata,
or pg_restore --single-transaction) and only after that commits swaps the media folder in by renaming.
`make backup` and `make restore BACKUP=…` call these through scripts/backup.py; docs/deployment.md says how
often and where.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.utils import load_backend
from django.utils import timezone

from facilities.content_version import bump_content_version

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2  # 2: records counted with the base managers, many-to-many tables included
PG_DUMP = "database.dump"
JSON_DUMP = "database.json"
MEDIA_ARCHIVE = "media.tar.gz"
# Rebuilt by migrate or worthless after a restore; a SQLite restore keeps the live database's own.
# procrastinate's job tables are PostgreSQL only (pg_dump keeps them there); SQLite has none to dump.
DUMPDATA_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "procrastinate"]
NOT_RESTORED_FROM_JSON = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}
STAGING_PREFIX = ".wanli-restore-"
COPY_LINE = re.compile(r'^COPY (?:"?[^".\s]+"?\.)?"?([^"\s(]+)"? \(')


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


def _counted_models() -> list:
    """One model per table: many-to-many tables included, proxies (which share a table) left out, and the
    task queue's tables too (procrastinate's own, unmanaged; jobs come and go while a backup runs)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.app_label != "procrastinate"
    ]


def record_counts(*, using: str = "default") -> dict[str, int]:
    """Rows per table as a backup holds them: base managers, so the recycle bin is counted too."""
    return {model._meta.label: model._base_manager.using(using).count() for model in _counted_models()}


def _check_counts(found: dict[str, int], manifest: dict, *, skip: set[str] = frozenset()) -> None:
    """Compares the tables both this code and the manifest know (a backup predates a newer model's table)."""
    if manifest.get("format", 1) < MANIFEST_FORMAT:
        return  # older manifests counted with the default managers, which leave the recycle bin out
    expected = manifest["records"]
    labels = {model._meta.label for model in _counted_models()} & set(expected) - set(skip)
    differences = [
        f"{label}: {found.get(label, 0)} (manifest: {expected[label]})"
        for label in sorted(labels)
        if found.get(label, 0) != expected[label]
    ]
    if differences:
        raise RecoveryError("The dump does not hold the rows its manifest counts: " + "; ".join(differences[:10]))


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup(*, destination: Path) -> Path:
    """Writes a new backup folder under `destination` and returns it."""
    folder = Path(destination) / timezone.now().strftime("wanli-%Y%m%d-%H%M%S-%f")
    folder.mkdir(parents=True)
    database = _database()
    if database.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={folder / PG_DUMP}", database.settings_dict["NAME"]],
            _pg_env(database.settings_dict),
        )
    else:
        # --all: the default managers hide the recycle bin, whose rows other rows (opening hours) still point to.
        call_command(
            "dumpdata",
            use_base_manager=True,
            natural_foreign=True,
            exclude=DUMPDATA_EXCLUDE,
            output=str(folder / JSON_DUMP),
            verbosity=0,
        )
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": database.vendor,
        "records": record_counts(),
        "media_files": _archive_media(folder / MEDIA_ARCHIVE),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def _archive_media(path: Path) -> int:
    media_files = 0
    with tarfile.open(path, "w:gz") as archive:
        if _media_root().is_dir():
            for file in sorted(_media_root().rglob("*")):
                relative = file.relative_to(_media_root())
                if file.is_file() and not relative.parts[0].startswith(STAGING_PREFIX):
                    archive.add(file, arcname=str(relative))
                    media_files += 1
    return media_files


def _read_manifest(source: Path) -> dict:
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise RecoveryError(f"{source} is not a backup folder (no {MANIFEST}).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise RecoveryError(f"{manifest_path} is damaged: {error}") from error
    missing = {"vendor", "records", "media_files"} - set(manifest if isinstance(manifest, dict) else ())
    if missing:
        raise RecoveryError(f"{manifest_path} is damaged: no {', '.join(sorted(missing))}.")
    database = _database()
    if manifest["vendor"] != database.vendor:
        raise RecoveryError(f"The backup is from {manifest['vendor']}; this site uses {database.vendor}.")
    return manifest


def restore(*, source: Path) -> dict:
    """Replaces the database's content and the media folder with the backup in `source`; returns its manifest.

    Raises RecoveryError, with the database and the media folder as they were, when any part cannot be restored.
    """
    source = Path(source)
    manifest = _read_manifest(source)
    database = _database()
    if database.vendor == "postgresql":
        _check_pg_archive(source / PG_DUMP, manifest)
    else:
        _check_json_dump(source / JSON_DUMP, manifest)
    staged = _stage_media(source / MEDIA_ARCHIVE, manifest)
    try:
        if database.vendor == "postgresql":
            _restore_pg(source / PG_DUMP)
        else:
            _restore_json(source / JSON_DUMP, manifest, using=database.alias)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    _swap_media(staged)
    bump_content_version()  # restored rows sent no save signal
    return manifest


# PostgreSQL: pg_dump archive, pg_restore in one transaction.


def _check_pg_archive(dump: Path, manifest: dict) -> None:
    """Reads every data block of the archive (a cut or damaged one fails here) and counts its rows per table."""
    if not dump.is_file():
        raise RecoveryError(f"{dump} is missing.")
    labels = {model._meta.db_table: model._meta.label for model in _counted_models()}
    rows: Counter[str] = Counter()
    in_copy, label = False, None
    command = ["pg_restore", "--data-only", "--file=-", str(dump)]
    # stderr into a file: a pipe nobody reads while stdout streams could fill and stall pg_restore.
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            encoding="utf-8",
            env=_pg_env(_database().settings_dict),
        ) as process,
    ):
        for line in process.stdout:
            if not in_copy:
                match = COPY_LINE.match(line)
                in_copy, label = bool(match), match and labels.get(match.group(1))
            elif line == "\\.\n":
                in_copy = False
            elif label:  # tables without a model (django_migrations) are restored but not counted
                rows[label] += 1  # COPY's text format escapes newlines, so a line is a row
        process.wait()
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise RecoveryError(f"The database dump {dump} cannot be read: {message}")
    _check_counts(rows, manifest)


def _restore_pg(dump: Path) -> None:
    database = _database()
    connections.close_all()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database.settings_dict['NAME']}",
            str(dump),
        ],
        _pg_env(database.settings_dict),
    )


# SQLite: dumpdata JSON, checked in a scratch copy, then flush + loaddata in one transaction.


def _check_json_dump(dump: Path, manifest: dict) -> None:
    """Loads the dump into a scratch copy of the live database: what fails there would fail on the live one."""
    if not dump.is_file():
        raise RecoveryError(f"{dump} is missing.")
    if _database().vendor != "sqlite":
        raise RecoveryError(f"Restoring a JSON dump is supported on SQLite only, not on {_database().vendor}.")
    with _scratch_sqlite_copy() as scratch:
        _replace_rows(dump, manifest, using=scratch)


def _restore_json(dump: Path, manifest: dict, *, using: str) -> None:
    with transaction.atomic(using=using):
        _replace_rows(dump, manifest, using=using)


def _replace_rows(dump: Path, manifest: dict, *, using: str) -> None:
    try:
        _empty_tables(using=using)
        call_command("loaddata", str(dump), database=using, verbosity=0)
    except Exception as error:  # loaddata raises whatever the rows trigger: IntegrityError, DeserializationError…
        raise RecoveryError(f"The database dump {dump} cannot be loaded: {error}") from error
    _check_counts(record_counts(using=using), manifest, skip=NOT_RESTORED_FROM_JSON)


def _empty_tables(*, using: str) -> None:
    """Like flush, but keeps content types and permissions (the dump refers to them by natural key) and sends no
    post_migrate signal, whose handlers would create rows (role groups) that the dump holds already."""
    connection = connections[using]
    kept = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in kept
    ]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))


@contextmanager
def _scratch_sqlite_copy() -> Iterator[str]:
    """A database alias for a throw-away file copy of the live SQLite database (schema, content types)."""
    live = _database()
    live.ensure_connection()
    with tempfile.TemporaryDirectory(prefix="wanli-restore-check-") as folder:
        path = Path(folder) / "scratch.sqlite3"
        target = sqlite3.connect(path)
        try:
            live.connection.backup(target)
        finally:
            target.close()
        alias = f"restore-check-{uuid.uuid4().hex}"
        # Registered as a connection but not in settings.DATABASES, so nothing iterating over the databases
        # (close_all, test isolation) sees it.
        scratch = load_backend(live.settings_dict["ENGINE"]).DatabaseWrapper(
            {**live.settings_dict, "NAME": str(path)},
            alias,
        )
        connections[alias] = scratch
        try:
            yield alias
        finally:
            scratch.close()
            del connections[alias]


# Media: extracted into a staging folder, swapped in by renames once the database restore committed.


def _staging_parent(media_root: Path) -> Path:
    # A mounted volume (Docker) cannot be renamed, and a folder beside it may sit on another file system.
    return media_root if os.path.ismount(media_root) else media_root.parent


def _stage_media(archive_path: Path, manifest: dict) -> Path:
    media_root = _media_root()
    parent = _staging_parent(media_root)
    parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{media_root.name}-", dir=parent))
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staged, filter="data")
    except (OSError, tarfile.TarError, EOFError) as error:
        shutil.rmtree(staged, ignore_errors=True)
        raise RecoveryError(f"The media archive {archive_path} cannot be extracted: {error}") from error
    extracted = sum(1 for path in staged.rglob("*") if path.is_file())
    if extracted != manifest["media_files"]:
        shutil.rmtree(staged, ignore_errors=True)
        raise RecoveryError(
            f"The media archive holds {extracted} files; its manifest counts {manifest['media_files']}."
        )
    return staged


def _swap_media(staged: Path) -> None:
    media_root = _media_root()
    if staged.parent == media_root:
        _swap_media_contents(staged, media_root)
        return
    old = media_root.with_name(f"{STAGING_PREFIX}{media_root.name}-old-{uuid.uuid4().hex}")
    if media_root.exists():
        media_root.rename(old)
    try:
        staged.rename(media_root)
    except OSError:
        if old.exists():
            old.rename(media_root)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _swap_media_contents(staged: Path, media_root: Path) -> None:
    old = media_root / f"{STAGING_PREFIX}old-{uuid.uuid4().hex}"
    old.mkdir()
    for entry in list(media_root.iterdir()):
        if not entry.name.startswith(STAGING_PREFIX):
            entry.rename(old / entry.name)
    for entry in list(staged.iterdir()):
        entry.rename(media_root / entry.name)
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
