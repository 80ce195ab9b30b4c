"""Backup, damage, restore: every row (recycle bin and history included), every user and photo comes back, and a
restore that cannot finish changes nothing (on whichever database the suite uses)."""

import errno
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from facilities.actions import facility_photo_add
from facilities.models import Audience, Facility, FacilityKind, FacilityPhoto, OpeningPeriod
from publishing.actions import move_to_recycle_bin
from services.actions import service_offer_at
from services.models import Service, ServiceAtLocation
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from tests.services.factories import ServiceFactory
from wanli import recovery
from wanli.recovery import RecoveryError, backup, record_counts, restore

pytestmark = pytest.mark.django_db(transaction=True)


def _jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("door.jpg", buffer.getvalue())


def _media_files(media_root) -> dict[str, bytes]:
    root = Path(media_root)
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def portal():
    """A canteen with hours and a photo, a binned facility with hours, a binned service offered at the canteen,
    an editor in a group with a permission; moving things to the bin wrote history rows."""
    Audience.objects.get_or_create(code="elderly")  # earlier transactional tests flush migration-made rows
    editors = Group.objects.create(name="备份测试编辑组")
    editors.permissions.add(Permission.objects.get(codename="change_facility"))
    editor = User.objects.create_user(username="editor-wang", password="a-long-editor-password-2024", is_staff=True)
    editor.groups.add(editors)
    canteen = FacilityFactory(name="香泉智助食堂", audiences=["elderly"])
    OpeningPeriodFactory(facility=canteen, weekday=2, opens=time(11), closes=time(13))
    FacilityFactory(name="万里公园", parent=canteen)
    facility_photo_add(facility=canteen, image=_jpeg(), alt_text="食堂门口", caption="正门")
    binned = FacilityFactory(name="旧活动室")
    OpeningPeriodFactory(facility=binned, weekday=4, opens=time(9), closes=time(17))
    move_to_recycle_bin(obj=binned, by=editor)
    old_service = ServiceFactory(name="旧助浴服务")
    service_offer_at(service=old_service, facility=canteen)
    move_to_recycle_bin(obj=old_service, by=editor)
    return {"canteen": canteen, "binned": binned, "service": old_service, "editor": editor}


def _to_milliseconds(moment: datetime | None) -> datetime | None:
    """dumpdata's JSON keeps datetimes to the millisecond (Django's JSON encoder); pg_dump keeps them whole."""
    return moment and moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _snapshot(settings) -> dict:
    return {
        "counts": record_counts(),
        "facilities": sorted(
            (pk, slug, name, parent, _to_milliseconds(deleted_at))
            for pk, slug, name, parent, deleted_at in Facility.all_objects.values_list(
                "pk",
                "slug",
                "name",
                "parent__slug",
                "deleted_at",
            )
        ),
        "services": sorted(
            (pk, slug, _to_milliseconds(deleted_at))
            for pk, slug, deleted_at in Service.all_objects.values_list("pk", "slug", "deleted_at")
        ),
        "users": sorted(User.objects.values_list("pk", "username", "password", "is_staff")),
        "memberships": sorted(User.groups.through.objects.values_list("user__username", "group__name")),
        "group_permissions": sorted(
            Group.permissions.through.objects.values_list("group__name", "permission__codename")
        ),
        "facility_history": sorted(Facility.history.values_list("history_id", "id", "history_user__username")),
        "media": _media_files(settings.MEDIA_ROOT),
    }


def _break_the_dump(folder: Path) -> None:
    """A dump that cannot load: on SQLite it misses the binned facility its opening hours point to (what dumping
    with the default manager did); a PostgreSQL archive is cut short."""
    if connection.vendor == "postgresql":
        dump = folder / recovery.PG_DUMP
        dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    else:
        dump = folder / recovery.JSON_DUMP
        rows = json.loads(dump.read_text(encoding="utf-8"))
        binned = Facility.all_objects.get(deleted_at__isnull=False).pk
        rows = [row for row in rows if not (row["model"] == "facilities.facility" and row["pk"] == binned)]
        dump.write_text(json.dumps(rows), encoding="utf-8")


def _damage(settings) -> None:
    """What a restore must undo: rows deleted (binned ones and users included), rows added, photos lost."""
    ServiceAtLocation.objects.all().delete()
    Service.all_objects.all().delete()
    Facility.all_objects.all().delete()
    FacilityKind.objects.all().delete()
    User.objects.all().delete()
    Group.objects.all().delete()
    FacilityFactory(name="备份之后新建的设施")
    for entry in Path(settings.MEDIA_ROOT).iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    (Path(settings.MEDIA_ROOT) / "after-backup.txt").write_text("新文件", encoding="utf-8")


