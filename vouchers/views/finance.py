"""Finance's pages: reviewing providers' declarations."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from kern.ui import attempt, permission_required
from vouchers.forms import (
    DecisionNoteForm,
)
from vouchers.models import (
    Declaration,
)
from vouchers.services import (
    declarations,
)

finance = permission_required("vouchers.approve_declaration")


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
        decided = attempt(
            request,
            lambda: declarations.decide_declaration(
                request.user,
                declaration,
                request.POST.get("besluit") == "goedkeuren",
                form.cleaned_data["note"],
            ),
            "Het besluit over de declaratie is vastgelegd.",
        )
        if decided:
            return redirect("declaration_review_list")
    return render(
        request,
        "vouchers/declaration_detail.html",
        {**declarations.declaration_overview(declaration), "review_form": form},
    )
