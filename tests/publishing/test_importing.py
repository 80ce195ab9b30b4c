"""Every staff import shares one base: row-level validation, unchanged rows skipped and listed, all or nothing."""

import pytest

from facilities.resources import EstateResource, FacilityResource
from publishing.importing import StaffModelResource
from reports.resources import MetricValueResource
from services.resources import ServiceAtLocationResource, ServiceResource


@pytest.mark.parametrize(
    "resource",
    [FacilityResource, EstateResource, ServiceResource, ServiceAtLocationResource, MetricValueResource],
)
def test_every_staff_resource_keeps_the_shared_import_rules(resource):
    assert issubclass(resource, StaffModelResource)
    options = resource._meta
    assert (
        options.clean_model_instances,
        options.skip_unchanged,
        options.report_skipped,
        options.use_transactions,
    ) == (
        True,
        True,
        True,
        True,
    )
    assert options.model is not None and options.import_id_fields
