import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from subsidie import decisions, roles
from subsidie import services as subsidie_services
from subsidie.models import District, Location
from subsidie.ui import XLSX, download, report_errors, role_required
from vouchers import letters, services
from vouchers import monitoring as monitoring_data
from vouchers.forms import (
    ActivationForm,
    AdmissionForm,
    DecisionNoteForm,
    DeclarationStartForm,
    ParentSignupForm,
    PassHolderFileForm,
    ReferForm,
    SessionForm,
    StartImportForm,
)
from vouchers.models import (
    OPEN_ENROLMENT,
    Admission,
    AdmissionState,
    Declaration,
    Enrolment,
    ImportState,
    ParentAccount,
    PassHolderImport,
    Session,
    VoucherState,
    VoucherTerms,
)

administrators = role_required(roles.ADMINISTRATOR)
ACTIONS = {"new": "nieuw", "changed": "gewijzigd", "gone": "niet meer in het bestand"}


@administrators
@require_http_methods(["GET", "POST"])
def import_list(request):
    form = PassHolderFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.upload(request.user, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("passholder_import", pk=batch.pk)
    return render(
        request,
        "vouchers/import_list.html",
        {"form": form, "imports": PassHolderImport.objects.select_related("uploaded_by")[:50]},
    )


@administrators
def import_detail(request, pk):
    batch = get_object_or_404(PassHolderImport, pk=pk)
    running = batch.state in (ImportState.UPLOADED, ImportState.CHECKING, ImportState.IMPORTING)
    return render(
        request,
        "vouchers/import_detail.html",
        {
            "batch": batch,
            "running": running,
            "problems": Paginator(batch.problems, 100).get_page(request.GET.get("fouten")),
            "changes": Paginator(
                [(line, number, ACTIONS[action]) for line, number, action in batch.changes], 100
            ).get_page(request.GET.get("wijzigingen")),
            "form": StartImportForm(),
        },
    )


@administrators
@require_POST
def import_start(request, pk):
    batch = get_object_or_404(PassHolderImport, pk=pk)
    form = StartImportForm(request.POST)
    form.is_valid()
    try:
        services.start_import(request.user, batch, form.cleaned_data.get("skip_invalid", False))
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, "Het inlezen is gestart.")
    return redirect("passholder_import", pk=pk)


@administrators
def terms_list(request):
    terms = VoucherTerms.objects.select_related("scheme").annotate(
        issued=Count("vouchers"),
        active=Count("vouchers", filter=Q(vouchers__state=VoucherState.ACTIVE)),
    )
    return render(
        request,
        "vouchers/terms_list.html",
        {
            "terms": [
                (item, decisions.room_in_budget(item.scheme, item.budget_year)) for item in terms
            ]
        },
    )


@administrators
@require_http_methods(["GET", "POST"])
def terms_issue(request, pk):
    terms = get_object_or_404(VoucherTerms.objects.select_related("scheme"), pk=pk)
    if request.method == "POST":
        try:
            result = services.issue_vouchers(request.user, terms)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, f"{result.issued} vouchers uitgegeven.")
            if result.over_ceiling:
                messages.error(
                    request,
                    f"{result.over_ceiling} kinderen kregen geen voucher: het subsidieplafond is "
                    "bereikt.",
                )
        return redirect("voucher_list", pk=pk)
    eligible = services.eligible_children(terms).count()
    return render(
        request,
        "vouchers/terms_issue.html",
        {
            "terms": terms,
            "eligible": eligible,
            "cost": eligible * terms.value_per_child,
            "room": decisions.room_in_budget(terms.scheme, terms.budget_year),
        },
    )


@administrators
def voucher_list(request, pk):
    terms = get_object_or_404(VoucherTerms.objects.select_related("scheme"), pk=pk)
    vouchers = terms.vouchers.select_related("pass_holder")
    query = request.GET.get("q", "").strip()
    if query:
        vouchers = vouchers.filter(
            Q(pass_holder__pass_number=query) | Q(pass_holder__household_number=query)
        )
    if request.GET.get("status") in VoucherState.values:
        vouchers = vouchers.filter(state=request.GET["status"])
    return render(
        request,
        "vouchers/voucher_list.html",
        {
            "terms": terms,
            "page": Paginator(vouchers, 50).get_page(request.GET.get("pagina")),
            "query": query,
            "states": VoucherState.choices,
        },
    )


@administrators
def voucher_letter(request, pk, household):
    terms = get_object_or_404(VoucherTerms, pk=pk)
    vouchers = [
        voucher
        for voucher in services.household_vouchers(terms, household)
        if voucher.state == VoucherState.ISSUED
    ]
    if not vouchers:
        raise Http404("no voucher to activate in this household")
    return download(letters.household_letter(vouchers), "application/pdf", f"brief-{household}.pdf")


@require_http_methods(["GET", "POST"])
def voucher_activate(request):
    data = request.POST or None
    form = ActivationForm(data, initial={"code": request.GET.get("code", "")})
    signup = None if request.user.is_authenticated else ParentSignupForm(data)
    if request.method == "POST" and form.is_valid() and (signup is None or signup.is_valid()):
        try:
            account = services.activate(
                request.user,
                request.META.get("REMOTE_ADDR"),
                form.cleaned_data["pass_number"],
                form.cleaned_data["date_of_birth"],
                form.cleaned_data["code"],
                new_account=signup,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.user.is_authenticated:
                login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "De voucher staat aan.")
            return redirect("parent_home")
    return render(request, "vouchers/activate.html", {"form": form, "signup": signup})


@login_required
def parent_home(request):
    account = get_object_or_404(ParentAccount, user=request.user)
    return render(
        request,
        "vouchers/parent_home.html",
        {
            "vouchers": account.vouchers().prefetch_related(
                "entries", "enrolments__location__organisation"
            )
        },
    )


