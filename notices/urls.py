from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("sms/stop/<str:token>/", views.sms_stop, name="sms_stop"),
]
