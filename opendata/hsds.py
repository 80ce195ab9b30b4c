"""The portal's records as HSDS 3.1 objects (Open Referral Human Services Data Specification).

Pure functions over already-fetched model objects: the queries in `queries.py` prefetch what they read, so
building a page of objects costs no query per object. `name` is the Chinese name; the English one, where
there is one, is `alternate_name`. Empty values are left out rather than sent as empty strings or nulls.
Child records that have no UUID column of their own (schedules, phones, addresses, attributes …) get a
UUID derived from their parent's UUID and their own key (uuid5), so every exported id is stable.
"""

import uuid
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone, translation

from casework.models import PlacePool
from facilities.models import Facility, OpeningPeriod, Weekday
from services.models import Service, ServiceAtLocation, ServiceCategory, ServiceOperationStatus

HSDS_VERSION = "3.1"
# No HSDS profile is used: point at the base 3.1 specification.
HSDS_PROFILE = "https://github.com/openreferral/specification/tree/3.1"

# Fixed identities: the sub-district office is the one organization, and the portal's categories are one taxonomy.
NAMESPACE = uuid.UUID("6f1c1e0a-5d0e-4c3b-9a57-7a1f3b1e2d40")
ORGANIZATION_ID = uuid.uuid5(NAMESPACE, "organization:wanli-subdistrict-office")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy:wanli-service-categories")

ORGANIZATION = {
    "id": str(ORGANIZATION_ID),
    "name": "上海市普陀区万里街道办事处",
    "alternate_name": "Wanli Sub-district Office, Putuo District, Shanghai",
    "description": "上海市普陀区万里街道办事处：万里社区服务门户所列服务与设施的发布方。",
}
TAXONOMY = {
    "id": str(TAXONOMY_ID),
    "name": "万里社区服务分类",
    "description": "万里社区服务门户的两级服务分类（Wanli community-services portal categories, two levels）。",
    "version": "1",
}

SERVICE_STATUS = {
    ServiceOperationStatus.ACTIVE: "active",
    ServiceOperationStatus.TEMPORARILY_CLOSED: "temporarily closed",
    ServiceOperationStatus.ENDED: "defunct",
}
BYDAY = {
    Weekday.MONDAY: "MO",
    Weekday.TUESDAY: "TU",
    Weekday.WEDNESDAY: "WE",
    Weekday.THURSDAY: "TH",
    Weekday.FRIDAY: "FR",
    Weekday.SATURDAY: "SA",
    Weekday.SUNDAY: "SU",
}
# Fixed Chinese, so the data do not change with the requester's Accept-Language.
WEEKDAY_ZH = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
SHANGHAI_UTC_OFFSET = 8
DEFAULT_UNIT = "个名额"


def child_id(parent: uuid.UUID, key: str) -> str:
    return str(uuid.uuid5(parent, key))


def _compact(data: dict) -> dict:
    """Leaves out empty values: HSDS fields are typed, so "" or None would be wrong, and absent means unknown."""
    return {key: value for key, value in data.items() if value not in ("", None)}


