"""Staff pages under /activities/staff/ (included by activities/urls.py, in the `activities` namespace)."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("", staff_views.staff_list, name="staff_list"),
    path("<slug:slug>/", staff_views.roster_page, name="roster"),
    path("<slug:slug>/attendance/", staff_views.roster_attendance, name="roster_attendance"),
    path("<slug:slug>/sign-ups.csv", staff_views.export_csv, name="roster_csv"),
    path("<slug:slug>/sign-ups.xlsx", staff_views.export_xlsx, name="roster_xlsx"),
    path("<slug:slug>/check-in/", staff_views.check_in, name="check_in"),
    path("<slug:slug>/check-in/record/", staff_views.check_in_record, name="check_in_record"),
]
