"""Residents' personal data: the admin mixin that keeps it from being read back by those who may not see it,
and the purge helper that anonymises what the history and the admin log kept of it.

A masked column (139****0123) is worthless if the same user can filter the list with
`?phone__startswith=1390` and watch which rows stay: about fifty requests recover the whole number. So
for a user without the permission, every way the changelist can compare against a personal field is
refused: query-string lookups (direct or through a relation), search and ordering.
"""

from django.conf import settings
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.models import LogEntry
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.db.models.constants import LOOKUP_SEP

# What anonymised text fields say, so staff see the data was removed on purpose.
ANONYMISED = "（已匿名）"


def anonymise_traces(*, model: type[models.Model], ids: list[int], blank: dict[str, str]) -> tuple[int, int]:
    """After the rows `ids` of `model` were anonymised: their simple-history rows get the `blank` values too,
    and their admin log entries lose the text that named them. Returns (history rows, log entries) changed."""
    history = model.history.model.objects.filter(id__in=ids).update(**blank)
    log_entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids]
    ).update(object_repr=ANONYMISED, change_message="[]")
    return history, log_entries


def _search_path(search_field: str) -> str:
    # Admin search prefixes: ^ startswith, = iexact, @ full-text search.
    return search_field.lstrip("^=@")


class PersonalDataAdminMixin:
    """For a ModelAdmin whose model holds personal fields (declared in `personal_fields`); `personal_permission`
    ("app_label.codename") names who may see them, and each app using the mixin sets it.

    Users without `personal_permission` cannot filter, search or sort on those fields, nor on the personal
    fields of any related model whose admin uses this mixin too (`request__phone__startswith`). A refused
    query-string lookup raises DisallowedModelAdminLookup, which Django answers with a 400.
    """

    personal_fields: tuple[str, ...] = ()
    personal_permission: str = ""

    def may_see_personal_data(self, request) -> bool:
        return (
            request is not None and bool(self.personal_permission) and request.user.has_perm(self.personal_permission)
        )

    def _personal_fields_of(self, model) -> tuple[str, ...]:
        if model is self.model:
            return self.personal_fields
        admin = self.admin_site._registry.get(model)
        return admin.personal_fields if isinstance(admin, PersonalDataAdminMixin) else ()

    def touches_personal_field(self, path: str) -> bool:
        """Whether a lookup path (`phone__startswith`, `request__phone`, `-name`) reaches a personal field."""
        model = self.model
        for part in path.lstrip("-").split(LOOKUP_SEP):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return False  # a lookup or transform name: the path ended at the previous field
            if field.name in self._personal_fields_of(model):
                return True
            if not field.is_relation or field.related_model is None:
                return False
            model = field.related_model
        return False

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.endswith(LOOKUP_SEP + "range"):
            # The admin never builds one and cannot pass a pair through the query string: the database would
            # get a string and fail with a 500. Refused for everyone (a 400).
            return False
        if not self.may_see_personal_data(request) and self.touches_personal_field(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self.may_see_personal_data(request):
            return fields
        return [field for field in fields if not self.touches_personal_field(_search_path(field))]

    def get_ordering(self, request):
        ordering = super().get_ordering(request) or ()
        if self.may_see_personal_data(request):
            return ordering
        return [item for item in ordering if not (isinstance(item, str) and self.touches_personal_field(item))]

    def _orders_by_personal_field(self, name) -> bool:
        if not isinstance(name, str):
            return False
        order_field = getattr(getattr(self, name, None), "admin_order_field", None) or name
        return isinstance(order_field, str) and self.touches_personal_field(order_field)

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        if self.may_see_personal_data(request):
            return sortable
        return [name for name in sortable if not self._orders_by_personal_field(name)]

    def changelist_view(self, request, extra_context=None):
        if not self.may_see_personal_data(request) and ORDER_VAR in request.GET:
            # `?o=2` sorts by the list's third column whatever sortable_by says: refuse personal columns here.
            list_display = self.get_list_display(request)
            for item in request.GET[ORDER_VAR].split("."):
                index = item.rpartition("-")[2]
                if index.isdecimal() and int(index) < len(list_display):
                    if self._orders_by_personal_field(list_display[int(index)]):
                        raise DisallowedModelAdminLookup(f"Ordering by column {index} not allowed")
        return super().changelist_view(request, extra_context)


class PurgeCommand(BaseCommand):
    """Base of the commands that anonymise residents' data kept longer than the retention: `--older-than DAYS`
    (default CASEWORK_RETENTION_DAYS, the same for requests and sign-ups), checked here so that each command
    only names its purge and says what it did."""

    days_help = "Retention in days (default: CASEWORK_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, dest="days", default=None, metavar="DAYS", help=self.days_help)

    def handle(self, *args, days=None, **options):
        days = settings.CASEWORK_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--older-than must be zero or more days.")
        self.stdout.write(self.purge(days=days))

    def purge(self, *, days: int) -> str:
        """Anonymise what is older than `days`; return the line reporting the counts."""
        raise NotImplementedError
