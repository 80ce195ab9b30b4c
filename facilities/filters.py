"""The public facility list's filters (django-filter). Bad values become form errors, never server errors."""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intake.digits import AsciiDigitsMixin

from .content_version import SITE
from .forms import EstateChoiceField, OriginFormMixin, PointField, estate_options, near_options, radius_options
from .geo import Point
from .models import Audience, AudienceCode, Facility, FacilityKind
from .open_now import OpenNow
from .queries import estate_choices
from .widgets import CachedChoiceIterator, FastSelect

MAX_QUERY_LENGTH = 100


class PointFilter(django_filters.Filter):
    field_class = PointField


class AsciiIntegerField(AsciiDigitsMixin, forms.IntegerField):
    pass


class RadiusFilter(django_filters.NumberFilter):
    field_class = AsciiIntegerField


class FacilityFilterForm(OriginFormMixin, forms.Form):
    pass


class KindChoiceField(forms.ModelChoiceField):
    """Kinds by their name in the page's language: English pages show the English name when there is one."""

    widget = FastSelect
    iterator = CachedChoiceIterator
    cache_topics = (SITE,)  # a kind's change bumps "site"

    def label_from_instance(self, obj: FacilityKind) -> str:
        return obj.display_name


class KindFilter(django_filters.ModelChoiceFilter):
    field_class = KindChoiceField


class EstateFilter(django_filters.ModelChoiceFilter):
    field_class = EstateChoiceField


def keyword_filter(placeholder: str) -> django_filters.CharFilter:
    """A public list's "关键词" box: the trimmed words through the model queryset's own `search()`."""
    return django_filters.CharFilter(
        label=_("关键词"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )


def audience_filter() -> django_filters.ChoiceFilter:
    """A public list's "服务对象" choice (facilities and services share the audiences)."""
    return django_filters.ChoiceFilter(
        label=_("服务对象"),
        choices=AudienceCode.choices,
        method="filter_audience",
        empty_label=_("全部对象"),
    )


class KeywordAudienceMixin:
    """The methods behind keyword_filter and audience_filter, for any FilterSet over a model with `search()`
    on its queryset and an `audiences` relation."""

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__in=Audience.objects.filter(code=value))


class FacilityFilter(KeywordAudienceMixin, django_filters.FilterSet):
    q = keyword_filter(_("例如：食堂、宝宝屋"))
    kind = KindFilter(
        label=_("设施类型"),
        queryset=FacilityKind.objects.all(),
        to_field_name="slug",
        empty_label=_("全部类型"),
    )
    audience = audience_filter()
    open_now = django_filters.BooleanFilter(
        label=_("只看正在开放"),
        method="filter_open_now",
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )

    # Distance ordering is not a filter: these fields are validated here, and the view passes `origin` and
    # `radius` to queries.nearby_hits, which keeps only located places within the radius, nearest first.
    near = PointFilter(method="keep", **near_options())
    estate = EstateFilter(method="keep", queryset=estate_choices(), **estate_options())
    radius = RadiusFilter(method="keep", **radius_options())

    class Meta:
        model = Facility
        fields = ["q", "kind", "audience", "open_now", "near", "estate", "radius"]
        form = FacilityFilterForm

    def __init__(self, *args, now: OpenNow | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The request's calendar and exceptions, shared with the rows' status badges.
        self.now = now

    def keep(self, queryset, name, value):
        return queryset

    @property
    def origin(self) -> Point | None:
        """Where distances are measured from (the typed/geolocated point or the chosen estate), if valid."""
        return self.form.origin if self.is_bound else None

    @property
    def radius_m(self) -> int:
        value = self.form.cleaned_data.get("radius") if self.is_bound and self.is_valid() else None
        return value or settings.NEARBY_DEFAULT_RADIUS_M

    def filter_open_now(self, queryset, name, value):
        if not value:
            return queryset
        if self.now is None:
            self.now = OpenNow.at()
        return queryset.filter(self.now.q())


class MapFilter(FacilityFilter):
    """The map's filters: kind and audience, with the list's meaning. The map shows every place at once, so
    the list's keyword, "open now" and distance filters are not offered (a None removes an inherited filter)."""

    q = open_now = near = estate = radius = None

    class Meta(FacilityFilter.Meta):
        fields = ["kind", "audience"]
