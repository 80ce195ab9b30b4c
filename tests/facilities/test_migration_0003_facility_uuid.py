"""facilities/migrations/0003 gives rows that existed before it distinct UUIDs (the open data's stable ids)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("facilities", "0002_audiences")]
AFTER = [("facilities", "0003_facility_uuid")]


@pytest.mark.django_db(transaction=True)
def test_existing_facilities_get_distinct_uuids_and_history_keeps_them():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    kind = old_apps.get_model("facilities", "FacilityKind").objects.create(name="食堂", slug="canteen-m")
    Facility = old_apps.get_model("facilities", "Facility")
    History = old_apps.get_model("facilities", "HistoricalFacility")
    made = [Facility.objects.create(name=f"旧设施{n}", slug=f"old-{n}", kind=kind) for n in range(3)]
    for facility in made:
        History.objects.create(
            id=facility.pk,
            name=facility.name,
            slug=facility.slug,
            kind_id=kind.pk,
            history_type="+",
            history_date=facility.created_at,
            created_at=facility.created_at,
            updated_at=facility.updated_at,
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    rows = dict(new_apps.get_model("facilities", "Facility").objects.values_list("pk", "uuid"))
    assert len(rows) == 3 and None not in rows.values() and len(set(rows.values())) == 3
    history = dict(new_apps.get_model("facilities", "HistoricalFacility").objects.values_list("id", "uuid"))
    assert history == rows

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
