"""Helpers shared by the public request-page tests (test_views*.py)."""

from django.urls import reverse


def form_data(**overrides):
    data = {
        "name": "王阿姨",
        "phone": "138 1234 5678",
        "address": "香泉苑 12 号 301 室",
        "description": "电饭煲不加热了",
        "preferred_time": "weekday_morning",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply_url(service):
    return reverse("casework:request_new", kwargs={"slug": service.slug})


def track(client, code, last4, **extra):
    return client.post(reverse("casework:track"), {"code": code, "last4": last4, **extra})
