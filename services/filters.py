"""The public service list's filters (django-filter). Bad values become form errors, never server errors."""

import django_filters
from django.utils.translation import gettext_lazy as _

from facilities.content_version import SITE
from facilities.filters import KeywordAudienceMixin, audience_filter, keyword_filter
from facilities.widgets import CachedChoiceIterator, FastSelect

from .models import Service, ServiceCategory


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    # One plain query and no template per option (facilities/widgets.py): no null choice is offered here.
    widget = FastSelect
    iterator = CachedChoiceIterator
    cache_topics = (SITE,)  # a category's change bumps "site"

    def label_from_instance(self, obj: ServiceCategory) -> str:
        return obj.display_path


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class ServiceFilter(KeywordAudienceMixin, django_filters.FilterSet):
    q = keyword_filter(_("例如：助餐、维修、托育"))
    category = CategoryFilter(
        label=_("服务分类"),
        queryset=ServiceCategory.objects.select_related("parent").order_by("parent__order", "parent__name", "order"),
        to_field_name="slug",
        method="filter_category",
        empty_label=_("全部分类"),
    )
    audience = audience_filter()

    class Meta:
        model = Service
        fields = ["q", "category", "audience"]

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value) if value else queryset
