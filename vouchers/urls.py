from django.urls import path

from vouchers.views import administrators, finance, letters, parents, providers, recovery

urlpatterns = [
    path("pashouders/inlezen/", administrators.import_list, name="passholder_imports"),
    path("pashouders/inlezen/<int:pk>/", administrators.import_detail, name="passholder_import"),
    path(
        "pashouders/inlezen/<int:pk>/start/",
        administrators.import_start,
        name="passholder_import_start",
    ),
    path(
        "pashouders/inlezen/<int:pk>/kolommen/",
        administrators.import_mapping,
        name="passholder_import_mapping",
    ),
    path(
        "pashouders/inlezen/<int:pk>/opnieuw/",
        administrators.import_retry,
        name="passholder_import_retry",
    ),
    path("regelingen/", administrators.terms_list, name="voucher_terms"),
    path("regelingen/nieuw/", administrators.terms_create, name="voucher_terms_create"),
    path("regelingen/<int:pk>/uitgeven/", administrators.terms_issue, name="voucher_issue"),
    path("regelingen/<int:pk>/vouchers/", administrators.voucher_list, name="voucher_list"),
    path(
        "regelingen/<int:pk>/brief/<str:household>/",
        letters.voucher_letter,
        name="voucher_letter",
    ),
    path("regelingen/<int:pk>/brieven/", letters.print_runs, name="print_runs"),
    path("printopdrachten/<int:pk>/", letters.print_run, name="print_run"),
    path("printopdrachten/<int:pk>/opnieuw/", letters.print_run_retry, name="print_run_retry"),
    path("printopdrachten/<int:pk>/deel/<int:part>/", letters.print_file, name="print_file"),
    path("printopdrachten/<int:pk>/verzendlijst/", letters.print_mail_list, name="print_mail_list"),
    path(
        "printopdrachten/<int:pk>/zonder-adres/",
        letters.print_run_unaddressed,
        name="print_run_unaddressed",
    ),
    path("vouchers/<int:pk>/intrekken/", administrators.voucher_revoke, name="voucher_revoke"),
    path(
        "vouchers/<int:pk>/intrekkingsbrief/",
        letters.revocation_letter,
        name="voucher_revocation_letter",
    ),
    path("regelingen/<int:pk>/geen-voucher/", administrators.refusal_list, name="refusal_list"),
    path("besluiten/<int:pk>/brief/", letters.decision_letter, name="voucher_decision_letter"),
    path("activeren/", parents.voucher_activate, name="voucher_activate"),
    path("account-herstellen/", recovery.account_recover, name="parent_account_recover"),
    path("ouders/herstelcode/", recovery.recovery_desk, name="recovery_desk"),
    path("ouders/herstelcode/<int:pk>/", recovery.recovery_code, name="recovery_code"),
    path("mijn-vouchers/", parents.parent_home, name="parent_home"),
    path(
        "mijn-vouchers/besluiten/<int:pk>/",
        parents.parent_decision_letter,
        name="parent_decision_letter",
    ),
    path(
        "mijn-vouchers/account-verwijderen/", parents.account_delete, name="parent_account_delete"
    ),
    path("mijn-vouchers/<int:voucher_pk>/plek/", parents.choose_location, name="choose_location"),
    path("mijn-vouchers/plek/<int:pk>/stoppen/", parents.enrolment_stop, name="enrolment_stop"),
    path("aanbieder/", providers.provider_home, name="provider_home"),
    path(
        "aanbieder/<int:organisation_pk>/aanmelden/",
        providers.admission_request,
        name="admission_request",
    ),
    path(
        "inschrijvingen/<int:pk>/doorverwijzen/", providers.enrolment_refer, name="enrolment_refer"
    ),
    path("inschrijvingen/<int:pk>/uren/", providers.enrolment_sessions, name="enrolment_sessions"),
    # Last of the enrolment paths: the action is any word.
    path(
        "inschrijvingen/<int:pk>/<str:action>/", providers.enrolment_decide, name="enrolment_decide"
    ),
    path("momenten/<int:pk>/terugdraaien/", providers.session_reverse, name="session_reverse"),
    path("aanbieder/<int:organisation_pk>/api/", providers.api_tokens, name="api_tokens"),
    path("aanbieder/declaraties/", providers.provider_declarations, name="provider_declarations"),
    path(
        "aanbieder/declaraties/<int:pk>/",
        providers.provider_declaration,
        name="provider_declaration",
    ),
    path("declaraties/", finance.declaration_review_list, name="declaration_review_list"),
    path("declaraties/<int:pk>/", finance.declaration_review, name="declaration_review"),
    path("gebruik/", administrators.monitoring, name="voucher_monitoring"),
    path("toelating/", administrators.admission_list, name="admission_list"),
    path("toelating/<int:pk>/", administrators.admission_decide, name="admission_decide"),
    path("toelating/<int:pk>/besluit/", letters.admission_letter, name="admission_letter"),
    path("declaraties/<int:pk>/besluit/", letters.declaration_letter, name="declaration_letter"),
]
