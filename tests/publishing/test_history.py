"""History pages' values as staff read them: labels, 是/否, （空）, local time; fields by their Chinese names."""

from datetime import UTC, date, datetime
from decimal import Decimal

from facilities.models import Facility
from publishing.history import display_value, field_label


def field(name):
    return Facility._meta.get_field(name)


def test_choices_show_their_labels():
    assert display_value(field("publication_status"), "published") == "已发布"
    assert display_value(field("operation_status"), "temporarily_closed") == "暂停开放"


def test_yes_no_and_empty():
    assert display_value(field("location_verified"), True) == "是"
    assert display_value(field("location_verified"), False) == "否"
    assert display_value(field("closure_reason"), "") == "（空）"
    assert display_value(field("last_verified"), None) == "（空）"


def test_times_are_shown_in_shanghai_time_and_other_values_as_they_are():
    assert display_value(field("updated_at"), datetime(2026, 12, 4, 2, 30, tzinfo=UTC)) == "2026-12-04 10:30"
    assert display_value(field("last_verified"), date(2024, 3, 1)) == "2024-03-01"
    assert display_value(field("latitude"), Decimal("31.260000")) == "31.260000"


def test_fields_by_their_chinese_names():
    assert field_label(Facility, "publication_status") == "发布状态"
    assert field_label(Facility, "no_such_field") == "no_such_field"
