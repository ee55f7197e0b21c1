from django.contrib.auth import views as auth_views
from django.urls import path

from kern.views import accounts, hearings, objections, offer, organisations, pages, referrals

urlpatterns = [
    path("toegankelijkheid/", pages.accessibility, name="accessibility"),
    path("aanbod/", offer.offer_list, name="offer_list"),
    path("aanbod/<int:pk>/", offer.offer_location, name="offer_location"),
    path("aanbod.csv", offer.offer_csv, name="offer_csv"),
    path("aanbod.xlsx", offer.offer_xlsx, name="offer_xlsx"),
    path("aanbod.json", offer.offer_json, name="offer_json"),
    path("doorverwijzingen/", referrals.referral_list, name="referral_list"),
    path("doorverwijzingen/nieuw/", referrals.referral_create, name="referral_create"),
    path("doorverwijzingen/<int:pk>/", referrals.referral_detail, name="referral_detail"),
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
    path("zienswijze/<int:pk>/", hearings.hearing_detail, name="hearing_detail"),
    path("bezwaren/", objections.objection_list, name="objection_list"),
    path("bezwaren/excel/", objections.objection_export, name="objection_export"),
    path("bezwaren/zoek-besluit/", objections.objection_find, name="objection_find"),
    path(
        "bezwaren/nieuw/<int:content_type_id>/<int:object_id>/",
        objections.objection_register,
        name="objection_register",
    ),
    path("bezwaren/<int:pk>/", objections.objection_detail, name="objection_detail"),
    path("bezwaren/<int:pk>/beslissen/", objections.objection_decide, name="objection_decide"),
    path("bezwaren/<int:pk>/beslissing.pdf", objections.objection_letter, name="objection_letter"),
    path(
        "bezwaren/<int:pk>/bezwaarschrift/",
        objections.objection_grounds,
        name="objection_grounds",
    ),
    path("bezwaren/<int:pk>/<slug:step>/", objections.objection_step, name="objection_step"),
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
