"""Query parameters of the HSDA endpoints, validated with DRF serializers: bad values give 400 with a JSON body."""
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from facilities.forms import MAX_NEAR_LENGTH, parse_near

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_SEARCH_LENGTH = 100


class AwareDateTimeField(serializers.DateTimeField):
    """DRF's DateTimeField, with every out-of-range time answered as its `overflow` error (a 400).

    DRF checks an aware time's conversion itself, but not a naive one's: a naive time made aware in Shanghai
    time so early that it has no UTC equivalent (0001-01-01) escapes as an OverflowError, an HTML 500."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


class ListParams(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, default=1, help_text=_("页码，从 1 开始。"))
    per_page = serializers.IntegerField(
        min_value=1, max_value=MAX_PER_PAGE, default=DEFAULT_PER_PAGE, help_text=_("每页条数，最多 100。"),
    )
    search = serializers.CharField(
        max_length=MAX_SEARCH_LENGTH, required=False, allow_blank=True, trim_whitespace=True, help_text=_("全文搜索。"),
    )
    format = serializers.ChoiceField(choices=["json"], required=False, help_text=_("只支持 json。"))


class ServiceListParams(ListParams):
    taxonomy_term_id = serializers.UUIDField(required=False, help_text=_("分类（taxonomy_term）的 id。"))
    taxonomy_id = serializers.UUIDField(required=False)
    organization_id = serializers.UUIDField(required=False)
    modified_after = AwareDateTimeField(
        required=False, input_formats=["iso-8601", "%Y-%m-%d"],
        help_text=_("只返回此时间（含）之后修改过的记录，ISO 8601 格式。"),
    )
    full = serializers.BooleanField(required=False)
    minimal = serializers.BooleanField(required=False)


class OrganizationListParams(ListParams):
    full_service = serializers.BooleanField(required=False)
    full = serializers.BooleanField(required=False)


class TaxonomyTermListParams(ListParams):
    taxonomy_id = serializers.UUIDField(required=False)
    parent_id = serializers.UUIDField(required=False)
    top_only = serializers.BooleanField(required=False)


class GeoJsonParams(serializers.Serializer):
    near = serializers.CharField(
        required=False, max_length=MAX_NEAR_LENGTH,
        help_text=_("“纬度,经度”（WGS-84），给出时只返回半径内的设施，由近到远排列，并带距离和步行分钟。"),
    )
    radius = serializers.IntegerField(
        required=False, min_value=settings.NEARBY_MIN_RADIUS_M, max_value=settings.NEARBY_MAX_RADIUS_M,
        help_text=_("搜索半径（米），默认 1000。"),
    )

    def validate_near(self, value):
        try:
            return parse_near(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
