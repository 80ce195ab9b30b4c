"""Finish the rename of the app `workflow` to `publishing` (issue 14): the table, its index and the content type.

Moving the content type (rather than letting Django create a new one) keeps the permissions that the roles and
individual staff already hold on pending revisions, and the admin log entries that point at them.
"""

from django.db import migrations

OLD_LABEL, NEW_LABEL = "workflow", "publishing"


def _move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for stale in rows.filter(app_label=source):
        # A content type already under the target label (an earlier run of post_migrate) is left as it is.
        if not rows.filter(app_label=target, model=stale.model).exists():
            stale.app_label = target
            stale.save(update_fields=["app_label"])


def forwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, source=OLD_LABEL, target=NEW_LABEL)


def backwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, source=NEW_LABEL, target=OLD_LABEL)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("publishing", "0001_pending_revision"),
    ]

    operations = [
        migrations.AlterModelTable(name="pendingrevision", table=None),
        migrations.RenameIndex(
            model_name="pendingrevision",
            new_name="publishing__content_aa5f27_idx",
            old_name="workflow_pe_content_b348cb_idx",
        ),
        migrations.RunPython(forwards, backwards),
    ]
