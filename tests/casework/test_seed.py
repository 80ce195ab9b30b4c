import pytest

from casework.models import PlacePool, RequestKind, RequestSettings
from casework.seed import seed_request_settings
from facilities.seed import seed_facilities
from services.seed import seed_services

pytestmark = pytest.mark.django_db


def test_seed_sets_kinds_and_the_152_beds_but_leaves_online_requests_off():
    seed_facilities()
    seed_services()
    created = seed_request_settings()
    assert created == {"request_settings": 3, "place_pools": 1}
    kinds = dict(RequestSettings.objects.values_list("service__slug", "kind"))
    assert kinds == {
        "xiaoxiu-xiaobu": RequestKind.REPAIR_VISIT,
        "jianshezhe-zhi-jia-chuangwei": RequestKind.BED_APPLICATION,
        "baobaowu-tuoyu": RequestKind.CHILDCARE_SIGNUP,
    }
    assert not RequestSettings.objects.filter(accepts_requests=True).exists()
    pool = PlacePool.objects.get()
    assert (pool.capacity, pool.unit) == (152, "张床位")
    assert seed_request_settings() == {"request_settings": 0, "place_pools": 0}