# --- providers -----------------------------------------------------------------------------


def _provider_organisations(user):
    return subsidie_services.organisations_of(user).providers()


@login_required
def provider_home(request):
    providers = _provider_organisations(request.user)
    enrolments = (
        Enrolment.objects.filter(admission__provider__in=providers, state__in=OPEN_ENROLMENT)
        .select_related("voucher__pass_holder", "location", "admission__provider")
        .order_by("state", "requested_at")
    )
    return render(
        request,
        "vouchers/provider_home.html",
        {
            "providers": providers,
            "admissions": Admission.objects.filter(provider__in=providers).select_related(
                "terms__scheme", "provider"
            ),
            "page": Paginator(enrolments, 50).get_page(request.GET.get("pagina")),
            "note_form": DecisionNoteForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def admission_request(request, organisation_pk):
    provider = get_object_or_404(_provider_organisations(request.user), pk=organisation_pk)
    form = AdmissionForm(
        request.POST or None,
        terms=services.open_terms(timezone.localdate()),
        locations=provider.locations.filter(active=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_admission(
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
    form = DecisionNoteForm(request.POST)
    form.is_valid()
    try:
        services.decide_enrolment(
            request.user, enrolment, action, form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, "De inschrijving is bijgewerkt.")
    return redirect("provider_home")


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_refer(request, pk):
    enrolment = _provider_enrolment(request, pk)
    locations = services.admitted_locations(enrolment.voucher.terms).exclude(
        pk=enrolment.location_id
    )
    form = ReferForm(request.POST or None, locations=locations)
    if request.method == "POST" and form.is_valid():
        try:
            services.refer_enrolment(
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


# --- municipality: admissions ---------------------------------------------------------------


@administrators
def admission_list(request):
    return render(
        request,
        "vouchers/admission_list.html",
        {
            "admissions": Admission.objects.select_related("provider", "terms__scheme")
            .prefetch_related("locations")
            .order_by("state", "requested_at"),
            "form": DecisionNoteForm(),
        },
    )


@administrators
@require_POST
def admission_decide(request, pk):
    admission = get_object_or_404(Admission, pk=pk)
    form = DecisionNoteForm(request.POST)
    form.is_valid()
    try:
        services.decide_admission(
            request.user, admission, request.POST.get("besluit"), form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, f"Het besluit over {admission.provider} is vastgelegd.")
    return redirect("admission_list")


# --- parents: choosing a place ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def choose_location(request, voucher_pk):
    account = get_object_or_404(ParentAccount, user=request.user)
    voucher = get_object_or_404(account.vouchers(), pk=voucher_pk)
    if request.method == "POST":
        location = get_object_or_404(Location, pk=request.POST.get("location"))
        try:
            services.request_enrolment(request.user, voucher, location)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(
                request, "Uw aanvraag is verstuurd. De aanbieder laat weten of er plek is."
            )
            return redirect("parent_home")
    district = District.objects.filter(pk=request.GET.get("wijk") or None).first()
    return render(
        request,
        "vouchers/choose_location.html",
        {
            "voucher": voucher,
            "locations": services.admitted_locations(voucher.terms, district),
            "districts": District.objects.all(),
            "district": district,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_sessions(request, pk):
    enrolment = _provider_enrolment(request, pk)
    form = SessionForm(request.POST or None, initial={"key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_session(
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
    try:
        services.reverse_session(request.user, session, request.POST.get("note", ""))
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(
            request, "Het moment is teruggedraaid. Het bedrag staat weer op de voucher."
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
                services.revoke_api_token(request.user, token)
                messages.success(request, "De sleutel is ingetrokken.")
            else:
                new_key = services.create_api_token(request.user, provider)
        except ValidationError as error:
            report_errors(request, error)
    return render(
        request,
        "vouchers/api_tokens.html",
        {"provider": provider, "tokens": provider.api_tokens.all(), "new_key": new_key},
    )


# --- declarations ------------------------------------------------------------------------------


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
            declaration = services.start_declaration(
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
            services.submit_declaration(request.user, declaration)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, "De declaratie is ingediend.")
        return redirect("provider_declaration", pk=pk)
    return render(request, "vouchers/declaration_detail.html", _declaration_context(declaration))


def _declaration_context(declaration):
    sessions = services.declaration_sessions(declaration).select_related("voucher__pass_holder")
    return {
        "declaration": declaration,
        "sessions": sessions,
        "total": sum(session.amount for session in sessions),
    }


finance = role_required(roles.FINANCE)


@finance
def declaration_review_list(request):
    declarations = Declaration.objects.select_related("admission__provider").order_by(
        "state", "month"
    )
    return render(request, "vouchers/declaration_review_list.html", {"declarations": declarations})


@finance
@require_http_methods(["GET", "POST"])
def declaration_review(request, pk):
    declaration = get_object_or_404(Declaration, pk=pk)
    form = DecisionNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_declaration(
                request.user,
                declaration,
                request.POST.get("besluit") == "goedkeuren",
                form.cleaned_data["note"],
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, "Het besluit over de declaratie is vastgelegd.")
            return redirect("declaration_review_list")
    return render(
        request,
        "vouchers/declaration_detail.html",
        {**_declaration_context(declaration), "review_form": form},
    )


@administrators
def monitoring(request):
    rows = monitoring_data.take_up()
    if request.GET.get("formaat") == "excel":
        return download(
            monitoring_data.workbook(rows),
            XLSX,
            f"vouchergebruik-{timezone.localdate():%Y-%m-%d}.xlsx",
        )
    return render(request, "vouchers/monitoring.html", {"rows": rows})
