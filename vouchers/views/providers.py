"""Providers' pages: admission, enrolments, booking hours, API keys, declarations."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from besluiten.models import Decision
from kern import services as organisations
from kern.ui import attempt, report_errors
from vouchers.forms import (
    AdmissionForm,
    DecisionNoteForm,
    DeclarationStartForm,
    EnrolmentStepForm,
    ReferForm,
    SessionForm,
)
from vouchers.models import (
    OPEN_ENROLMENT,
    Admission,
    AdmissionState,
    Declaration,
    Enrolment,
    EnrolmentState,
    Session,
)
from vouchers.services import (
    admissions,
    api_keys,
    declarations,
    enrolments,
    sessions,
)


def _provider_organisations(user):
    return organisations.organisations_of(user).providers()


NOTHING_TO_APPLY_FOR = (
    "Er is nu geen voucherregeling waarvoor uw organisatie zich nog kan aanmelden. Hieronder "
    "ziet u de status van uw aanmeldingen."
)


@login_required
def provider_home(request):
    providers = _provider_organisations(request.user)
    today = timezone.localdate()
    open_enrolments = (
        Enrolment.objects.filter(admission__provider__in=providers, state__in=OPEN_ENROLMENT)
        .select_related("voucher__pass_holder", "location", "admission__provider")
        .order_by("state", "requested_at")
    )
    page = Paginator(open_enrolments, 50).get_page(request.GET.get("pagina"))
    for enrolment in page:
        if enrolment.state == EnrolmentState.WAITLISTED:
            enrolment.waitlist_place = enrolments.waitlist_place(enrolment)
    return render(
        request,
        "vouchers/provider_home.html",
        {
            "providers": providers,
            "may_apply": {p.pk for p in providers if admissions.open_terms(p, today).exists()},
            "admissions": Admission.objects.filter(provider__in=providers).select_related(
                "terms__scheme", "provider"
            ),
            "page": page,
            "note_form": DecisionNoteForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def admission_request(request, organisation_pk):
    provider = get_object_or_404(_provider_organisations(request.user), pk=organisation_pk)
    terms = admissions.open_terms(provider, timezone.localdate())
    if not terms.exists():
        # Also for a form left open while a colleague sent the same request.
        messages.info(request, NOTHING_TO_APPLY_FOR)
        return redirect("provider_home")
    form = AdmissionForm(
        request.POST or None, terms=terms, locations=provider.locations.filter(active=True)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            admissions.request_admission(
                request.user, provider, data["terms"], data["hourly_rate"], list(data["locations"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Uw aanmelding is verstuurd. De gemeente beslist erover.")
            return redirect("provider_home")
    return render(request, "vouchers/admission_form.html", {"form": form, "provider": provider})


def _provider_enrolment(request, pk):
    return get_object_or_404(
        Enrolment.objects.select_related("admission__provider", "voucher__terms"),
        pk=pk,
        admission__provider__in=_provider_organisations(request.user),
    )


@login_required
@require_POST
def enrolment_decide(request, pk, action):
    enrolment = _provider_enrolment(request, pk)
    form = EnrolmentStepForm(request.POST)
    form.is_valid()
    attempt(
        request,
        lambda: enrolments.decide_enrolment(
            request.user,
            enrolment,
            action,
            form.cleaned_data.get("note", ""),
            day=form.cleaned_data.get("day"),
        ),
        "De inschrijving is bijgewerkt.",
    )
    return redirect("provider_home")


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_refer(request, pk):
    enrolment = _provider_enrolment(request, pk)
    locations = enrolments.admitted_locations(enrolment.voucher.terms).exclude(
        pk=enrolment.location_id
    )
    form = ReferForm(request.POST or None, locations=locations)
    if request.method == "POST" and form.is_valid():
        try:
            enrolments.refer_enrolment(
                request.user, enrolment, form.cleaned_data["location"], form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "De aanvraag is doorgestuurd. De ouder ziet dit op de eigen pagina."
            )
            return redirect("provider_home")
    return render(request, "vouchers/enrolment_refer.html", {"form": form, "enrolment": enrolment})


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_sessions(request, pk):
    enrolment = _provider_enrolment(request, pk)
    form = SessionForm(request.POST or None, initial={"key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions.record_session(
                request.user, enrolment, data["day"], data["hours"], data["key"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "De uren zijn geboekt.")
            return redirect("enrolment_sessions", pk=pk)
    return render(
        request,
        "vouchers/enrolment_sessions.html",
        {
            "enrolment": enrolment,
            "form": form,
            "sessions": enrolment.sessions.all(),
            "balance": enrolment.voucher.balance,
            "reason_form": DecisionNoteForm(),
        },
    )


@login_required
@require_POST
def session_reverse(request, pk):
    session = get_object_or_404(
        Session, pk=pk, admission__provider__in=_provider_organisations(request.user)
    )
    attempt(
        request,
        lambda: sessions.reverse_session(request.user, session, request.POST.get("note", "")),
        "Het moment is teruggedraaid. Het bedrag staat weer op de voucher.",
    )
    return redirect("enrolment_sessions", pk=session.enrolment_id)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request, organisation_pk):
    provider = get_object_or_404(_provider_organisations(request.user), pk=organisation_pk)
    new_key = None
    if request.method == "POST":
        try:
            if "intrekken" in request.POST:
                token = get_object_or_404(provider.api_tokens, pk=request.POST["intrekken"])
                api_keys.revoke_api_token(request.user, token)
                messages.success(request, "De sleutel is ingetrokken.")
            else:
                new_key = api_keys.create_api_token(request.user, provider)
        except ValidationError as error:
            report_errors(request, error)
    return render(
        request,
        "vouchers/api_tokens.html",
        {"provider": provider, "tokens": provider.api_tokens.all(), "new_key": new_key},
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_declarations(request):
    providers = _provider_organisations(request.user)
    admissions = Admission.objects.filter(
        provider__in=providers, state=AdmissionState.ADMITTED
    ).select_related("terms__scheme", "provider")
    form = DeclarationStartForm(request.POST or None, admissions=admissions)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = declarations.start_declaration(
                request.user, form.cleaned_data["admission"], form.cleaned_data["month"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("provider_declaration", pk=declaration.pk)
    return render(
        request,
        "vouchers/provider_declarations.html",
        {
            "form": form,
            "declarations": Declaration.objects.filter(admission__provider__in=providers)
            .annotate(has_letter=Exists(Decision.objects.of_model(Declaration)))
            .select_related("admission__provider")
            .order_by("-month"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_declaration(request, pk):
    declaration = get_object_or_404(
        Declaration.objects.select_related("admission__provider"),
        pk=pk,
        admission__provider__in=_provider_organisations(request.user),
    )
    if request.method == "POST":
        try:
            declarations.submit_declaration(request.user, declaration)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, "De declaratie is ingediend.")
        return redirect("provider_declaration", pk=pk)
    return render(
        request, "vouchers/declaration_detail.html", declarations.declaration_overview(declaration)
    )
