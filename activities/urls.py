from django.urls import include, path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.whats_on, name="list"),
    # Before "<slug>/": the staff pages (check-in at the door, sign-up lists, exports).
    path("staff/", include("activities.staff_urls")),
    path("waitlist/", views.waitlist_rules, name="waitlist"),
    path("my-sign-up/", views.track, name="track"),
    path("signed-up/", views.signed_up, name="signed_up"),
    path("audience/<str:audience>.ics", views.feed_audience, name="audience_ics"),
    path("<slug:slug>/", views.activity_detail, name="detail"),
    path("<slug:slug>/sign-up/", views.sign_up, name="sign_up"),
    path("<slug:slug>/calendar.ics", views.activity_ics, name="ics"),
]
