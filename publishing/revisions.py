"""Turning a proposed change into JSON, comparing it with the live content, and writing it back.

Generic over models: a record's concrete fields and many-to-many fields, and rows of related models that point at
it through a foreign key (an admin's inline formsets). Values are stored as Django's serializers give them and
read back with each field's `to_python`, so any field type round-trips the same way.
"""

import json
import posixpath
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.encoding import is_protected_type
from django.utils.translation import gettext as _

PENDING_FILES_DIR = "pending-revisions"
FILE_KEY = "pending_file"


def _normalise(value):
    """The value as it will read back from the JSON column, so a live value and a stored one compare equal."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _editable_fields(model: type[models.Model], names) -> list[models.Field]:
    """Concrete and many-to-many model fields among `names` (a form's fields may include non-model ones)."""
    by_name = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False) or f.many_to_many}
    # The version is the optimistic lock's, checked when the form is saved: never part of a proposal.
    return [by_name[name] for name in names if name in by_name and not by_name[name].auto_created and name != "version"]


def field_value(model_field: models.Field, instance: models.Model, form_value=None):
    """The JSON value of one field of `instance`; many-to-many values come from the form (the instance has none
    until it is saved)."""
    if model_field.many_to_many:
        related = form_value if form_value is not None else getattr(instance, model_field.name).all()
        return sorted(obj.pk for obj in related)
    value = model_field.value_from_object(instance)
    if isinstance(model_field, models.FileField):
        if value and not getattr(value, "_committed", True):
            return {FILE_KEY: _store_upload(value)}
        return value.name if value else ""
    if is_protected_type(value):
        return _normalise(value)
    return model_field.value_to_string(instance)


def _store_upload(file) -> str:
    """Keeps an upload until the proposal is decided. The model's own save (which may re-encode it) runs on approval."""
    extension = posixpath.splitext(file.name or "")[1].lower()[:10]
    return default_storage.save(f"{PENDING_FILES_DIR}/{uuid.uuid4().hex}{extension}", file.file)


def changed_fields(form, live: models.Model | None) -> dict:
    """The form's proposed values that differ from `live` (all of them when there is no live row)."""
    model = form._meta.model
    proposed = {}
    for model_field in _editable_fields(model, form.fields):
        if model_field.many_to_many and model_field.name not in form.cleaned_data:
            continue
        value = field_value(model_field, form.instance, form.cleaned_data.get(model_field.name))
        if live is None or value != field_value(model_field, live):
            proposed[model_field.name] = value
    return proposed


def inline_changes(formset) -> dict | None:
    """The rows an inline formset would add, change or delete, as one entry of `data["inlines"]`."""
    model = formset.model
    fk_name = formset.fk.name
    rows = []
    deleted = set(id(form) for form in formset.deleted_forms)
    for form in formset.forms:
        pk = form.instance.pk if form.instance._state.adding is False else None
        if id(form) in deleted:
            if pk is not None:
                rows.append({"pk": pk, "delete": True, "fields": {}})
            continue
        if not form.has_changed():
            continue
        live = model._base_manager.filter(pk=pk).first() if pk is not None else None
        fields = {k: v for k, v in changed_fields(form, live).items() if k != fk_name}
        if fields or pk is None:
            rows.append({"pk": pk, "delete": False, "fields": fields})
    if not rows:
        return None
    return {"model": model._meta.label_lower, "fk": fk_name, "rows": rows}


def merge(older: dict, newer: dict) -> dict:
    """`newer` laid over `older`: its fields win, and each of its rows replaces the row with the same pk."""
    merged = {
        "fields": {**older.get("fields", {}), **newer.get("fields", {})},
        "inlines": [dict(inline, rows=list(inline["rows"])) for inline in older.get("inlines", [])],
    }
    for inline in newer.get("inlines", []):
        target = next((i for i in merged["inlines"] if (i["model"], i["fk"]) == (inline["model"], inline["fk"])), None)
        if target is None:
            merged["inlines"].append(inline)
            continue
        for row in inline["rows"]:
            same = [i for i, old in enumerate(target["rows"]) if row["pk"] is not None and old["pk"] == row["pk"]]
            if same:
                earlier = target["rows"][same[0]]
                target["rows"][same[0]] = {**row, "fields": {**earlier["fields"], **row["fields"]}}
            else:
                target["rows"].append(row)
    return merged


