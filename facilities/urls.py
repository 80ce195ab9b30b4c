from django.urls import path

from . import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("<slug:slug>/", views.facility_detail, name="detail"),
    path("<slug:slug>/poster/", views.facility_poster, name="poster"),
    path("<slug:slug>/qr.svg", views.facility_qr_svg, name="qr_svg"),
    path("<slug:slug>/qr.png", views.facility_qr_png, name="qr_png"),
]
