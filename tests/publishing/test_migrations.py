"""A database migrated while the app was still called `workflow` moves forward without losing a pending revision."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from facilities.models import Facility
from publishing.models import PendingRevision

OLD_INITIAL = ("workflow", "0001_pending_revision")
NEW_INITIAL = ("publishing", "0001_pending_revision")
RENAME = ("publishing", "0002_rename_from_workflow")


def _database_as_old_main_left_it() -> int:
    """Go back to the schema of the old app and record its migration under its old name; returns a revision's pk."""
    executor = MigrationExecutor(connection)
    executor.migrate([NEW_INITIAL])
    old_model = executor.loader.project_state(NEW_INITIAL).apps.get_model("publishing", "PendingRevision")
    assert old_model._meta.db_table == "workflow_pendingrevision"
    revision = old_model.objects.create(
        content_type_id=ContentType.objects.get_for_model(Facility).pk,
        object_id=1,
        object_repr="旧名称下提交的修改",
        data={"fields": {}, "inlines": []},
    )
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied(*NEW_INITIAL)
    recorder.record_applied(*OLD_INITIAL)
    return revision.pk


@pytest.mark.django_db(transaction=True)
def test_migrate_from_the_workflow_app_keeps_revisions_content_type_and_permissions():
    content_type_pk = ContentType.objects.get_for_model(PendingRevision).pk
    revision_pk = _database_as_old_main_left_it()
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=content_type_pk).app_label == "workflow"  # as the old app named it

    # The old name stays recorded, as `migrate` leaves it on a new database too (a replacing migration counts as
    # applied only while every migration it replaces is recorded): deleting it would leave later tests'
    # executors believing publishing.0001 unapplied.
    try:
        executor = MigrationExecutor(connection)
        assert NEW_INITIAL in executor.loader.applied_migrations  # counted as applied: it replaces the old one
        executor.migrate([RENAME])
    finally:
        ContentType.objects.clear_cache()

    assert PendingRevision.objects.get(pk=revision_pk).object_repr == "旧名称下提交的修改"
    assert ContentType.objects.get(pk=content_type_pk).app_label == "publishing"  # the permissions hang on it
    assert (
        ContentType.objects.get_for_model(PendingRevision)
        .permission_set.filter(codename="view_pendingrevision")
        .exists()
    )
    assert MigrationRecorder(connection).migration_qs.filter(app="publishing", name=NEW_INITIAL[1]).exists()
