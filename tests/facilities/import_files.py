"""What the import/export tests of facilities share: the admin's import URLs, a snapshot of every stored
value, and a few facilities to export and import (the fixture is in conftest.py)."""

from django.urls import reverse

from facilities.models import Facility

IMPORT = reverse("admin:facilities_facility_import")
PROCESS = reverse("admin:facilities_facility_process_import")


def snapshot():
    """Every stored value of every facility, audiences included, plus how much history exists."""
    rows = {
        f.slug: (
            {field.attname: getattr(f, field.attname) for field in Facility._meta.concrete_fields},
            sorted(a.code for a in f.audiences.all()),
        )
        for f in Facility.all_objects.prefetch_related("audiences")
    }
    return rows, Facility.history.count()
