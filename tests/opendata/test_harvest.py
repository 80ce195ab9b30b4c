"""A harvester pages through every HSDA endpoint, then updates its copy with `modified_after`, and ends up with
exactly the data set `export_hsds` writes."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.actions import request_accept
from casework.models import RequestKind
from tests.casework.factories import PlacePoolFactory, RequestSettingsFactory, submit
from tests.services.factories import ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def pages(client, url: str, **params):
    """Every record of a list, page by page, until the API says it was the last page."""
    page = 1
    while True:
        body = client.get(url, {**params, "page": page, "per_page": 1}).json()
        yield from body["contents"]
        if body["last_page"] or body["empty"]:
            return
        page += 1


def harvest(client, *, since=None, previous: dict | None = None) -> dict[str, list[dict]]:
    """What an HSDA client keeps: everything on a first run; with `since`, only what changed, merged into
    `previous`, with records that are gone dropped (the minimal list gives the ids that still exist)."""
    organizations = list(pages(client, reverse("opendata:hsds-organizations")))
    locations = []
    for organization in organizations:
        locations += client.get(reverse("opendata:hsds-organization", args=[organization["id"]])).json()["locations"]
    changed = {"modified_after": since.isoformat()} if since else {}
    services = {s["id"]: s for s in (previous or {}).get("services", [])}
    services.update({s["id"]: s for s in pages(client, reverse("opendata:hsds-services"), full="true", **changed)})
    still_there = {s["id"] for s in pages(client, reverse("opendata:hsds-services"), minimal="true")}
    services = {key: value for key, value in services.items() if key in still_there}
    links = {link["id"]: link for link in (previous or {}).get("service_at_locations", [])}
    for item in pages(client, reverse("opendata:hsds-service-at-locations"), **changed):
        links[item["id"]] = {key: value for key, value in item.items() if key not in ("location", "service")}
    offered = {link["id"] for service in services.values() for link in service["service_at_locations"]}
    return {
        "organizations": organizations,
        "services": list(services.values()),
        "service_at_locations": [link for key, link in links.items() if key in offered],
        "locations": locations,
        "taxonomies": list(pages(client, reverse("opendata:hsds-taxonomies"))),
        "taxonomy_terms": list(pages(client, reverse("opendata:hsds-taxonomy-terms"))),
    }


def exported(directory) -> dict[str, list[dict]]:
    call_command("export_hsds", str(directory))
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in (directory / "hsds").glob("*.json")}


def by_id(data: dict[str, list[dict]]) -> dict[str, dict[str, dict]]:
    return {name: {record["id"]: record for record in records} for name, records in data.items()}


def test_a_full_then_an_incremental_harvest_rebuild_the_export(client, directory, tmp_path):
    home = directory["canteen"]
    beds = ServiceFactory(name="新就业群体床位", category=directory["meals"])
    builders_home = directory["unverified"]  # untouched below: only the count of its beds changes
    pool = PlacePoolFactory(
        location=ServiceAtLocationFactory(service=beds, facility=builders_home), capacity=152, unit="张床位"
    )
    RequestSettingsFactory(service=beds, kind=RequestKind.BED_APPLICATION, accepts_requests=True)

    started = timezone.now()
    first = harvest(client)
    assert by_id(first) == by_id(exported(tmp_path / "first"))

    home.name = "改名后的食堂"
    home.save()
    request_accept(request=submit(beds, pool=pool), by=None)
    repair = directory["repair"]
    repair.publication_status = "archived"
    repair.save()
    added = ServiceFactory(name="新增的服务", category=directory["meals"])
    ServiceAtLocationFactory(service=added, facility=home)

    changed = {s["id"] for s in pages(client, reverse("opendata:hsds-services"), modified_after=started.isoformat())}
    assert str(beds.uuid) in changed  # the taken bed alone marks the service as modified
    second = harvest(client, since=started, previous=first)
    expected = exported(tmp_path / "second")
    assert by_id(second) == by_id(expected)
    [capacity] = next(s for s in second["services"] if s["id"] == str(beds.uuid))["capacities"]
    assert capacity["available"] == 151
    assert str(repair.uuid) not in by_id(second)["services"]
