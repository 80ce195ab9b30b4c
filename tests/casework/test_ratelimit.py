import threading

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from casework.models import Correction, ServiceRequest
from tests.services.factories import ServiceFactory

from .factories import repair_service
from .test_views import apply_url, form_data

# --- counted before the work: a second submission arriving while the first is stored -------------------------


def _while_saving(model, action):
    """Runs `action` once, in the middle of the first save of a `model` row (after the limit check of the
    request doing that save, before its response), and keeps what it returns."""
    outcome = []

    def receiver(sender, created, **kwargs):
        if created and not outcome:
            outcome.append(None)
            outcome[0] = action()

    post_save.connect(receiver, sender=model, weak=False, dispatch_uid="interleaved-submission")
    return outcome, lambda: post_save.disconnect(sender=model, dispatch_uid="interleaved-submission")


@pytest.mark.django_db
def test_a_submission_arriving_while_another_is_stored_is_counted_against_the_limit(client, settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (1, 3600), "request_phone": (100, 86400)}
    service = repair_service()
    second, stop = _while_saving(
        ServiceRequest,
        lambda: Client().post(apply_url(service), form_data(phone="13900000001", description="另一件事")).status_code,
    )
    try:
        first = client.post(apply_url(service), form_data())
    finally:
        stop()
    assert first.status_code == 302
    assert second == [429]
    assert ServiceRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_correction_arriving_while_another_is_stored_is_counted_against_the_limit(client, settings):
    settings.CASEWORK_RATE_LIMITS = {"correction_ip": (1, 3600)}
    url = reverse("casework:correction_new", args=["service", ServiceFactory().pk])
    second, stop = _while_saving(Correction, lambda: Client().post(url, {"what_is_wrong": "二"}).status_code)
    try:
        assert client.post(url, {"what_is_wrong": "一"}).status_code == 302
    finally:
        stop()
    assert second == [429]
    assert Correction.objects.count() == 1


@pytest.mark.django_db
def test_an_invalid_form_does_not_use_up_the_allowance(client, settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (1, 3600), "request_phone": (1, 86400)}
    service = repair_service()
    assert client.post(apply_url(service), form_data(consent=None)).status_code == 200
    assert client.post(apply_url(service), form_data()).status_code == 302
    assert client.post(apply_url(service), form_data(phone="13900000002", description="又一件")).status_code == 429


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_store_exactly_the_limit(settings):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL (SQLite locks the whole file)")
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (10, 3600), "request_phone": (100, 86400)}
    url = apply_url(repair_service())
    barrier = threading.Barrier(20)
    statuses, lock = [], threading.Lock()

    def post(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            status = Client().post(url, form_data(phone=f"139000000{n:02d}", description=f"第 {n} 件事")).status_code
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [302] * 10 + [429] * 10
    assert ServiceRequest.objects.count() == 10
