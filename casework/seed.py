"""Request settings for the seeded services whose kind is clear from the source (repairs with home visits, the
builders' home's 152 beds, baby-house places). Online applications stay switched OFF: whether and when the
street office takes them online is the office's decision, made in the admin (申请设置 → 接受网上申请)."""

from services.models import Service, ServiceAtLocation

from .models import PlacePool, RequestKind, RequestSettings

KINDS = {
    "xiaoxiu-xiaobu": RequestKind.REPAIR_VISIT,
    "jianshezhe-zhi-jia-chuangwei": RequestKind.BED_APPLICATION,
    "baobaowu-tuoyu": RequestKind.CHILDCARE_SIGNUP,
}


def seed_request_settings() -> dict[str, int]:
    """Idempotent: creates what is missing, changes nothing staff have set."""
    created = {"request_settings": 0, "place_pools": 0}
    for service in Service.objects.filter(slug__in=KINDS):
        _settings, made = RequestSettings.objects.get_or_create(
            service=service,
            defaults={"kind": KINDS[service.slug], "accepts_requests": False},
        )
        created["request_settings"] += made
        if KINDS[service.slug] not in (RequestKind.BED_APPLICATION, RequestKind.CHILDCARE_SIGNUP):
            continue
        # A pool only where the facility's capacity is known (the source gives 152 beds; no baby-house figure).
        for location in ServiceAtLocation.objects.filter(
            service=service, facility__capacity__isnull=False
        ).select_related("facility"):
            _pool, made = PlacePool.objects.get_or_create(
                location=location,
                defaults={"capacity": location.facility.capacity, "unit": location.facility.capacity_unit},
            )
            created["place_pools"] += made
    return created
