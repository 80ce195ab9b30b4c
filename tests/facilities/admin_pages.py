"""The facility admin's URLs and what the role and page tests do there: sign in as a role, run a list action,
fill in the add form."""

from django.urls import reverse

from ..wanli.factories import StaffUserFactory

CHANGELIST = reverse("admin:facilities_facility_changelist")
ADD = reverse("admin:facilities_facility_add")


def change_url(facility):
    return reverse("admin:facilities_facility_change", args=[facility.pk])


def delete_url(facility):
    return reverse("admin:facilities_facility_delete", args=[facility.pk])


def as_role(client, role):
    user = StaffUserFactory(role=role)
    client.force_login(user)
    return user


def run_action(client, action, facilities, query="", **extra):
    return client.post(
        CHANGELIST + query,
        {"action": action, "_selected_action": [f.pk for f in facilities], **extra},
        follow=True,
    )


def add_form_data(kind, **overrides):
    data = {
        "name": "新建测试设施",
        "kind": kind.pk,
        "operation_status": "open",
        "follows_public_holidays": "on",
        "opening_periods-TOTAL_FORMS": "1",
        "opening_periods-INITIAL_FORMS": "0",
        "opening_periods-0-weekday": "0",
        "opening_periods-0-opens": "09:00",
        "opening_periods-0-closes": "17:00",
        "hours_exceptions-TOTAL_FORMS": "0",
        "hours_exceptions-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data
