"""Organisations' own pages: profile, locations and colleagues. Members see and change only
their own organisation; everyone else gets a 404. Finance checks new bank details here too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kern import services
from kern.forms import AvailabilityForm, LocationForm, MemberForm, ReasonForm, profile_form_class
from kern.models import Location, Membership, Organisation
from kern.permissions import require
from kern.ui import attempt, permission_required


def _organisation_for(request, pk):
    """The organisation, if the user belongs to it; everyone else gets a 404."""
    return get_object_or_404(services.organisations_of(request.user), pk=pk)


@login_required
def organisation_detail(request, pk):
    organisation = _organisation_for(request, pk)
    locations = list(services.locations_of(organisation).with_freshness())
    return render(
        request,
        "kern/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": services.membership_of(request.user, organisation),
            "locations": locations,
            "availability": [
                (location, AvailabilityForm(instance=location))
                for location in locations
                if location.active
            ],
        },
    )


@login_required
@require_POST
def availability_update(request, pk, location_pk):
    organisation = _organisation_for(request, pk)
    location = get_object_or_404(Location, pk=location_pk, organisation=organisation)
    form = AvailabilityForm(request.POST, instance=location)
    if form.is_valid():
        services.save_location(request.user, form.instance)
        messages.success(request, f"De plekken van ‘{location.name}’ zijn bijgewerkt.")
    else:
        messages.error(
            request, "Vul bij vrije plekken en wachtlijst een heel getal in (0 of meer)."
        )
    return redirect(reverse("organisation_detail", args=[organisation.pk]) + "#plekken")


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = _organisation_for(request, pk)
    form = profile_form_class(organisation)(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        held = services.save_organisation(request.user, form.instance)
        messages.success(request, "De gegevens van uw organisatie zijn opgeslagen.")
        if held:
            messages.info(
                request,
                "Een nieuw IBAN of een andere status voor winstoogmerk gaat pas in als de "
                "gemeente het heeft gecontroleerd. Tot dan betalen wij op het oude IBAN.",
            )
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "kern/organisation_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request, pk, location_pk=None):
    organisation = _organisation_for(request, pk)
    location = (
        get_object_or_404(Location, pk=location_pk, organisation=organisation)
        if location_pk
        else Location(organisation=organisation)
    )
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        services.save_location(request.user, form.instance)
        messages.success(request, f"Locatie ‘{location.name}’ is opgeslagen.")
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "kern/location_form.html",
        {"organisation": organisation, "location": location, "form": form},
    )


@login_required
def member_list(request, pk):
    organisation = _organisation_for(request, pk)
    return render(
        request,
        "kern/member_list.html",
        {
            "organisation": organisation,
            "membership": services.membership_of(request.user, organisation),
            "members": organisation.memberships.select_related("user"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    organisation = _organisation_for(request, pk)
    require(request.user, "kern.manage_organisation", organisation)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(request.user, organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['email']} is toegevoegd. Nieuwe collega's krijgen een "
                "e-mail om een wachtwoord te kiezen.",
            )
            return redirect("member_list", pk=organisation.pk)
    return render(request, "kern/member_form.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk, membership_pk):
    organisation = _organisation_for(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation
    )
    require(request.user, "kern.manage_organisation", organisation)
    if request.method == "POST":
        attempt(
            request,
            lambda: services.remove_member(request.user, membership),
            f"{membership.user.get_full_name()} is verwijderd.",
        )
        return redirect("member_list", pk=organisation.pk)
    return render(
        request,
        "kern/member_confirm_remove.html",
        {"organisation": organisation, "member": membership},
    )


checkers = permission_required("kern.confirm_bank_details")


@checkers
def pending_changes(request):
    return render(
        request, "kern/pending_changes.html", {"organisations": services.pending_changes()}
    )


@checkers
@require_POST
def pending_change_decide(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    confirm = request.POST.get("besluit") == "bevestigen"
    attempt(
        request,
        lambda: services.decide_pending_change(
            request.user, organisation, confirm, form.cleaned_data.get("reason", "")
        ),
        f"De wijziging van {organisation.name} is "
        + ("bevestigd." if confirm else "niet overgenomen."),
    )
    return redirect("pending_changes")
