from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from subsidie import decisions, roles
from subsidie.ui import report_errors, role_required
from vouchers import services
from vouchers.forms import PassHolderFileForm, StartImportForm
from vouchers.models import ImportState, PassHolderImport, VoucherState, VoucherTerms

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
