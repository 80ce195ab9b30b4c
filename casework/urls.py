from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("requests/new/<slug:slug>/", views.request_new, name="request_new"),
    path("requests/sent/", views.request_sent, name="request_sent"),
    path("requests/track/", views.track, name="track"),
    path("corrections/new/<str:model>/<int:pk>/", views.correction_new, name="correction_new"),
]
