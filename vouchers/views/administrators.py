"""Pages for the municipality's administrators: pass-holder imports, voucher terms,
issuing, letters, provider admissions and take-up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from besluiten.models import Decision
from kern.forms import ReasonForm
from kern.ui import XLSX, attempt, download, permission_required, report_errors
from subsidie.services import budget
from vouchers import monitoring as monitoring_data
from vouchers import passholder_file
from vouchers.forms import (
    DecisionNoteForm,
    PassHolderFileForm,
    StartImportForm,
    VoucherRoundForm,
)
from vouchers.models import (
    Admission,
    AdmissionState,
    CeilingRefusal,
    ImportState,
    PassHolder,
    PassHolderImport,
    Voucher,
    VoucherState,
    VoucherTerms,
)
from vouchers.services import (
    admissions,
    issuing,
    passholder_import,
    printing,
    rounds,
)

importers = permission_required("vouchers.import_passholders")
issuers = permission_required("vouchers.issue_vouchers")
admitters = permission_required("vouchers.admit_provider")


ACTIONS = {"new": "nieuw", "changed": "gewijzigd", "gone": "niet meer in het bestand"}


@importers
@require_http_methods(["GET", "POST"])
def import_list(request):
    form = PassHolderFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = passholder_import.upload(request.user, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("passholder_import", pk=batch.pk)
    return render(
        request,
        "vouchers/import_list.html",
        {"form": form, "imports": PassHolderImport.objects.select_related("uploaded_by")[:50]},
    )


@importers
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
            "form": StartImportForm(batch=batch),
            "missing": [
                (column, passholder_file.COLUMNS[column][1]) for column in batch.missing_columns
            ],
            "earlier": passholder_import.earlier_import(batch),
            "mass_gone": passholder_import.too_many_gone(batch.counts)
            and passholder_import.mass_gone_warning(batch.counts),
        },
    )


@importers
@require_POST
def import_start(request, pk):
    batch = get_object_or_404(PassHolderImport, pk=pk)
    form = StartImportForm(request.POST, batch=batch)
    form.is_valid()
    attempt(
        request,
        lambda: passholder_import.start_import(
            request.user,
            batch,
            form.cleaned_data.get("skip_invalid", False),
            form.cleaned_data.get("allow_mass_gone", False),
        ),
        "Het inlezen is gestart.",
    )
    return redirect("passholder_import", pk=pk)


@importers
@require_POST
def import_mapping(request, pk):
    batch = get_object_or_404(PassHolderImport, pk=pk)
    choices = {column: request.POST.get(column, "") for column in batch.missing_columns}
    attempt(
        request,
        lambda: passholder_import.map_columns(request.user, batch, choices),
        "De kolommen zijn onthouden. Het bestand wordt opnieuw gecontroleerd.",
    )
    return redirect("passholder_import", pk=pk)


@importers
@require_POST
def import_retry(request, pk):
    batch = get_object_or_404(PassHolderImport, pk=pk)
    attempt(
        request,
        lambda: passholder_import.retry(request.user, batch),
        "Het bestand wordt opnieuw gecontroleerd.",
    )
    return redirect("passholder_import", pk=pk)


@issuers
def terms_list(request):
    terms = (
        VoucherTerms.objects.select_related("scheme")
        .annotate(
            issued=Count("vouchers", distinct=True),
            active=Count("vouchers", filter=Q(vouchers__state=VoucherState.ACTIVE), distinct=True),
            admitted=Count(
                "admissions",
                filter=Q(admissions__state=AdmissionState.ADMITTED),
                distinct=True,
            ),
        )
        .order_by("-school_year_start")
    )
    return render(
        request,
        "vouchers/terms_list.html",
        {
            "terms": [
                (
                    item,
                    budget.room_in_budget(item.scheme, item.budget_year),
                    issuing.eligible_children(item).count(),
                    printing.new_households(item).count(),
                )
                for item in terms
            ],
            "pass_holders": PassHolder.objects.filter(active=True).count(),
        },
    )


@permission_required("vouchers.add_voucherterms")
@require_http_methods(["GET", "POST"])
def terms_create(request):
    form = VoucherRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            lambda: rounds.create_round(request.user, **form.cleaned_data),
            "De voucherronde is aangemaakt. Hieronder staat wat er nu moet gebeuren.",
        )
        if created:
            return redirect("voucher_terms")
    return render(request, "vouchers/terms_create.html", {"form": form})


@issuers
@require_http_methods(["GET", "POST"])
def terms_issue(request, pk):
    terms = get_object_or_404(VoucherTerms.objects.select_related("scheme"), pk=pk)
    if request.method == "POST":
        try:
            result = issuing.issue_vouchers(request.user, terms)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, f"{result.issued} vouchers uitgegeven.")
            if result.over_ceiling:
                messages.error(
                    request,
                    f"{result.over_ceiling} kinderen kregen geen voucher: het subsidieplafond is "
                    "bereikt. Hun ouders krijgen een besluit met bezwaarclausule; de brieven "
                    "staan bij de besluiten. Komt er geld vrij, geef dan opnieuw uit: zij "
                    "krijgen dan als eersten een voucher.",
                )
        return redirect("voucher_list", pk=pk)
    eligible = issuing.eligible_children(terms).count()
    return render(
        request,
        "vouchers/terms_issue.html",
        {
            "terms": terms,
            "eligible": eligible,
            "cost": eligible * terms.value_per_child,
            "room": budget.room_in_budget(terms.scheme, terms.budget_year),
        },
    )


@issuers
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


@issuers
def refusal_list(request, pk):
    """The children refused at the ceiling, with their decisions and what came of them."""
    terms = get_object_or_404(VoucherTerms.objects.select_related("scheme"), pk=pk)
    refusals = terms.refusals.select_related("pass_holder", "voucher").annotate(
        decision=Subquery(
            Decision.objects.of_model(CeilingRefusal).order_by("decided_at").values("pk")[:1]
        )
    )
    query = request.GET.get("q", "").strip()
    if query:
        refusals = refusals.filter(
            Q(pass_holder__pass_number=query) | Q(pass_holder__household_number=query)
        )
    return render(
        request,
        "vouchers/refusal_list.html",
        {
            "terms": terms,
            "page": Paginator(refusals, 50).get_page(request.GET.get("pagina")),
            "query": query,
        },
    )


@issuers
@require_http_methods(["GET", "POST"])
def voucher_revoke(request, pk):
    voucher = get_object_or_404(Voucher.objects.select_related("pass_holder"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: issuing.revoke_voucher(request.user, voucher, form.cleaned_data["reason"]),
            f"Voucher {voucher.code} is ingetrokken. Stuur de ouders de intrekkingsbrief; "
            "die staat bij de voucher in de lijst.",
        )
        return redirect("voucher_list", voucher.terms_id)
    return render(request, "vouchers/voucher_revoke.html", {"voucher": voucher, "form": form})


@admitters
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


@admitters
@require_POST
def admission_decide(request, pk):
    admission = get_object_or_404(Admission, pk=pk)
    form = DecisionNoteForm(request.POST)
    form.is_valid()
    attempt(
        request,
        lambda: admissions.decide_admission(
            request.user, admission, request.POST.get("besluit"), form.cleaned_data.get("note", "")
        ),
        f"Het besluit over {admission.provider} is vastgelegd.",
    )
    return redirect("admission_list")


@issuers
def monitoring(request):
    rows = monitoring_data.take_up()
    if request.GET.get("formaat") == "excel":
        return download(
            monitoring_data.workbook(rows),
            XLSX,
            f"vouchergebruik-{timezone.localdate():%Y-%m-%d}.xlsx",
        )
    return render(request, "vouchers/monitoring.html", {"rows": rows})
