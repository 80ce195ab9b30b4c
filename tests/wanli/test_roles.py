"""The staff groups: created after migrate and by `setup_roles`, each with exactly its listed permissions."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from wanli import roles

pytestmark = pytest.mark.django_db


def perms(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}


def test_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.CONTENT_EDITOR,
        roles.PUBLISHER,
        roles.DATA_ENTRY,
        roles.MANAGER,
        roles.REQUEST_HANDLER,
    }


def test_content_editor_cannot_publish_or_delete_facilities():
    editor = perms(roles.CONTENT_EDITOR)
    assert {
        "facilities.add_facility",
        "facilities.change_facility",
        "facilities.delete_openingperiod",
        "facilities.delete_hoursexception",
        "facilities.delete_facilityphoto",
    } <= editor
    assert "facilities.publish_facility" not in editor
    assert "facilities.delete_facility" not in editor


def test_publisher_publishes_and_deletes():
    assert {"facilities.publish_facility", "facilities.delete_facility"} <= perms(roles.PUBLISHER)


def test_manager_only_views():
    manager = perms(roles.MANAGER)
    assert manager
    assert all(codename.split(".")[1].startswith("view_") for codename in manager)


def test_setup_roles_is_idempotent_and_removes_stray_permissions():
    group = Group.objects.get(name=roles.CONTENT_EDITOR)
    group.permissions.add(Permission.objects.get(codename="publish_facility"))
    before_other_groups = {name: perms(name) for name in (roles.PUBLISHER, roles.MANAGER)}
    out = StringIO()
    call_command("setup_roles", stdout=out)
    call_command("setup_roles", stdout=out)
    assert "facilities.publish_facility" not in perms(roles.CONTENT_EDITOR)
    assert {name: perms(name) for name in (roles.PUBLISHER, roles.MANAGER)} == before_other_groups
    assert Group.objects.filter(name=roles.CONTENT_EDITOR).count() == 1
    assert "内容编辑" in out.getvalue()


def test_permissions_of_models_not_installed_yet_are_skipped(monkeypatch):
    monkeypatch.setitem(roles.ROLES, roles.REQUEST_HANDLER, [roles.Grant("nosuchapp.thing", roles.ALL)])
    roles.sync_roles()
    assert perms(roles.REQUEST_HANDLER) == set()


def test_every_listed_permission_of_an_installed_app_exists():
    """A typo in a codename would silently grant nothing. Models still being built (on other branches) are
    skipped; for every installed model each listed codename must exist."""
    from django.apps import apps

    installed_models = {m._meta.label_lower for m in apps.get_models()}
    existing = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    checked = 0
    for grants in roles.ROLES.values():
        for grant in grants:
            for app_label, codename in grant.codenames():
                if grant.model in installed_models:
                    assert f"{app_label}.{codename}" in existing, grant
                    checked += 1
    assert checked > 20


def test_manager_has_no_request_permissions():
    assert not [p for p in perms(roles.MANAGER) if p.startswith("casework.")]
    assert all(not g.model.startswith("casework.") for g in roles.ROLES[roles.MANAGER])


def test_built_in_permissions_are_named_in_chinese():
    assert not Permission.objects.filter(name__startswith="Can ").exists()
    assert Permission.objects.get(codename="add_facility").name == "可以添加设施"
    assert Permission.objects.get(codename="delete_openingperiod").name == "可以删除每周开放时段"
    assert Permission.objects.get(codename="change_user").name == "可以修改用户"
    assert Permission.objects.get(codename="view_historicalfacility").name == "可以查看设施的修改记录"
    # Permissions the project names itself keep their names.
    assert Permission.objects.get(codename="publish_facility").name == "可以发布、撤下和归档设施"


def test_an_english_permission_name_is_renamed_once():
    permission = Permission.objects.get(codename="view_facility")
    Permission.objects.filter(pk=permission.pk).update(name="Can view 设施")
    assert roles.name_permissions_in_chinese() == 1
    assert roles.name_permissions_in_chinese() == 0
    permission.refresh_from_db()
    assert permission.name == "可以查看设施"


def test_only_the_request_handler_sees_correction_contacts():
    """The handlers call residents back; content editors (and publishers) fix the page without the contact."""
    handler = perms(roles.REQUEST_HANDLER)
    assert {"casework.view_correction_contact", "casework.view_correction", "casework.change_correction"} <= handler
    holders = [role for role in roles.ROLES if "casework.view_correction_contact" in perms(role)]
    assert holders == [roles.REQUEST_HANDLER]
    assert Permission.objects.get(codename="view_correction_contact").name == "查看纠错联系方式"
