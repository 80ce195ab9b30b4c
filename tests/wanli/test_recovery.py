"""Backup, wipe, restore: every record and every photo comes back (on whichever database the suite uses)."""
import shutil
from datetime import time
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from facilities.actions import facility_photo_add
from facilities.models import Audience, Facility, FacilityKind, FacilityPhoto, OpeningPeriod
from tests.facilities.factories import FacilityFactory, OpeningPeriodFactory
from wanli.recovery import RecoveryError, backup, record_counts, restore

pytestmark = pytest.mark.django_db(transaction=True)


def _jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("door.jpg", buffer.getvalue())


def test_backup_wipe_restore_finds_every_record_and_photo(tmp_path, settings):
    Audience.objects.get_or_create(code="elderly")  # earlier transactional tests flush migration-made rows
    canteen = FacilityFactory(name="香泉智助食堂", audiences=["elderly"])
    OpeningPeriodFactory(facility=canteen, weekday=2, opens=time(11), closes=time(13))
    FacilityFactory(name="万里公园", parent=canteen)
    photo = facility_photo_add(facility=canteen, image=_jpeg(), alt_text="食堂门口", caption="正门")
    photo_files = {f.name: Path(f.path).read_bytes() for f in (photo.image, photo.thumbnail, photo.thumbnail_2x)}
    counts_before = record_counts()
    facilities_before = sorted(Facility.objects.values_list("slug", "name", "parent__slug"))

    folder = backup(destination=tmp_path / "backups")

    Facility.objects.all().delete()
    FacilityKind.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Facility.objects.exists()

    manifest = restore(source=folder)

    assert manifest["media_files"] == 3
    assert record_counts() == counts_before
    assert sorted(Facility.objects.values_list("slug", "name", "parent__slug")) == facilities_before
    restored = Facility.objects.get(slug=canteen.slug)
    assert list(restored.audiences.values_list("code", flat=True)) == ["elderly"]
    assert OpeningPeriod.objects.get(facility=restored).opens == time(11)
    restored_photo = FacilityPhoto.objects.get(facility=restored)
    for field in (restored_photo.image, restored_photo.thumbnail, restored_photo.thumbnail_2x):
        assert Path(field.path).read_bytes() == photo_files[field.name]


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(RecoveryError):
        restore(source=tmp_path)
