from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from subsidie import services
from subsidie.choices import AdvanceState, ApplicationState, OrganisationKind
from subsidie.forms import LocationForm, MemberForm, profile_form_class
from subsidie.models import (
    REVIEW_STATES,
    Advance,
    Application,
    Borough,
    Location,
    Membership,
    Organisation,
)
from subsidie.roles import is_municipal_staff, staff_roles_of
from subsidie.ui import report_errors


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "subsidie/home_public.html")
    if is_municipal_staff(user):
        return render(request, "subsidie/home_staff.html", _staff_overview(user))
    if hasattr(user, "parent_account"):  # parents' pages live in the vouchers app
        return redirect("parent_home")
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            location_count=Count(
                "organisation__locations", filter=Q(organisation__locations__active=True)
            ),
            places=Sum("organisation__locations__places_per_week"),
        )
    )
    return render(request, "subsidie/home_member.html", {"memberships": memberships})


def _staff_overview(user):
    counts = Organisation.objects.aggregate(
        schools=Count("pk", filter=Q(kind=OrganisationKind.SCHOOL)),
        providers=Count("pk", filter=Q(kind=OrganisationKind.PROVIDER)),
        not_for_profit=Count("pk", filter=Q(kind=OrganisationKind.PROVIDER, not_for_profit=True)),
    )
    boroughs = Borough.objects.annotate(
        location_count=Count("districts__locations", filter=Q(districts__locations__active=True)),
        places=Sum(
            "districts__locations__places_per_week", filter=Q(districts__locations__active=True)
        ),
        waiting=Sum(
            "districts__locations__waiting_list", filter=Q(districts__locations__active=True)
        ),
    )
    counts.update(
        Application.objects.filter(state__in=REVIEW_STATES).aggregate(
            to_handle=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(decision_due__lt=timezone.localdate(), suspended_since__isnull=True),
            ),
            to_decide=Count("pk", filter=Q(state=ApplicationState.PROPOSED)),
        )
    )
    counts["advances_due"] = Advance.objects.filter(
        state=AdvanceState.DUE, due_date__lte=timezone.localdate()
    ).count()
    return {
        "roles": staff_roles_of(user),
        "counts": counts,
        "online_locations": Location.objects.filter(online_only=True, active=True).count(),
        "boroughs": boroughs,
    }


def _organisation_for(request, pk):
    """The organisation, if the user belongs to it; everyone else gets a 404."""
    return get_object_or_404(services.organisations_of(request.user), pk=pk)


@login_required
def organisation_detail(request, pk):
    organisation = _organisation_for(request, pk)
    return render(
        request,
        "subsidie/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": services.membership_of(request.user, organisation),
            "locations": services.locations_of(organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = _organisation_for(request, pk)
    form = profile_form_class(organisation)(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_organisation(request.user, form.instance)
        messages.success(request, "De gegevens van uw organisatie zijn opgeslagen.")
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "subsidie/organisation_form.html", {"organisation": organisation, "form": form}
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
        "subsidie/location_form.html",
        {"organisation": organisation, "location": location, "form": form},
    )


@login_required
def member_list(request, pk):
    organisation = _organisation_for(request, pk)
    return render(
        request,
        "subsidie/member_list.html",
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
    services.require_member(request.user, organisation, admin=True)
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
    return render(
        request, "subsidie/member_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk, membership_pk):
    organisation = _organisation_for(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation
    )
    services.require_member(request.user, organisation, admin=True)
    if request.method == "POST":
        try:
            services.remove_member(request.user, membership)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, f"{membership.user.get_full_name()} is verwijderd.")
        return redirect("member_list", pk=organisation.pk)
    return render(
        request,
        "subsidie/member_confirm_remove.html",
        {"organisation": organisation, "member": membership},
    )


def accessibility(request):
    return render(request, "subsidie/accessibility.html")
