"""Machine-facing addresses, outside the language prefix."""

from django.urls import path

from . import views

app_name = "notices_ops"

urlpatterns = [
    path("notices/sms/inbound/<str:token>/", views.sms_inbound, name="sms_inbound"),
    path("ops/worker", views.worker_health, name="worker_health"),
]
