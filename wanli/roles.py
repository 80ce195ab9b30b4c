"""The street office's staff roles, as data: which permissions each group gets.

`sync_roles()` makes every group hold exactly the permissions listed here (adding and removing), so running it
again is harmless. It runs after every `migrate` (a post_migrate handler) and from `manage.py setup_roles`, and
names Django's built-in permissions in Chinese ("可以添加设施", not "Can add 设施").
Permissions of models that do not exist yet (an app still being built) are skipped, and picked up on the
first migrate after the app lands.
"""

import logging
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

VIEW = ("view",)
EDIT = ("add", "change", "view")
EDIT_AND_REMOVE = ("add", "change", "delete", "view")
ALL = ("add", "change", "delete", "view")

CONTENT_EDITOR = "内容编辑"
PUBLISHER = "审核发布"
DATA_ENTRY = "数据填报"
MANAGER = "管理层"
REQUEST_HANDLER = "工单处理"
DOOR_STAFF = "活动签到"


@dataclass(frozen=True)
class Grant:
    """`actions` on the model `app_label.model` (lower-case model name), plus any extra codenames of that app."""

    model: str
    actions: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def codenames(self) -> list[tuple[str, str]]:
        app_label, model_name = self.model.split(".")
        return [(app_label, f"{action}_{model_name}") for action in self.actions] + [
            (app_label, codename) for codename in self.extra
        ]


# Content the manager reads (and nothing with residents' personal data in it).
CONTENT_MODELS = [
    "facilities.facility",
    "facilities.openingperiod",
    "facilities.hoursexception",
    "facilities.facilityphoto",
    "facilities.facilitykind",
    "facilities.audience",
    "facilities.publicholiday",
    "facilities.estate",
    "services.servicecategory",
    "services.service",
    "services.serviceatlocation",
    "services.menu",
    "services.menuitem",
    "lifecircle.lifecirclecategory",
    "activities.activity",
    "activities.activityseries",
    "wanli.sitecontact",
    "search.searchsynonym",
    "search.unmatchedsearch",
]
REPORT_MODELS = ["reports.metric", "reports.metricvalue", "reports.achievement"]

ROLES: dict[str, list[Grant]] = {
    # Writes drafts: adds and changes facilities and services, manages their hours, photos and menus, and
    # handles residents' corrections to content. Cannot publish, unpublish or delete a facility or service, nor
    # publish a menu; changes to published content wait for a publisher's review.
    CONTENT_EDITOR: [
        Grant("facilities.facility", EDIT),
        Grant("facilities.openingperiod", EDIT_AND_REMOVE),
        Grant("facilities.hoursexception", EDIT_AND_REMOVE),
        Grant("facilities.facilityphoto", EDIT_AND_REMOVE),
        Grant("facilities.facilitykind", VIEW),
        Grant("facilities.audience", VIEW),
        Grant("facilities.publicholiday", VIEW),
        Grant("facilities.estate", VIEW),
        Grant("services.servicecategory", VIEW),
        Grant("services.service", EDIT),
        Grant("services.serviceatlocation", EDIT_AND_REMOVE),
        Grant("services.menu", EDIT_AND_REMOVE),
        Grant("services.menuitem", EDIT_AND_REMOVE),
        Grant("casework.correction", ("change", "view")),
        # Their own changes to published content wait here for a publisher.
        Grant("publishing.pendingrevision", VIEW),
        Grant("search.searchsynonym", EDIT_AND_REMOVE),
        Grant("search.unmatchedsearch", ("delete", "view")),
        # Activities: drafts, copies to new dates, extra places; sign-ups seen with phones masked.
        Grant("activities.activity", EDIT),
        Grant("activities.activityseries", EDIT),
        Grant("activities.signup", VIEW),
    ],
    # Decides what residents see: publishes, unpublishes, archives and deletes (to the recycle bin),
    # and keeps the shared lists (kinds, categories, estates, the holiday calendar) in order.
    PUBLISHER: [
        Grant("facilities.facility", ALL, extra=("publish_facility",)),
        Grant("facilities.openingperiod", ALL),
        Grant("facilities.hoursexception", ALL),
        Grant("facilities.facilityphoto", ALL),
        Grant("facilities.facilitykind", ALL),
        Grant("facilities.audience", VIEW),
        Grant("facilities.publicholiday", ALL),
        Grant("facilities.estate", ALL),
        Grant("services.servicecategory", ALL),
        Grant("services.service", ALL, extra=("publish_service",)),
        Grant("services.serviceatlocation", ALL),
        Grant("services.menu", ALL, extra=("publish_menu",)),
        Grant("services.menuitem", ALL),
        Grant("casework.correction", ("change", "view")),
        # Approving or rejecting a change takes the publish permission of that kind of content.
        Grant("publishing.pendingrevision", VIEW),
        # The street office's public contact details (联系我们, every page's footer).
        Grant("wanli.sitecontact", EDIT),
        Grant("search.searchsynonym", ALL),
        Grant("search.unmatchedsearch", ("delete", "view")),
        Grant("activities.activity", ALL, extra=("publish_activity",)),
        Grant("activities.activityseries", ALL),
        Grant("activities.signup", VIEW),
        Grant("activities.walkin", VIEW, extra=("check_in",)),
    ],
    # Enters the yearly figures and achievements.
    DATA_ENTRY: [
        Grant("reports.metric", VIEW),
        Grant("reports.metricvalue", EDIT_AND_REMOVE),
        Grant("reports.achievement", EDIT_AND_REMOVE),
    ],
    # Reads everything public, the dashboard and the life-circle coverage; changes nothing, and sees no
    # resident's personal data (no casework permission at all).
    MANAGER: [Grant(model, VIEW) for model in CONTENT_MODELS + REPORT_MODELS]
    + [
        Grant("reports.metric", extra=("view_dashboard",)),
        Grant("lifecircle.lifecirclecategory", extra=("view_coverage",)),
    ],
    # Handles residents' service requests and calls back those who reported a correction, with their personal
    # data, and nothing else. The correction's contact is its own permission: content editors fix the page
    # without seeing who reported it.
    REQUEST_HANDLER: [
        # "add": requests that arrive by phone or at the counter are entered by the handler.
        Grant("casework.servicerequest", EDIT, extra=("view_personal_data",)),
        Grant("casework.requestevent", ("add", "view")),
        Grant("casework.placepool", ("change", "view")),
        Grant("casework.requestsettings", VIEW),
        Grant("casework.correction", ("change", "view"), extra=("view_correction_contact",)),
        # Activity sign-ups taken by phone or at the counter, with the residents' names and phones.
        Grant("activities.activity", VIEW),
        Grant("activities.signup", ("add", "view"), extra=("view_signup_personal_data",)),
        Grant("activities.walkin", VIEW, extra=("check_in",)),
    ],
    # A volunteer or colleague at the door: the check-in page (scan, type a code, count walk-ins) and nothing
    # else; residents' names show masked. Signs in on the site's own page and needs no staff flag.
    DOOR_STAFF: [
        Grant("activities.activity", VIEW),
        Grant("activities.walkin", extra=("check_in",)),
    ],
}


