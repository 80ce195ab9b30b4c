from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from activities import views as activity_views
from facilities import views as facility_views
from lifecircle import urls as lifecircle_urls

from . import password_reset, views
from .sitemaps import SITEMAPS

admin.site.site_header = _("万里社区服务门户 · 管理后台")
admin.site.site_title = _("万里社区服务门户")
admin.site.index_title = _("内容管理")

# Paths outside the language prefix: machine-facing endpoints and the admin (always Chinese).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("bench/floor", views.bench_floor, name="bench-floor"),
    path("robots.txt", views.robots_txt, name="robots"),
    # One address for both languages: it only sets a cookie and goes back to the page it came from.
    path("elderly-mode/", views.elderly_mode, name="elderly_mode"),
    path("elderly-mode/<slug:option>/", views.elderly_option, name="elderly_option"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # In front of the admin's own login URL (which signs in on the password alone): the same page, plus the
    # authenticator code for users who have set one up.
    path(f"{settings.ADMIN_URL}login/", account_views.AdminLoginView.as_view()),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("opendata.urls")),
    path("", include("notices.ops_urls")),
]

# Public pages: Chinese at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("shortlist/", views.shortlist, name="shortlist"),
    # Before the facilities' own URLs: a facility's activities as a calendar feed (the activities app provides it).
    path("facilities/<slug:slug>/activities.ics", activity_views.feed_facility, name="facility_activities_ics"),
    path("facilities/", include("facilities.urls")),
    path("activities.ics", activity_views.feed_all, name="activities_ics"),
    path("activities/", include("activities.urls")),
    path("services/", include("services.urls")),
    path("search/", include("search.urls")),
    path("", include("casework.urls")),
    path("", include("reports.urls")),
    path("", include("notices.urls")),
    path("map/", facility_views.facility_map, name="map"),
    path("life-circle/", include(lifecircle_urls)),
    # Signing in on the site (managers need no staff flag), signing out, password change, two-factor set-up.
    path("accounts/", include("accounts.urls")),
    # Staff password reset, under the names Django's auth views and templates use (`password_reset` …), so any
    # sign-in page can link to it. Answers 404 where e-mail is not configured (settings.PASSWORD_RESET_ENABLED).
    path("accounts/password-reset/", password_reset.PasswordResetView.as_view(), name="password_reset"),
    # The admin login shows its "forgotten password" link when this name exists (templates/admin/login.html).
    path("accounts/password-reset/", password_reset.PasswordResetView.as_view(), name="admin_password_reset"),
    path("accounts/password-reset/done/", password_reset.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", password_reset.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "wanli.errors.bad_request"
handler404 = "wanli.views.not_found"
handler500 = "wanli.errors.server_error"
