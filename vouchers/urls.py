from django.urls import path

from vouchers import views

urlpatterns = [
    path("pashouders/inlezen/", views.import_list, name="passholder_imports"),
    path("pashouders/inlezen/<int:pk>/", views.import_detail, name="passholder_import"),
    path("pashouders/inlezen/<int:pk>/start/", views.import_start, name="passholder_import_start"),
    path("regelingen/", views.terms_list, name="voucher_terms"),
    path("regelingen/<int:pk>/uitgeven/", views.terms_issue, name="voucher_issue"),
    path("regelingen/<int:pk>/vouchers/", views.voucher_list, name="voucher_list"),
    path("regelingen/<int:pk>/brief/<str:household>/", views.voucher_letter, name="voucher_letter"),
    path("activeren/", views.voucher_activate, name="voucher_activate"),
    path("mijn-vouchers/", views.parent_home, name="parent_home"),
    path("mijn-vouchers/<int:voucher_pk>/plek/", views.choose_location, name="choose_location"),
    path("aanbieder/", views.provider_home, name="provider_home"),
    path(
        "aanbieder/<int:organisation_pk>/aanmelden/",
        views.admission_request,
        name="admission_request",
    ),
    path("inschrijvingen/<int:pk>/doorverwijzen/", views.enrolment_refer, name="enrolment_refer"),
    path("inschrijvingen/<int:pk>/uren/", views.enrolment_sessions, name="enrolment_sessions"),
    # Last of the enrolment paths: the action is any word.
    path("inschrijvingen/<int:pk>/<str:action>/", views.enrolment_decide, name="enrolment_decide"),
    path("momenten/<int:pk>/terugdraaien/", views.session_reverse, name="session_reverse"),
    path("aanbieder/<int:organisation_pk>/api/", views.api_tokens, name="api_tokens"),
    path("aanbieder/declaraties/", views.provider_declarations, name="provider_declarations"),
    path(
        "aanbieder/declaraties/<int:pk>/", views.provider_declaration, name="provider_declaration"
    ),
    path("declaraties/", views.declaration_review_list, name="declaration_review_list"),
    path("declaraties/<int:pk>/", views.declaration_review, name="declaration_review"),
    path("gebruik/", views.monitoring, name="voucher_monitoring"),
    path("toelating/", views.admission_list, name="admission_list"),
    path("toelating/<int:pk>/", views.admission_decide, name="admission_decide"),
]
