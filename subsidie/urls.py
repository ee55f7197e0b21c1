from django.urls import path

from subsidie.views import applications, decisions, home, public, reviews

urlpatterns = [
    path("", home.home, name="home"),
    path("regelingen/", public.scheme_list, name="public_schemes"),
    path("regelingen/<slug:code>/", public.scheme_page, name="public_scheme"),
    path("subsidieregister/", public.register, name="subsidy_register"),
    path("subsidieregister.csv", public.register_csv, name="subsidy_register_csv"),
    path("subsidieregister.json", public.register_json, name="subsidy_register_json"),
    path("aanvragen/", applications.application_list, name="application_list"),
    path(
        "aanvragen/nieuw/<int:scheme_pk>/<int:organisation_pk>/",
        applications.application_start,
        name="application_start",
    ),
    path("aanvragen/<int:pk>/", applications.application_detail, name="application_detail"),
    path("aanvragen/<int:pk>/plan/", applications.application_plan, name="application_plan"),
    path(
        "aanvragen/<int:pk>/begroting/",
        applications.application_budget,
        name="application_budget",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/",
        applications.application_attachments,
        name="application_attachments",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/",
        applications.attachment_download,
        name="attachment_download",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        applications.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "aanvragen/<int:pk>/indienen/",
        applications.application_submit,
        name="application_submit",
    ),
    path(
        "aanvragen/<int:pk>/ontvangstbevestiging/",
        applications.application_receipt,
        name="application_receipt",
    ),
    path(
        "aanvragen/<int:pk>/aanvraag.pdf",
        applications.application_pdf,
        name="application_pdf",
    ),
    path(
        "aanvragen/<int:pk>/intrekken/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path("beoordeling/", reviews.queue, name="review_queue"),
    path("beoordeling/excel/", reviews.queue_export, name="review_queue_export"),
    path("beoordeling/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("beoordeling/<int:pk>/behandelen/", reviews.review_start, name="review_start"),
    path("beoordeling/<int:pk>/zonder-aanvulling/", reviews.review_as_is, name="review_as_is"),
    path("beoordeling/<int:pk>/toewijzen/", reviews.review_assign, name="review_assign"),
    path(
        "beoordeling/<int:pk>/aanvulling/",
        reviews.review_request_information,
        name="review_request_information",
    ),
    path("beoordeling/<int:pk>/verlengen/", reviews.review_extend, name="review_extend"),
    path("beoordeling/<int:pk>/beoordelen/", decisions.review_assess, name="review_assess"),
    path("beoordeling/<int:pk>/voorstel/", decisions.review_propose, name="review_propose"),
    path("beoordeling/<int:pk>/besluit/", decisions.review_decide, name="review_decide"),
    path("beoordeling/<int:pk>/voornemen/", decisions.review_intention, name="review_intention"),
    path(
        "beoordeling/<int:pk>/intrekken/voornemen/",
        decisions.award_intention,
        name="award_intention",
    ),
    path("beoordeling/<int:pk>/intrekken/", decisions.award_revoke, name="award_revoke"),
    path("beoordeling/<int:pk>/terugsturen/", decisions.review_return, name="review_return"),
    path(
        "beoordeling/<int:pk>/buiten-behandeling/",
        decisions.review_not_processed,
        name="review_not_processed",
    ),
    path(
        "regelingen/<int:scheme_pk>/rangschikking/",
        decisions.scheme_ranking,
        name="scheme_ranking",
    ),
    path(
        "regelingen/<int:scheme_pk>/verleningen.xlsx",
        decisions.scheme_awards_export,
        name="scheme_awards_export",
    ),
    path("besluiten/<int:pk>/", decisions.decision_download, name="decision_download"),
]
