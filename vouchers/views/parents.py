"""Parents' pages: turning a voucher on, the household's vouchers, choosing a place."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from besluiten import store
from kern.audit import client_address
from kern.models import District, Location
from kern.ui import attempt, download, report_errors
from vouchers.forms import (
    ActivationForm,
    ParentSignupForm,
)
from vouchers.models import (
    Enrolment,
    EnrolmentState,
    EntryKind,
    ParentAccount,
    VoucherState,
)
from vouchers.services import (
    enrolments,
    parents,
    retention,
)
from vouchers.views.letters import letter_or_404


@require_http_methods(["GET", "POST"])
def voucher_activate(request):
    data = request.POST or None
    form = ActivationForm(data)
    signup = None if request.user.is_authenticated else ParentSignupForm(data)
    if request.method == "POST" and form.is_valid() and (signup is None or signup.is_valid()):
        try:
            account = parents.activate(
                request.user,
                client_address(request),
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
    vouchers = account.vouchers().prefetch_related(
        "entries__session", "enrolments__location__organisation", "enrolments__admission"
    )
    for voucher in vouchers:
        # What happened to the money since it was issued; the issue itself is the value.
        voucher.used = [entry for entry in voucher.entries.all() if entry.kind != EntryKind.ISSUE]
        voucher.may_choose = voucher.state == VoucherState.ACTIVE and not (
            enrolments.has_open_place(voucher)
        )
        for enrolment in voucher.enrolments.all():
            if enrolment.state == EnrolmentState.WAITLISTED:
                enrolment.waitlist_place = enrolments.waitlist_place(enrolment)
    decisions = parents.household_decisions(account.household_number)
    return render(
        request, "vouchers/parent_home.html", {"vouchers": vouchers, "decisions": decisions}
    )


@login_required
def parent_decision_letter(request, pk):
    """A stored decision letter about the parent's own household, as it was sent."""
    account = get_object_or_404(ParentAccount, user=request.user)
    decision = get_object_or_404(parents.household_decisions(account.household_number), pk=pk)
    content = letter_or_404(lambda: store.content_of(decision))
    return download(content, "application/pdf", f"besluit-{decision.reference}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_stop(request, pk):
    account = get_object_or_404(ParentAccount, user=request.user)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("location__organisation", "voucher__pass_holder"),
        pk=pk,
        voucher__pass_holder__household_number=account.household_number,
    )
    if request.method == "POST":
        attempt(
            request,
            lambda: enrolments.stop_enrolment(request.user, enrolment),
            "De plek is gestopt. U kunt nu een andere plek kiezen.",
        )
        return redirect("parent_home")
    return render(request, "vouchers/enrolment_stop.html", {"enrolment": enrolment})


@login_required
@require_http_methods(["GET", "POST"])
def choose_location(request, voucher_pk):
    account = get_object_or_404(ParentAccount, user=request.user)
    voucher = get_object_or_404(account.vouchers(), pk=voucher_pk)
    if enrolments.has_open_place(voucher):
        # Not a list to choose from that would then be refused; the home page has the place.
        messages.info(request, enrolments.ONE_PLACE)
        return redirect("parent_home")
    if request.method == "POST":
        location = get_object_or_404(Location, pk=request.POST.get("location"))
        try:
            enrolments.request_enrolment(request.user, voucher, location)
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
            "locations": enrolments.admitted_locations(voucher.terms, district),
            "districts": District.objects.all(),
            "district": district,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    get_object_or_404(ParentAccount, user=request.user)
    if request.method == "POST":
        retention.delete_own_parent_account(request.user)
        logout(request)
        messages.success(request, "Uw account is verwijderd.")
        return redirect("home")
    return render(request, "vouchers/account_delete.html")
