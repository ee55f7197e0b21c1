"""What the municipality publishes about its schemes and grants (Awb 4:25-4:27, and the
transparency every subsidy register gives): never any personal data, only organisations."""

from django.utils import timezone

from subsidie.choices import AwardState, SchemeKind
from subsidie.models import Award, Scheme

# The columns of the register, in the stable order of its CSV and JSON.
# "bedrag" is what was granted; "vastgesteld" what the settlement set it to (empty until then).
REGISTER_FIELDS = (
    "jaar",
    "organisatie",
    "regeling",
    "doel",
    "bedrag",
    "besluit",
    "datum",
    "vastgesteld",
)


def public_schemes():
    """Grant schemes (the voucher scheme is for parents and has its own letters)."""
    return (
        Scheme.objects.exclude(kind=SchemeKind.VOUCHERS)
        .prefetch_related("criteria", "budgets")
        .order_by("-opens_at", "name")
    )


def register_rows(year=None, scheme_code=None):
    """One row per award that stands: organisation, scheme, purpose, amount, per year."""
    awards = (
        Award.objects.exclude(state=AwardState.REVOKED)
        .select_related("application__organisation", "application__scheme", "decision")
        .order_by("-decision__decided_at", "pk")
    )
    if year:
        awards = awards.filter(decision__decided_at__year=year)
    if scheme_code:
        awards = awards.filter(application__scheme__code=scheme_code)
    for award in awards:
        application = award.application
        decided = timezone.localtime(award.decision.decided_at)
        yield {
            "jaar": decided.year,
            "organisatie": application.organisation.name,
            "regeling": application.scheme.name,
            "doel": application.title,
            "bedrag": award.amount,
            "besluit": award.decision.reference,
            "datum": decided.date(),
            "vastgesteld": award.settled_amount,
        }


def register_years():
    """The years with a grant in the register, in Amsterdam time, the latest first."""
    moments = Award.objects.datetimes("decision__decided_at", "year", order="DESC")
    return [moment.year for moment in moments]
