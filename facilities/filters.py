"""The public facility list's filters (django-filter). Bad values become form errors, never server errors."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, AudienceCode, Facility, FacilityKind
from .queries import open_now_ids

MAX_QUERY_LENGTH = 100


class FacilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("关键词"), method="filter_q", max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例如：食堂、宝宝屋")}),
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("设施类型"), queryset=FacilityKind.objects.all(), to_field_name="slug", empty_label=_("全部类型"),
    )
    audience = django_filters.ChoiceFilter(
        label=_("服务对象"), choices=AudienceCode.choices, method="filter_audience", empty_label=_("全部对象"),
    )
    open_now = django_filters.BooleanFilter(
        label=_("只看正在开放"), method="filter_open_now",
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )

    class Meta:
        model = Facility
        fields = ["q", "kind", "audience", "open_now"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__in=Audience.objects.filter(code=value))

    def filter_open_now(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=open_now_ids(queryset))
