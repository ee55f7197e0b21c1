"""The organisation's side of a hearing: read the intention, respond within the term."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from besluiten.forms import HearingResponseForm
from besluiten.models import Hearing
from besluiten.services import hearings
from kern.roles import is_municipal_staff
from kern.services import organisations_of
from kern.ui import attempt


@login_required
@require_http_methods(["GET", "POST"])
def hearing_detail(request, pk):
    staff = is_municipal_staff(request.user)
    visible = (
        Hearing.objects.all()
        if staff
        else Hearing.objects.filter(organisation__in=organisations_of(request.user))
    )
    hearing = get_object_or_404(visible.select_related("organisation", "responded_by"), pk=pk)
    form = HearingResponseForm(request.POST or None)
    if request.method == "POST":
        if staff:
            raise PermissionDenied("Alleen de organisatie zelf kan reageren.")
        if form.is_valid() and attempt(
            request,
            lambda: hearings.respond(request.user, hearing, form.cleaned_data["response"]),
            "Dank u. Uw reactie is verstuurd. Wij lezen die voordat wij besluiten.",
        ):
            return redirect("hearing_detail", pk=pk)
    return render(
        request, "besluiten/hearing_detail.html", {"hearing": hearing, "form": form, "staff": staff}
    )
