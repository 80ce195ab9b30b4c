"""Gives every facility a stable UUID for the open-data API: add the column, fill existing rows, then make it unique."""
import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Facility = apps.get_model("facilities", "Facility")
    for facility in Facility.objects.filter(uuid__isnull=True).only("pk"):
        facility.uuid = uuid.uuid4()
        facility.save(update_fields=["uuid"])


def copy_uuids_to_history(apps, schema_editor):
    """History rows carry their facility's UUID (rows of deleted facilities keep the one they were given)."""
    Facility = apps.get_model("facilities", "Facility")
    HistoricalFacility = apps.get_model("facilities", "HistoricalFacility")
    for pk, value in Facility.objects.values_list("pk", "uuid"):
        HistoricalFacility.objects.filter(id=pk).update(uuid=value)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0002_audiences")]

    operations = [
        migrations.AddField(
            model_name="facility",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="facility",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="开放数据标识",
                help_text="开放数据接口中使用的永久标识，不会改变。",
            ),
        ),
        migrations.AddField(
            model_name="historicalfacility",
            name="uuid",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, verbose_name="开放数据标识",
                help_text="开放数据接口中使用的永久标识，不会改变。",
            ),
        ),
        migrations.RunPython(copy_uuids_to_history, migrations.RunPython.noop),
    ]
