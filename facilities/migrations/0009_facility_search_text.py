from django.db import migrations, models

from facilities.search_text import build_search_text

INDEX = "facility_search_text_trgm"


def fill_search_text(apps, schema_editor):
    Facility = apps.get_model("facilities", "Facility")
    rows = list(Facility._base_manager.using(schema_editor.connection.alias).all())
    for row in rows:
        row.search_text = build_search_text(
            name=row.name, other_names=[row.name_en],
            texts=[row.summary, row.summary_en, row.description, row.description_en],
        )
    Facility._base_manager.using(schema_editor.connection.alias).bulk_update(rows, ["search_text"], batch_size=500)


def add_trigram_index(apps, schema_editor):
    # PostgreSQL only (SQLite has no GIN); kept out of the model state so SQLite and PostgreSQL share one state.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON facilities_facility USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    # The extension stays: other indexes may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0008_publicholiday_source'),
    ]

    operations = [
        migrations.AddField(
            model_name='facility',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, help_text='保存时自动生成，供站内搜索使用。', verbose_name='搜索文本'),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
