from django.urls import path

from . import views

app_name = "lifecircle"
urlpatterns = [
    path("", views.estate_view, name="estate"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("coverage.csv", views.coverage_csv, name="coverage_csv"),
]
