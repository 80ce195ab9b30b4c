from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.forms import PointField

MAX_QUERY_LENGTH = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("搜索设施和服务"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("搜索词太长了：最多 %(limit_value)d 个字，请缩短后再试。")},
    )
    near = PointField(label=_("我的位置（纬度,经度）"), required=False)