def public_url(record) -> str:
    """The absolute URL of a record's Chinese page, whatever language the requester asked for."""
    with translation.override(settings.LANGUAGE_CODE):
        path = record.get_absolute_url()
    return urljoin(settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def organization() -> dict:
    return dict(ORGANIZATION)


def taxonomy() -> dict:
    return dict(TAXONOMY)


def taxonomy_term(category: ServiceCategory) -> dict:
    return _compact(
        {
            "id": str(category.uuid),
            "code": category.slug,
            "name": category.name,
            "description": category.description or category.name,
            "parent_id": str(category.parent.uuid) if category.parent_id else None,
            "taxonomy": TAXONOMY["name"],
            "taxonomy_id": TAXONOMY["id"],
            "language": "zh",
        }
    )


def _phone(number: str, *, owner: uuid.UUID, owner_field: str) -> list[dict]:
    if not number:
        return []
    return [{"id": child_id(owner, "phone"), owner_field: str(owner), "number": number}]


def _period_schedule(facility: Facility, period: OpeningPeriod) -> dict:
    return {
        "id": child_id(facility.uuid, f"opening-period:{period.pk}"),
        "location_id": str(facility.uuid),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": BYDAY[period.weekday],
        "opens_at": f"{period.opens:%H:%M}",
        "closes_at": f"{period.closes:%H:%M}",
        "timezone": SHANGHAI_UTC_OFFSET,
        "description": f"{WEEKDAY_ZH[period.weekday]} {period.opens:%H:%M}–{period.closes:%H:%M}",
        "notes": "法定节假日休息，调休上班日照常开放。" if facility.follows_public_holidays else "",
    }


def location_schedules(facility: Facility) -> list[dict]:
    return [_compact(_period_schedule(facility, period)) for period in facility.opening_periods.all()]


def _address(facility: Facility) -> list[dict]:
    if not facility.address:
        return []
    # One free-text address line; the postal code is required by HSDS, so an unrecorded one is sent empty.
    return [
        {
            "id": child_id(facility.uuid, "address"),
            "location_id": str(facility.uuid),
            "address_1": facility.address,
            "city": "上海市",
            "region": "普陀区",
            "state_province": "上海市",
            "postal_code": facility.postal_code,
            "country": "CN",
            "address_type": "physical",
        }
    ]


def location_basic(facility: Facility) -> dict:
    """One-to-one fields of a facility as an HSDS location; coordinates only when the location is verified."""
    data = {
        "id": str(facility.uuid),
        "location_type": "physical",
        "url": public_url(facility),
        "organization_id": ORGANIZATION["id"],
        "name": facility.name,
        "alternate_name": facility.name_en,
        "description": facility.summary,
        "external_identifier": facility.slug,
        "external_identifier_type": "wanli-portal-slug",
    }
    if facility.location_verified and facility.has_point:
        data["latitude"] = float(facility.latitude)
        data["longitude"] = float(facility.longitude)
    return _compact(data)


def location_full(facility: Facility) -> dict:
    data = location_basic(facility)
    data["addresses"] = _address(facility)
    data["phones"] = _phone(facility.phone, owner=facility.uuid, owner_field="location_id")
    data["schedules"] = location_schedules(facility)
    if facility.accessibility:
        data["accessibility"] = [
            {
                "id": child_id(facility.uuid, "accessibility"),
                "location_id": str(facility.uuid),
                "description": facility.accessibility,
            }
        ]
    return data


def _fees_description(service: Service) -> str:
    if service.is_free:
        return f"免费。{service.fees_description}" if service.fees_description else "免费"
    return service.fees_description


def service_basic(service: Service) -> dict:
    """One-to-one fields of a service (the HSDA list item), with its organization."""
    return _compact(
        {
            "id": str(service.uuid),
            "organization_id": ORGANIZATION["id"],
            "name": service.name,
            "alternate_name": service.name_en,
            "description": service.description or service.summary,
            "url": public_url(service),
            "status": SERVICE_STATUS[service.operation_status],
            "application_process": service.how_to_apply,
            "fees_description": _fees_description(service),
            "eligibility_description": service.eligibility,
            "minimum_age": service.min_age,
            "maximum_age": service.max_age,
            "assured_date": service.last_verified.isoformat() if service.last_verified else None,
            "alert": service.alert,
            "last_modified": service.updated_at.isoformat(),
        }
    ) | {"organization": organization()}


def service_minimal(service: Service) -> dict:
    """`minimal=true`: what a harvester needs to see what changed (the schema also requires name and status)."""
    return {
        "id": str(service.uuid),
        "name": service.name,
        "status": SERVICE_STATUS[service.operation_status],
        "last_modified": service.updated_at.isoformat(),
    }


def unit(name: str) -> dict:
    return {"id": child_id(NAMESPACE, f"unit:{name}"), "name": name}


def service_capacity(service: Service, pool: PlacePool) -> dict:
    """Free places as counted from the pool's requests (`pool` comes from queries.counted_pools)."""
    place = pool.location
    return {
        "id": child_id(place.uuid, "capacity"),
        "service_id": str(service.uuid),
        "unit": unit(pool.unit or DEFAULT_UNIT),
        "unit_id": unit(pool.unit or DEFAULT_UNIT)["id"],
        "available": pool.free_places,
        "maximum": pool.capacity,
        "description": f"{place.facility.name}：共 {pool.capacity} {pool.unit or DEFAULT_UNIT}",
        "updated": timezone.localtime(pool.counted_at).isoformat(),
    }


def _category_attribute(service: Service) -> dict:
    term = taxonomy_term(service.category)
    return {
        "id": child_id(service.uuid, f"category:{service.category.uuid}"),
        "link_id": str(service.uuid),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service_at_location_basic(link: ServiceAtLocation) -> dict:
    return _compact(
        {
            "id": str(link.uuid),
            "service_id": str(link.service.uuid),
            "location_id": str(link.facility.uuid),
            "description": link.note,
        }
    )


def _link_schedules(link: ServiceAtLocation) -> list[dict]:
    if not link.hours_note:
        return []
    return [
        {
            "id": child_id(link.uuid, "hours-note"),
            "service_at_location_id": str(link.uuid),
            "description": link.hours_note,
        }
    ]


def service_at_location_nested(link: ServiceAtLocation) -> dict:
    """A service-at-location with its phone, its own hours note and its full location."""
    data = service_at_location_basic(link)
    data["phones"] = _phone(link.phone, owner=link.uuid, owner_field="service_at_location_id")
    data["schedules"] = _link_schedules(link)
    data["location"] = location_full(link.facility)
    return data


def service_full(service: Service, links: list[ServiceAtLocation], pools: list[PlacePool]) -> dict:
    """The fully nested service: organization, phones, category attribute, costs, documents, places and the
    free places counted (`capacities`; a service whose places nobody counts has none)."""
    data = service_basic(service)
    data["phones"] = _phone(service.phone, owner=service.uuid, owner_field="service_id")
    data["attributes"] = [_category_attribute(service)]
    data["required_documents"] = [
        {"id": child_id(service.uuid, f"document:{n}"), "service_id": str(service.uuid), "document": document}
        for n, document in enumerate(service.documents_list)
    ]
    data["cost_options"] = (
        [
            {
                "id": child_id(service.uuid, "cost:free"),
                "service_id": str(service.uuid),
                "option": "免费",
                "currency": "CNY",
                "amount": 0,
            }
        ]
        if service.is_free
        else []
    )
    data["service_at_locations"] = [service_at_location_nested(link) for link in links]
    data["capacities"] = [service_capacity(service, pool) for pool in pools]
    return data


def service_nested(service: Service) -> dict:
    """`service_full` of a service fetched by queries.full_services."""
    return service_full(service, service.hsds_links, service.hsds_pools)


def service_at_location_list_item(link: ServiceAtLocation) -> dict:
    data = service_at_location_basic(link)
    data["location"] = location_basic(link.facility)
    data["service"] = service_basic(link.service)
    return data


def service_at_location_full(link: ServiceAtLocation) -> dict:
    data = service_at_location_nested(link)
    data["service"] = service_basic(link.service)
    return data


def organization_full(*, services: list[dict], facilities: list[Facility]) -> dict:
    """The organization with its locations (fully nested) and `services`, already built (basic or full)."""
    data = organization()
    data["locations"] = [location_full(facility) for facility in facilities]
    data["services"] = services
    return data
