"""Fills the stored opening intervals for the weekly periods that existed before they were kept."""

from django.db import migrations

from facilities.models.intervals import split_period


def fill(apps, schema_editor):
    OpeningPeriod = apps.get_model("facilities", "OpeningPeriod")
    OpeningInterval = apps.get_model("facilities", "OpeningInterval")
    OpeningInterval.objects.all().delete()
    rows = [
        OpeningInterval(
            facility_id=facility_id,
            weekday=day,
            start_minute=start,
            end_minute=end,
            continues_from_previous_day=continues,
        )
        for facility_id, weekday, opens, closes in OpeningPeriod.objects.values_list(
            "facility_id", "weekday", "opens", "closes"
        ).iterator(chunk_size=2000)
        for day, start, end, continues in split_period(weekday, opens, closes)
    ]
    OpeningInterval.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("facilities", "0011_opening_intervals")]

    # Backwards: the intervals are dropped with their table by 0011's reversal; nothing to undo here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
