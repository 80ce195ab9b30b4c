from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("report-card/", views.report_card_latest, name="card"),
    path("report-card/<int:year>/", views.report_card_year, name="card_year"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<int:year>/export.csv", views.export_csv, name="export_csv"),
    path("dashboard/<int:year>/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
