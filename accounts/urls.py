from django.urls import path

from . import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("morning-digest/", views.morning_digest, name="morning_digest"),
    path("login/", views.SiteLoginView.as_view(), name="login"),
    path("login/code/", views.LoginCodeView.as_view(), name="login_code"),
    path("logout/", views.SiteLogoutView.as_view(), name="logout"),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", two_factor.two_factor, name="two_factor"),
    path("two-factor/start/", two_factor.two_factor_start, name="two_factor_start"),
    path("two-factor/off/", two_factor.two_factor_off, name="two_factor_off"),
]
