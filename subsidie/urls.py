from django.contrib.auth import views as auth_views
from django.urls import path

from subsidie import (
    account_views,
    application_views,
    decision_views,
    payment_views,
    review_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", account_views.otp_verify, name="otp_verify"),
    path("account/", account_views.account, name="account"),
    path("account/twee-stappen/", account_views.otp_setup, name="otp_setup"),
    path("account/twee-stappen/uit/", account_views.otp_disable, name="otp_disable"),
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
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("organisaties/<int:pk>/locaties/nieuw/", views.location_edit, name="location_create"),
    path(
        "organisaties/<int:pk>/locaties/<int:location_pk>/",
        views.location_edit,
        name="location_edit",
    ),
    path("organisaties/<int:pk>/collega-s/", views.member_list, name="member_list"),
    path("organisaties/<int:pk>/collega-s/nieuw/", views.member_add, name="member_add"),
    path(
        "organisaties/<int:pk>/collega-s/<int:membership_pk>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path("aanvragen/", application_views.application_list, name="application_list"),
    path(
        "aanvragen/nieuw/<int:scheme_pk>/<int:organisation_pk>/",
        application_views.application_start,
        name="application_start",
    ),
    path("aanvragen/<int:pk>/", application_views.application_detail, name="application_detail"),
    path("aanvragen/<int:pk>/plan/", application_views.application_plan, name="application_plan"),
    path(
        "aanvragen/<int:pk>/begroting/",
        application_views.application_budget,
        name="application_budget",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/",
        application_views.application_attachments,
        name="application_attachments",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/",
        application_views.attachment_download,
        name="attachment_download",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        application_views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "aanvragen/<int:pk>/indienen/",
        application_views.application_submit,
        name="application_submit",
    ),
    path(
        "aanvragen/<int:pk>/ontvangstbevestiging/",
        application_views.application_receipt,
        name="application_receipt",
    ),
    path(
        "aanvragen/<int:pk>/intrekken/",
        application_views.application_withdraw,
        name="application_withdraw",
    ),
    path("beoordeling/", review_views.queue, name="review_queue"),
    path("beoordeling/excel/", review_views.queue_export, name="review_queue_export"),
    path("beoordeling/<int:pk>/", review_views.review_detail, name="review_detail"),
    path("beoordeling/<int:pk>/behandelen/", review_views.review_start, name="review_start"),
    path("beoordeling/<int:pk>/toewijzen/", review_views.review_assign, name="review_assign"),
    path(
        "beoordeling/<int:pk>/aanvulling/",
        review_views.review_request_information,
        name="review_request_information",
    ),
    path("beoordeling/<int:pk>/verlengen/", review_views.review_extend, name="review_extend"),
    path("beoordeling/<int:pk>/beoordelen/", decision_views.review_assess, name="review_assess"),
    path("beoordeling/<int:pk>/voorstel/", decision_views.review_propose, name="review_propose"),
    path("beoordeling/<int:pk>/besluit/", decision_views.review_decide, name="review_decide"),
    path("beoordeling/<int:pk>/terugsturen/", decision_views.review_return, name="review_return"),
    path(
        "beoordeling/<int:pk>/buiten-behandeling/",
        decision_views.review_not_processed,
        name="review_not_processed",
    ),
    path(
        "regelingen/<int:scheme_pk>/rangschikking/",
        decision_views.scheme_ranking,
        name="scheme_ranking",
    ),
    path(
        "regelingen/<int:scheme_pk>/verleningen.xlsx",
        decision_views.scheme_awards_export,
        name="scheme_awards_export",
    ),
    path("besluiten/<int:pk>/", decision_views.decision_download, name="decision_download"),
    path("betalingen/", payment_views.payment_overview, name="payment_overview"),
    path("betalingen/<int:pk>/", payment_views.payment_batch, name="payment_batch"),
    path("betalingen/<int:pk>/sepa/", payment_views.payment_batch_sepa, name="payment_batch_sepa"),
    path(
        "betalingen/<int:pk>/excel/", payment_views.payment_batch_excel, name="payment_batch_excel"
    ),
    path(
        "betalingen/<int:pk>/betaald/", payment_views.payment_batch_paid, name="payment_batch_paid"
    ),
]