def _ensure_permissions(using: str) -> None:
    """Permissions are normally created by auth's own post_migrate handler; make sure they exist first."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)


def _permission_verbs() -> dict[str, str]:
    return {
        "add": _("可以添加%(model)s"),
        "change": _("可以修改%(model)s"),
        "delete": _("可以删除%(model)s"),
        "view": _("可以查看%(model)s"),
    }


def _model_name(model) -> str:
    if issubclass(model, HistoricalChanges):
        # django-simple-history calls these "historical <name>", a phrase it gives no translation for.
        return _("%(model)s的修改记录") % {"model": model.instance_type._meta.verbose_name}
    return str(model._meta.verbose_name)


def name_permissions_in_chinese(*, using: str = "default") -> int:
    """Django names the built-in permissions "Can add <model>" in English, stored at migrate time, and the group
    and user forms show the stored name. Renames them as the admin speaks; returns how many names changed."""
    changed = 0
    with translation.override(settings.LANGUAGE_CODE):
        verbs = _permission_verbs()
        for content_type in ContentType.objects.using(using).all():
            model = content_type.model_class()
            if model is None:
                continue
            names = {
                f"{action}_{model._meta.model_name}": verbs[action] % {"model": _model_name(model)}
                for action in model._meta.default_permissions
                if action in verbs
            }
            for permission in Permission.objects.using(using).filter(content_type=content_type, codename__in=names):
                if permission.name != names[permission.codename][:255]:
                    permission.name = names[permission.codename][:255]
                    permission.save(update_fields=["name"])
                    changed += 1
    return changed


def role_permissions(role: str, *, using: str = "default") -> list[Permission]:
    """The permissions that exist for `role`; those of models not (yet) installed are left out."""
    wanted = [pair for grant in ROLES[role] for pair in grant.codenames()]
    existing = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using)
        .select_related("content_type")
        .filter(codename__in=[codename for _, codename in wanted])
    }
    missing = [f"{app}.{codename}" for app, codename in wanted if (app, codename) not in existing]
    if missing:
        logger.debug("Role %s: permissions not installed yet: %s", role, ", ".join(missing))
    return [existing[pair] for pair in wanted if pair in existing]


@transaction.atomic
def sync_roles(*, using: str = "default") -> dict[str, int]:
    """Creates the groups and gives each exactly its listed permissions. Returns the permission count per role."""
    _ensure_permissions(using)
    name_permissions_in_chinese(using=using)
    counts = {}
    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        permissions = role_permissions(role, using=using)
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts


def sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate handler: permissions do not exist inside a migration on a fresh database, so roles come after."""
    sync_roles(using=using)
