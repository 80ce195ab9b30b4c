"""The optional read replica: anonymous public reads go to it; writes and a visitor's next reads do not."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse

from facilities.models import Facility
from wanli import db_routers
from wanli.middleware import ReplicaRoutingMiddleware

router = db_routers.PrimaryReplicaRouter()
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


def _run(request, view=None):
    seen = {}

    def default_view(request):
        seen["read"] = router.db_for_read(Facility)
        return HttpResponse("ok")

    request.user = AnonymousUser()
    response = ReplicaRoutingMiddleware(view or default_view)(request)
    return seen.get("read"), response


def test_outside_a_request_reads_go_to_the_primary(replica):
    assert router.db_for_read(Facility) == "default"
    assert router.db_for_write(Facility) == "default"


def test_anonymous_get_reads_from_the_replica(replica, rf):
    read, response = _run(rf.get("/facilities/"))
    assert read == "replica"
    assert not response.cookies
    assert router.db_for_read(Facility) == "default"  # the request is over


def test_without_a_replica_everything_uses_the_primary(rf):
    read, response = _run(rf.get("/facilities/"))
    assert read == "default"
    assert not response.cookies


def test_a_post_stays_on_the_primary_and_pins_the_next_reads(replica, rf):
    read, response = _run(rf.post("/requests/"))
    assert read == "default"
    sticky = response.cookies[db_routers.STICKY_COOKIE]
    assert int(sticky["max-age"]) > 0
    follow_up = rf.get("/requests/mine/")
    follow_up.COOKIES[db_routers.STICKY_COOKIE] = "1"
    assert _run(follow_up)[0] == "default"


def test_signed_in_staff_read_from_the_primary(replica, rf, settings):
    request = rf.get("/facilities/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert _run(request)[0] == "default"


def test_a_write_during_a_request_pins_its_later_reads(replica, rf):
    reads = []

    def view(request):
        reads.append(router.db_for_read(Facility))
        router.db_for_write(Facility)
        reads.append(router.db_for_read(Facility))
        return HttpResponse("ok")

    _run(rf.get("/facilities/"), view)
    assert reads == ["replica", "default"]


def test_migrations_only_run_on_the_primary():
    assert router.allow_migrate("default", "facilities")
    assert not router.allow_migrate("replica", "facilities")
