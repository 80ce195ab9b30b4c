from django.db import migrations

AUDIENCE_CODES = ["elderly", "children_families", "new_employment", "disabled", "all_residents"]


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("facilities", "Audience")
    for order, code in enumerate(AUDIENCE_CODES):
        Audience.objects.get_or_create(code=code, defaults={"order": order})


def remove_audiences(apps, schema_editor):
    apps.get_model("facilities", "Audience").objects.filter(code__in=AUDIENCE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_initial")]
    operations = [migrations.RunPython(create_audiences, remove_audiences)]
