"""The start page: what each kind of user sees first."""

from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone

from besluiten.models import Hearing
from betalingen import notifications
from betalingen import services as payments
from kern.choices import OrganisationKind
from kern.models import Borough, Location, Membership, Organisation, RetentionRun
from kern.roles import is_municipal_staff, staff_roles_of
from subsidie.choices import AdvanceState, ApplicationState
from subsidie.models import REVIEW_STATES, Advance, Application


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
    hearings = Hearing.objects.awaiting_response(Organisation.objects.for_member(user))
    return render(
        request,
        "subsidie/home_member.html",
        {"memberships": memberships, "hearings": hearings},
    )


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
    if user.has_perm("betalingen.manage_payments"):
        counts["payments_at_risk"] = len(
            payments.at_risk(timezone.localdate() + notifications.WARN_AHEAD)
        )
    counts["pending_changes"] = Organisation.objects.filter(pending_since__isnull=False).count()
    return {
        "retention_run": RetentionRun.objects.first(),
        "roles": staff_roles_of(user),
        "counts": counts,
        "online_locations": Location.objects.filter(online_only=True, active=True).count(),
        "boroughs": boroughs,
    }
