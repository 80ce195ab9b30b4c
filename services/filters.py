"""The public service list's filters (django-filter). Bad values become form errors, never server errors."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from facilities.models import Audience, AudienceCode
from facilities.widgets import FastSelect, ListedChoiceIterator

from .models import Service, ServiceCategory

MAX_QUERY_LENGTH = 100


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    # One plain query and no template per option (facilities/widgets.py): no null choice is offered here.
    widget = FastSelect
    iterator = ListedChoiceIterator

    def label_from_instance(self, obj: ServiceCategory) -> str:
        return obj.display_path


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例如：助餐、维修、托育")}),
    )
    category = CategoryFilter(
        label=_("服务分类"),
        queryset=ServiceCategory.objects.select_related("parent").order_by("parent__order", "parent__name", "order"),
        to_field_name="slug",
        method="filter_category",
        empty_label=_("全部分类"),
    )
    audience = django_filters.ChoiceFilter(
        label=_("服务对象"),
        choices=AudienceCode.choices,
        method="filter_audience",
        empty_label=_("全部对象"),
    )

    class Meta:
        model = Service
        fields = ["q", "category", "audience"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value) if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__in=Audience.objects.filter(code=value))
