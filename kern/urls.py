from django.contrib.auth import views as auth_views
from django.urls import path

from kern.views import accounts, organisations, pages

urlpatterns = [
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", accounts.otp_verify, name="otp_verify"),
    path("account/", accounts.account, name="account"),
    path("account/twee-stappen/", accounts.otp_setup, name="otp_setup"),
    path("account/twee-stappen/uit/", accounts.otp_disable, name="otp_disable"),
    path(
        "account/wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/wachtwoord/klaar/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-kiezen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-kiezen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("organisaties/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisaties/wijzigingen/", organisations.pending_changes, name="pending_changes"),
    path(
        "organisaties/<int:pk>/wijziging/",
        organisations.pending_change_decide,
        name="pending_change_decide",
    ),
    path(
        "organisaties/<int:pk>/bewerken/", organisations.organisation_edit, name="organisation_edit"
    ),
    path(
        "organisaties/<int:pk>/locaties/nieuw/", organisations.location_edit, name="location_create"
    ),
    path(
        "organisaties/<int:pk>/locaties/<int:location_pk>/",
        organisations.location_edit,
        name="location_edit",
    ),
    path(
        "organisaties/<int:pk>/locaties/<int:location_pk>/plekken/",
        organisations.availability_update,
        name="availability_update",
    ),
    path("organisaties/<int:pk>/collega-s/", organisations.member_list, name="member_list"),
    path("organisaties/<int:pk>/collega-s/nieuw/", organisations.member_add, name="member_add"),
    path(
        "organisaties/<int:pk>/collega-s/<int:membership_pk>/verwijderen/",
        organisations.member_remove,
        name="member_remove",
    ),
]
