from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from subsidie import roles
from subsidie.ui import report_errors, role_required
from vouchers import services
from vouchers.forms import PassHolderFileForm, StartImportForm
from vouchers.models import ImportState, PassHolderImport

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