def test_round_trip_brings_back_binned_rows_history_photos_users_and_groups(portal, tmp_path, settings):
    before = _snapshot(settings)
    assert len(before["media"]) == 3  # the photo and its two thumbnails

    folder = backup(destination=tmp_path / "backups")
    _damage(settings)
    manifest = restore(source=folder)

    assert manifest["media_files"] == 3
    assert _snapshot(settings) == before
    binned = Facility.all_objects.get(pk=portal["binned"].pk)
    assert binned.deleted_at is not None
    assert not Facility.objects.filter(pk=binned.pk).exists()  # still in the recycle bin, not published again
    assert OpeningPeriod.objects.get(facility=binned).opens == time(9)
    assert ServiceAtLocation.objects.get(service_id=portal["service"].pk).facility_id == portal["canteen"].pk
    assert list(Facility.objects.get(pk=portal["canteen"].pk).audiences.values_list("code", flat=True)) == ["elderly"]
    photo = FacilityPhoto.objects.get(facility_id=portal["canteen"].pk)
    assert Path(photo.thumbnail.path).read_bytes() == before["media"][photo.thumbnail.name]
    assert User.objects.get(username="editor-wang").check_password("a-long-editor-password-2024")
    assert User.objects.get(username="editor-wang").has_perm("facilities.change_facility")
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".*restore*"))  # no staging folder left behind


def test_the_manifest_counts_the_recycle_bin(portal, tmp_path):
    manifest = json.loads((backup(destination=tmp_path) / recovery.MANIFEST).read_text(encoding="utf-8"))

    assert manifest["records"]["facilities.Facility"] == 3
    assert manifest["records"]["services.Service"] == 1
    assert manifest["records"]["facilities.Facility_audiences"] == 1


def test_a_dump_that_cannot_load_changes_nothing(portal, tmp_path, settings):
    folder = backup(destination=tmp_path / "backups")
    _break_the_dump(folder)
    _damage(settings)
    damaged = _snapshot(settings)

    with pytest.raises(RecoveryError):
        restore(source=folder)

    assert _snapshot(settings) == damaged


@contextmanager
def _live_database_refusing_the_restore() -> Iterator[None]:
    """The live database fails the restore half-way although the dump is sound (the check passes): on SQLite a
    temporary trigger, which the scratch copy does not get, refuses new facilities; on PostgreSQL a view keeps
    pg_restore --clean from dropping the facilities table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE VIEW backup_test_blocker AS SELECT id FROM facilities_facility")
        else:
            cursor.execute(
                "CREATE TEMP TRIGGER backup_test_blocker BEFORE INSERT ON main.facilities_facility "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            kind = "VIEW" if connection.vendor == "postgresql" else "TRIGGER"
            cursor.execute(f"DROP {kind} IF EXISTS backup_test_blocker")


def test_a_restore_failing_in_the_live_database_changes_nothing(portal, tmp_path, settings):
    folder = backup(destination=tmp_path / "backups")
    _damage(settings)
    damaged = _snapshot(settings)

    with _live_database_refusing_the_restore(), pytest.raises(RecoveryError, match="disk full|depend on"):
        restore(source=folder)

    assert _snapshot(settings) == damaged
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".*restore*"))


def test_a_damaged_media_archive_changes_nothing(portal, tmp_path, settings):
    folder = backup(destination=tmp_path / "backups")
    archive = folder / recovery.MEDIA_ARCHIVE
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    _damage(settings)
    damaged = _snapshot(settings)

    with pytest.raises(RecoveryError):
        restore(source=folder)

    assert _snapshot(settings) == damaged


def test_a_dump_whose_counts_differ_from_its_manifest_is_refused(portal, tmp_path, settings):
    folder = backup(destination=tmp_path / "backups")
    manifest = json.loads((folder / recovery.MANIFEST).read_text(encoding="utf-8"))
    manifest["records"]["facilities.OpeningPeriod"] += 1
    (folder / recovery.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    _damage(settings)
    damaged = _snapshot(settings)

    with pytest.raises(RecoveryError, match="facilities.OpeningPeriod"):
        restore(source=folder)

    assert _snapshot(settings) == damaged


@pytest.fixture
def media_root_is_a_mount_point(settings, monkeypatch):
    """MEDIA_ROOT behaves like a mounted Docker volume: it can be emptied but not renamed or removed."""
    media_root = Path(settings.MEDIA_ROOT)

    def refuse_on_mount_point(real):
        def call(path, *args, **kwargs):
            if Path(path) == media_root and not kwargs.get("dir_fd"):
                raise OSError(errno.EBUSY, "Device or resource busy", str(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(recovery.os.path, "ismount", lambda path: Path(path) == media_root)
    monkeypatch.setattr(recovery.os, "rename", refuse_on_mount_point(os.rename))
    monkeypatch.setattr(recovery.os, "rmdir", refuse_on_mount_point(os.rmdir))
    return media_root


def test_restore_into_a_mounted_media_volume_swaps_its_contents(
    portal, tmp_path, settings, media_root_is_a_mount_point
):
    media_root = media_root_is_a_mount_point
    before = _media_files(media_root)
    folder = backup(destination=tmp_path / "backups")
    _damage(settings)

    restore(source=folder)

    assert _media_files(media_root) == before
    assert not list(media_root.parent.glob(".*restore*"))


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(RecoveryError):
        restore(source=tmp_path)


def test_restore_without_a_terminal_to_confirm_changes_nothing(tmp_path):
    """`make restore` from a script or with stdin closed must not crash on the question, nor restore unasked."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "backup.py"), "restore", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "wanli.settings.test"},
    )
    assert result.returncode == 1
    assert "Nothing changed." in result.stdout
    assert "Traceback" not in result.stderr
