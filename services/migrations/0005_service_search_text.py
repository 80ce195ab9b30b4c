from django.db import migrations, models

from facilities.search_text import build_search_text

INDEX = "service_search_text_trgm"


def fill_search_text(apps, schema_editor):
    Service = apps.get_model("services", "Service")
    rows = list(Service._base_manager.using(schema_editor.connection.alias).all())
    for row in rows:
        row.search_text = build_search_text(
            name=row.name, other_names=[row.name_en],
            texts=[row.summary, row.summary_en, row.description, row.description_en],
        )
    Service._base_manager.using(schema_editor.connection.alias).bulk_update(rows, ["search_text"], batch_size=500)


def add_trigram_index(apps, schema_editor):
    # PostgreSQL only; pg_trgm is created by facilities 0008.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON services_service USING gin (search_text gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0009_facility_search_text'),
        ('services', '0004_menu_publish_permission'),
    ]

    operations = [
        migrations.AddField(
            model_name='service',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, help_text='保存时自动生成，供站内搜索使用。', verbose_name='搜索文本'),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
