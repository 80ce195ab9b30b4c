"""Admin forms that stop two colleagues from silently overwriting each other's edits."""

from django import forms
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

STALE_EDIT_MESSAGE = _(
    "保存失败：在您打开本页之后，其他同事已经修改并保存了这条内容。"
    "为避免覆盖对方的修改，本次保存未生效。请先复制您的修改，重新打开本页，核对最新内容后再保存。"
)


class VersionedModelForm(forms.ModelForm):
    """Carries the version the editor saw as a hidden field and refuses the save when the row moved on.

    The check locks the row (select_for_update) inside the admin's transaction, so two saves arriving at
    the same moment cannot both pass it.
    """

    version = forms.IntegerField(label=_("版本"), widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            # The version in the database now, not the instance's: a form filled from an old history record
            # (restoring a previous version) is still based on what the editor sees today.
            self.initial["version"] = self._current_version(lock=False)

    def _current_version(self, *, lock: bool) -> int | None:
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk)
        if lock and transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        # Only forms that carry the field (every admin page does) are checked; code that builds a form
        # without it (an import, a test) saves as before.
        if self.instance.pk and self.add_prefix("version") in self.data:
            seen = cleaned.get("version")
            current = self._current_version(lock=True)
            if seen is None or current is None or seen != current:
                raise forms.ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The model's save() raises the number; start from what is stored, never from the submitted value.
        if self.instance.pk and self.cleaned_data.get("version") is not None:
            self.instance.version = self.cleaned_data["version"]


class StaffExportForm(SelectableFieldsExportForm):
    """The export page's column choices, labelled with the Chinese headers the file will have."""

    def _get_field_label(self, resource, field_name: str) -> str:
        return resource().fields[field_name].column_name