def is_empty(data: dict) -> bool:
    return not data.get("fields") and not data.get("inlines")


def pending_files(data: dict) -> list[str]:
    """Names of the uploads a proposal keeps in storage."""
    values = list(data.get("fields", {}).values())
    for inline in data.get("inlines", []):
        for row in inline["rows"]:
            values.extend(row["fields"].values())
    return [v[FILE_KEY] for v in values if isinstance(v, dict) and FILE_KEY in v]


def discard_files(data: dict) -> None:
    for name in pending_files(data):
        default_storage.delete(name)


# --- writing a proposal back ------------------------------------------------------------------------------


def _set_field(instance: models.Model, model_field: models.Field, value) -> None:
    if isinstance(model_field, models.FileField):
        if isinstance(value, dict):
            stored = value[FILE_KEY]
            # A File that is not a FieldFile counts as a new upload, so the model's save processes it.
            setattr(instance, model_field.name, File(default_storage.open(stored), name=posixpath.basename(stored)))
        else:
            setattr(instance, model_field.name, value)
        return
    setattr(instance, model_field.attname, model_field.to_python(value))


def apply_fields(instance: models.Model, values: dict) -> dict:
    """Sets the concrete fields on `instance`; returns the many-to-many values to set once it is saved."""
    m2m = {}
    for model_field in _editable_fields(type(instance), values):
        if model_field.many_to_many:
            m2m[model_field.name] = values[model_field.name]
        else:
            _set_field(instance, model_field, values[model_field.name])
    return m2m


# --- comparing a proposal with what is live ---------------------------------------------------------------


@dataclass
class ComparedField:
    label: str
    live: str
    proposed: str


@dataclass
class ComparedRow:
    title: str
    action: str  # "add", "change", "delete"
    fields: list[ComparedField] = field(default_factory=list)


@dataclass
class ComparedSection:
    title: str
    fields: list[ComparedField] = field(default_factory=list)
    rows: list[ComparedRow] = field(default_factory=list)


def _display(model_field: models.Field, value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, dict) and FILE_KEY in value:
        return _("新上传的文件")
    if model_field.many_to_many or model_field.is_relation:
        pks = value if isinstance(value, list) else [value]
        related = model_field.related_model._base_manager.filter(pk__in=pks)
        return "、".join(str(obj) for obj in related) or "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(model_field.to_python(value), value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(model_field, models.TimeField):
        return model_field.to_python(value).strftime("%H:%M")
    return str(value)


def _compare(model: type[models.Model], live: models.Model | None, values: dict) -> list[ComparedField]:
    compared = []
    for model_field in _editable_fields(model, values):
        before = field_value(model_field, live) if live is not None else None
        compared.append(
            ComparedField(
                label=str(model_field.verbose_name),
                live=_display(model_field, before),
                proposed=_display(model_field, values[model_field.name]),
            )
        )
    return compared


def compare(live: models.Model, data: dict) -> list[ComparedSection]:
    """Field by field, the live value beside the proposed one, for the record and each inline's rows."""
    sections = [
        ComparedSection(title=str(live._meta.verbose_name), fields=_compare(type(live), live, data.get("fields", {})))
    ]
    for inline in data.get("inlines", []):
        model = apps.get_model(inline["model"])
        section = ComparedSection(title=str(model._meta.verbose_name_plural))
        for row in inline["rows"]:
            current = model._base_manager.filter(pk=row["pk"]).first() if row["pk"] is not None else None
            if row["delete"]:
                section.rows.append(ComparedRow(title=str(current or row["pk"]), action="delete"))
            elif current is None:
                section.rows.append(
                    ComparedRow(title=_("新增"), action="add", fields=_compare(model, None, row["fields"]))
                )
            else:
                section.rows.append(
                    ComparedRow(title=str(current), action="change", fields=_compare(model, current, row["fields"]))
                )
        sections.append(section)
    return sections
