"""django-import-export pieces with Chinese row errors and the publish guard, shared by every resource.

Spreadsheets speak the staff's language: column headers are the fields' Chinese names (the English field names
of older templates are still read), choices and yes/no are written and read as their Chinese labels (the codes
are still read), and a refused value is answered with the values that would be accepted.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import CSV

from safeguards.spreadsheets import spreadsheet_safe, spreadsheet_value

from . import actions as publishing_actions
from . import revisions
from .models import RevisionSource, publish_permission_for
from .publishable import stored_as_published

BOM = "\ufeff"


class UnreadableFile(ValueError):
    """A file the import cannot read; the message is meant for the member of staff."""


class SpreadsheetCSV(CSV):
    """CSV as staff's spreadsheets write it.

    Excel on a Chinese Windows saves CSV in GB18030 (GBK); elsewhere it is UTF-8, with or without a byte-order
    mark. Reading tries UTF-8 first, then GB18030. Writing adds the mark, so Excel shows the Chinese correctly.
    """

    def is_binary(self):
        return True  # hand us the raw bytes; we choose the encoding

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise UnreadableFile(_("无法识别文件的编码，请在 Excel 中另存为“CSV UTF-8”或直接上传 Excel 文件。"))
        return super().create_dataset(in_stream.removeprefix(BOM), **kwargs)

    def export_data(self, dataset, **kwargs):
        return BOM + super().export_data(dataset, **kwargs)


def accepted_list(values) -> str:
    return "、".join(str(value) for value in values)


class ChoiceLabelWidget(widgets.Widget):
    """A field with choices, written as its Chinese label and read by label or by code."""

    def __init__(self, choices, **kwargs):
        self.choices = [(code, label) for code, label in choices if code not in ("", None)]
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return ""
        for code, label in self.choices:
            if text in (str(code), str(label)):
                return code
        raise ValueError(
            _("“%(value)s”不是可选的值。可选：%(accepted)s。")
            % {"value": text, "accepted": accepted_list(label for _code, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        labels = dict(self.choices)
        return "" if value in ("", None) else str(labels.get(value, value))


class ChineseBooleanWidget(widgets.BooleanWidget):
    """Yes/no as 是/否; 1/0 and true/false are still read."""

    TRUE_VALUES = ["是", *widgets.BooleanWidget.TRUE_VALUES]
    FALSE_VALUES = ["否", *widgets.BooleanWidget.FALSE_VALUES]

    def clean(self, value, row=None, **kwargs):
        value = value.strip() if isinstance(value, str) else value
        if value in self.NULL_VALUES or value in self.TRUE_VALUES or value in self.FALSE_VALUES:
            return super().clean(value, row=row, **kwargs)
        raise ValueError(_("“%(value)s”不是可选的值。可选：是、否。") % {"value": value})


class KeyForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by a natural key (a slug, a code) or, with `name_field`, by its Chinese name too.

    With `name_field` the file is written with names, and an unknown value is answered with every accepted name
    (meant for short lists such as facility kinds). An unknown key is a Chinese row error.
    """

    def __init__(self, model, field="pk", *, name_field: str | None = None, **kwargs):
        self.name_field = name_field
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if self.name_field and value not in ("", None):
            return find_by_key_or_name(self.model, str(value).strip(), self.field, self.name_field)
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("找不到%(model)s“%(value)s”，请检查拼写或先在后台添加。")
                % {"model": self.model._meta.verbose_name, "value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if self.name_field and value is not None:
            return str(getattr(value, self.name_field))
        return super().render(value, obj=obj, **kwargs)


def find_by_key_or_name(model, value: str, key_field: str, name_field: str):
    """The one row whose key or name is `value`; otherwise a row error listing the accepted names."""
    candidates = list(model.objects.all())
    matches = [obj for obj in candidates if value in (str(getattr(obj, key_field)), str(getattr(obj, name_field)))]
    if len(matches) == 1:
        return matches[0]
    raise ValueError(
        _("找不到%(model)s“%(value)s”。可选：%(accepted)s。")
        % {
            "model": model._meta.verbose_name,
            "value": value,
            "accepted": accepted_list(getattr(obj, name_field) for obj in candidates),
        }
    )


class KeyManyToManyWidget(widgets.ManyToManyWidget):
    """Several natural keys (or, with `name_field`, Chinese names) separated by "|".

    Any unknown value is a Chinese row error (never silently dropped); with `name_field` the error lists the
    accepted names and the file is written with names.
    """

    def __init__(self, model, field="pk", separator="|", *, name_field: str | None = None, **kwargs):
        self.name_field = name_field
        super().__init__(model, separator=separator, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        keys = [k.strip() for k in str(value or "").split(self.separator) if k.strip()]
        if self.name_field:
            found, missing = [], []
            for key in keys:
                try:
                    found.append(find_by_key_or_name(self.model, key, self.field, self.name_field))
                except ValueError:
                    missing.append(key)
            if missing:
                accepted = accepted_list(getattr(obj, self.name_field) for obj in self.model.objects.all())
                raise ValueError(
                    _("找不到%(model)s：%(values)s。可选：%(accepted)s。")
                    % {"model": self.model._meta.verbose_name, "values": "、".join(missing), "accepted": accepted}
                )
            return self.model.objects.filter(pk__in=[obj.pk for obj in found])
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(
                _("找不到%(model)s：%(values)s。")
                % {"model": self.model._meta.verbose_name, "values": "、".join(missing)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if self.name_field and value is not None:
            return self.separator.join(str(getattr(related, self.name_field)) for related in value.all())
        return super().render(value, obj=obj, **kwargs)


class StaffResourceMixin:
    """Resource behaviour every content import shares.

    - The user doing the import arrives as the `user` kwarg; without `publish_permission` a row may not change
      the status field (nor create a row in any status but the default).
    - Many-to-many columns are checked before anything is saved, so their errors are row errors too.
    - Without `publish_permission`, a row that changes published content is not written: it becomes a pending
      revision (publishing.models.PendingRevision) for a publisher to approve.
    """

    publish_permission: str = ""
    status_field = "publication_status"
    # For rows of a publishable parent (a service's places): the foreign key to it, whose publish permission counts.
    revision_parent_field: str = ""

    # Column headers that differ from the field's verbose name: {field name: header}.
    column_names: dict[str, str] = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Headers are Chinese whatever language the request is in: the same template serves every member of staff.
        with translation.override(settings.LANGUAGE_CODE):
            for name, field in self.fields.items():
                field.column_name = str(self.column_names.get(name) or self._verbose_name(name) or field.column_name)

    def _verbose_name(self, name: str) -> str:
        try:
            return capfirst(self._meta.model._meta.get_field(name).verbose_name)
        except Exception:  # a declared field with no model field behind it keeps its own header
            return ""

    def column_for(self, name: str) -> str:
        field = self.fields.get(name)
        return field.column_name if field is not None else name

    def before_import_row(self, row, **kwargs):
        # Spreadsheets give None for an empty cell, CSV gives "": treat both as empty text, so an exported
        # Excel file imports back without turning blank text fields into NULL.
        # A cell exported with the formula guard's apostrophe (below) comes back as it was typed.
        for key, value in list(row.items()):
            row[key] = "" if value is None else spreadsheet_value(value)
        super().before_import_row(row, **kwargs)

    def export_field(self, field, instance, **kwargs):
        # Staff open exports in Excel or WPS: text that would run as a formula is escaped (safeguards.spreadsheets).
        return spreadsheet_safe(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs):
        if dataset.headers:
            # Older templates (and other systems' exports) name the columns by field name: read those too.
            dataset.headers = [self.column_for(str(h).strip()) if h is not None else h for h in dataset.headers]
        missing = [
            self.column_for(name)
            for name in self._meta.import_id_fields
            if self.column_for(name) not in (dataset.headers or [])
        ]
        if missing:
            raise ValueError(
                _("文件缺少必需的列：%(columns)s。请下载导入模板，按模板的第一行填写列名。")
                % {"columns": "、".join(missing)}
            )
        super().before_import(dataset, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        model = type(instance)
        guarded = bool(self.publish_permission)
        status_before = None
        if guarded:
            is_new = instance.pk is None
            field = model._meta.get_field(self.status_field)
            status_before = field.get_default() if is_new else getattr(instance, self.status_field)
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.widget.clean(row[field.column_name], row=row)
                except ValueError as exc:
                    errors[field.attribute] = [str(exc)]
        user = kwargs.get("user")
        if (
            guarded
            and getattr(instance, self.status_field) != status_before
            and not (user is not None and user.has_perm(self.publish_permission))
        ):
            labels = dict(model._meta.get_field(self.status_field).flatchoices)
            new = getattr(instance, self.status_field)
            errors[self.status_field] = [
                _("您没有发布权限，不能通过导入更改发布状态（本行为“%(new)s”，当前为“%(old)s”）。")
                % {"new": labels.get(new, new), "old": labels.get(status_before, status_before)}
            ]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            # The preview names each error's column as the file does, not by the model's field name.
            headers = {}
            for name, field in self.fields.items():
                headers[name] = headers[field.attribute or name] = field.column_name
                if field.attribute and field.attribute.endswith("_id"):
                    headers[field.attribute.removesuffix("_id")] = field.column_name
            raise ValidationError(
                {
                    key if key == NON_FIELD_ERRORS else headers.get(key, key): messages
                    for key, messages in exc.message_dict.items()
                }
            ) from None

    # --- rows that change published content wait for review ---------------------------------------------

    def _diverts_to_review(self, instance, is_create: bool, user) -> bool:
        if is_create or not self.publish_permission:
            return False
        if user is not None and user.has_perm(self.publish_permission):
            return False
        return stored_as_published(instance, status_field=self.status_field)

    def _proposed_fields(self, instance, live, row) -> dict:
        model_fields = {
            f.name: f for f in type(instance)._meta.get_fields() if getattr(f, "concrete", False) or f.many_to_many
        }
        proposed = {}
        for field in self.get_import_fields():
            model_field = model_fields.get(field.attribute)
            if model_field is None or field.column_name not in row:
                continue
            if model_field.many_to_many:
                value = sorted(obj.pk for obj in field.clean(row))
            else:
                value = revisions.field_value(model_field, instance)
            if live is None or value != revisions.field_value(model_field, live):
                proposed[model_field.name] = value
        return proposed

    def _published_parent(self, instance, user):
        parent = getattr(instance, self.revision_parent_field, None) if self.revision_parent_field else None
        if parent is None or (user is not None and user.has_perm(publish_permission_for(type(parent)))):
            return None
        return parent if stored_as_published(parent, status_field=self.status_field) else None

    def save_instance(self, instance, is_create, row, **kwargs):
        user = kwargs.get("user")
        parent = self._published_parent(instance, user)
        if parent is not None:
            live = None if is_create else type(instance)._base_manager.get(pk=instance.pk)
            fields = {
                k: v for k, v in self._proposed_fields(instance, live, row).items() if k != self.revision_parent_field
            }
            rows = [{"pk": None if is_create else instance.pk, "delete": False, "fields": fields}]
            data = {
                "fields": {},
                "inlines": [
                    {"model": type(instance)._meta.label_lower, "fk": self.revision_parent_field, "rows": rows}
                ],
            }
            publishing_actions.revision_propose(
                obj=parent, data=data, by=user, source=RevisionSource.IMPORT, merge=True
            )
        elif self._diverts_to_review(instance, is_create, user):
            live = type(instance)._base_manager.get(pk=instance.pk)
            data = {"fields": self._proposed_fields(instance, live, row), "inlines": []}
            publishing_actions.revision_propose(obj=live, data=data, by=user, source=RevisionSource.IMPORT)
        else:
            return super().save_instance(instance, is_create, row, **kwargs)
        instance._publishing_pending_review = True
        return None

    def save_m2m(self, instance, row, **kwargs):
        if getattr(instance, "_publishing_pending_review", False):
            return  # part of the pending revision, not written
        super().save_m2m(instance, row, **kwargs)


class StaffModelResource(StaffResourceMixin, resources.ModelResource):
    """The base of every staff import and export: StaffResourceMixin's rules, and the options they all want:
    each row validated as a model instance, unchanged rows left alone and listed, the whole file in one
    transaction (all or nothing). A subclass's Meta names only its model, key columns and fields."""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.choices:
            field.widget = ChoiceLabelWidget(django_field.flatchoices)
        elif django_field.get_internal_type() == "BooleanField":
            field.widget = ChineseBooleanWidget()
        return field
