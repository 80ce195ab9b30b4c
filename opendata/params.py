"""Query parameters of the HSDA endpoints, validated with DRF serializers: bad values give 400 with a JSON body."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from facilities.forms import MAX_NEAR_LENGTH, parse_near

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_PAGE = 1_000_000
MAX_SEARCH_LENGTH = 100
MAX_POSTCODE_LENGTH = 20
FORMATS = ["json", "ndjson"]


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
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1, help_text=_("页码，从 1 开始。"))
    per_page = serializers.IntegerField(
        min_value=1,
        default=DEFAULT_PER_PAGE,
        help_text=_("每页条数，默认 50；超过 100 时按 100 返回。"),
    )
    search = serializers.CharField(
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        help_text=_("全文搜索。"),
    )
    format = serializers.ChoiceField(
        choices=FORMATS,
        required=False,
        help_text=_("json（默认，分页）或 ndjson（不分页，一行一条记录，返回全部结果）。"),
    )

    def validate_per_page(self, value: int) -> int:
        # HSDA clients ask for "as many as you give"; a cap answers that, a 400 would stop the harvest.
        return min(value, MAX_PER_PAGE)


def _uuid(help_text) -> serializers.UUIDField:
    return serializers.UUIDField(required=False, help_text=help_text)


def _flag(help_text) -> serializers.BooleanField:
    # Absent means false: DRF would otherwise report an absent boolean of a query string as false anyway.
    return serializers.BooleanField(required=False, default=False, help_text=help_text)


TAXONOMY_TERM_ID_HELP = _("只返回这个分类（taxonomy_term）的记录；顶级分类包括其下的子分类。")
TAXONOMY_ID_HELP = _("只返回这个分类体系（taxonomy）中的记录；本门户只有一个分类体系。")
ORGANIZATION_ID_HELP = _("只返回这个机构提供的服务；本门户只有一个机构。")
MODIFIED_AFTER_HELP = _("只返回此时间（含）之后修改过的记录，ISO 8601 日期或日期时间。")


class ServiceFilterParams(ListParams):
    taxonomy_term_id = _uuid(TAXONOMY_TERM_ID_HELP)
    taxonomy_id = _uuid(TAXONOMY_ID_HELP)
    organization_id = _uuid(ORGANIZATION_ID_HELP)
    modified_after = AwareDateTimeField(
        required=False, input_formats=["iso-8601", "%Y-%m-%d"], help_text=MODIFIED_AFTER_HELP
    )


class ServiceListParams(ServiceFilterParams):
    full = _flag(_("为 true 时返回完整嵌套的服务（含服务地点、电话、空余名额等）。"))
    minimal = _flag(_("为 true 时每条服务只有 id、name、status 和 last_modified，便于对照增量更新。"))

    def validate(self, data: dict) -> dict:
        if data["full"] and data["minimal"]:
            message = _("full 和 minimal 不能同时为 true。")
            raise serializers.ValidationError({"full": [message], "minimal": [message]})
        return data


class ServiceAtLocationListParams(ServiceFilterParams):
    full = _flag(_("为 true 时返回完整嵌套的服务地点（含地点的地址、电话、开放时间）。"))
    postcode = serializers.CharField(
        required=False,
        max_length=MAX_POSTCODE_LENGTH,
        help_text=_("只返回地址邮政编码为此值的服务地点。"),
    )
    proximity = serializers.CharField(
        required=False,
        help_text=_("不支持：本门户没有邮政编码区域的中心点，不能按距邮编中心点的距离筛选。"),
    )

    def validate_proximity(self, value: str) -> str:
        raise serializers.ValidationError(
            _(
                "不支持 proximity：本门户没有邮政编码区域的中心点。请改用 /api/facilities.geojson?near=纬度,经度&radius=米。"
            )
        )


class OrganizationListParams(ListParams):
    full = _flag(_("为 true 时返回完整嵌套的机构（含地点和服务）。"))
    full_service = _flag(_("为 true 时机构所含的服务也完整嵌套。"))
    taxonomy_term_id = _uuid(_("只返回在这个分类下有服务的机构。"))
    taxonomy_id = _uuid(_("只返回在这个分类体系中有服务的机构。"))


class OrganizationDetailParams(serializers.Serializer):
    full_service = _flag(_("为 true 时机构所含的服务完整嵌套。"))


class TaxonomyTermListParams(ListParams):
    taxonomy_id = _uuid(_("只返回这个分类体系中的分类。"))
    parent_id = _uuid(_("只返回这个分类的子分类。"))
    top_only = _flag(_("为 true 时只返回顶级分类。"))


class GeoJsonParams(serializers.Serializer):
    near = serializers.CharField(
        required=False,
        max_length=MAX_NEAR_LENGTH,
        help_text=_("“纬度,经度”（WGS-84），给出时只返回半径内的设施，由近到远排列，并带距离和步行分钟。"),
    )
    radius = serializers.IntegerField(
        required=False,
        min_value=settings.NEARBY_MIN_RADIUS_M,
        max_value=settings.NEARBY_MAX_RADIUS_M,
        help_text=_("搜索半径（米），默认 1000。"),
    )

    def validate_near(self, value):
        try:
            return parse_near(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
