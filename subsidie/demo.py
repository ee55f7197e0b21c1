"""The grant schemes of the demo data (kern.demo runs this after the organisations)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kern.choices import Weekday
from kern.demo import upsert
from kern.models import Organisation
from subsidie.choices import BudgetLineKind, Outcome, WorkingModel
from subsidie.models import Application, Criterion, Scheme, SchemeBudget, SchemeSelection
from subsidie.services import applications, decisions, reviews

_SCHEME_NESTED = ("ceiling", "selections", "criteria")


def load_schemes(data):
    for entry in data.get("schemes", []):
        _scheme(entry)
    load_applications(data)


def _scheme(entry):
    """A scheme open for the whole current calendar year, so the demo always has one, with
    a ceiling for this year and the next (activities often run into the next year)."""
    values = {key: value for key, value in entry.items() if key not in _SCHEME_NESTED}
    year = timezone.localdate().year
    values["opens_at"] = start_of_year(year)
    values["closes_at"] = start_of_year(year + 1) - timedelta(minutes=1)
    scheme = upsert(Scheme, {"code": values.pop("code")}, values)
    for budget_year in (year, year + 1):
        upsert(SchemeBudget, {"scheme": scheme, "year": budget_year}, {"ceiling": entry["ceiling"]})
    for brin, branch, reason in entry.get("selections", []):
        school = Organisation.objects.get(brin=brin, branch_number=branch)
        upsert(SchemeSelection, {"scheme": scheme, "organisation": school}, {"reason": reason})
    for name, description, weight in entry.get("criteria", []):
        upsert(
            Criterion,
            {"scheme": scheme, "name": name},
            {"description": description, "weight": weight},
        )


def start_of_year(year):
    return timezone.make_aware(datetime(year, 1, 1))


# Two applications built through the services as the roles would: a grant that is running
# (its reports are due), and a refusal the applicant can still respond to (zienswijze).
_APPLICATIONS = [
    {
        "scheme": "hwb-aanbieders",
        "organisation": "Stichting Jeugdwerk",
        "member": "aanbieder",
        "title": "Huiswerkclub in het buurthuis",
        "amount": "40000.00",
        "outcome": Outcome.GRANT,
    },
    {
        "scheme": "hwb-vo-scholen",
        "organisation": "Christelijk College De Populier",
        "member": "school",
        "title": "Huiswerkklas na de zesde les",
        "amount": "30000.00",
        "outcome": Outcome.REJECT,
    },
    {
        # Its period has ended and its report is accepted: ready to settle (vaststellen).
        "scheme": "hwb-aanbieders",
        "organisation": "Centrale Bibliotheek Den Haag",
        "member": "bibliotheek",
        "title": "Huiswerkplek in de bibliotheek, voorjaar",
        "amount": "30000.00",
        "outcome": Outcome.GRANT,
        "ended": True,
    },
]


def ended_period():
    """From January until a week ago, once that is a month at least (the scheme's year)."""
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today - timedelta(days=7)
    return (start, end) if end >= date(today.year, 2, 1) else None


def load_applications(data):
    reviewer = get_user_model().objects.get(username="beoordelaar")
    decider = get_user_model().objects.get(username="besluitvormer")
    for entry in _APPLICATIONS:
        if entry.get("ended") and ended_period() is None:
            continue
        organisation = Organisation.objects.get(name=entry["organisation"])
        if not Application.objects.filter(organisation=organisation, title=entry["title"]).exists():
            _application(entry, organisation, reviewer, decider)


def _application(entry, organisation, reviewer, decider):
    member = get_user_model().objects.get(username=entry["member"])
    scheme = Scheme.objects.get(code=entry["scheme"])
    amount = Decimal(entry["amount"])
    application = applications.start_application(member, organisation, scheme)
    this_year = timezone.localdate().year
    application.title = entry["title"]
    application.working_model = WorkingModel.choices[0][0]
    application.goal = (
        "Leerlingen maken hun huiswerk op een rustige plek, met hulp als dat nodig is."
    )
    application.target_group = (
        "Leerlingen van 12 tot 16 jaar uit de wijk, ook met een Ooievaarspas."
    )
    application.period_start, application.period_end = (
        ended_period()
        if entry.get("ended")
        else (date(this_year, 9, 1), date(this_year + 1, 6, 30))
    )
    application.days = [Weekday.MONDAY, Weekday.WEDNESDAY]
    application.hours_per_week = Decimal("6")
    application.weeks_per_year = 38
    application.pupils_per_week = 30
    application.volunteers = 6
    application.paid_supervisors = 1
    application.all_supervisors_have_vog = True
    if scheme.needs_provider:
        application.provider = Organisation.objects.get(name="Stichting Jeugdwerk")
    applications.save_application(member, application, organisation.locations.all()[:1])
    applications.replace_budget(
        member,
        application,
        [(BudgetLineKind.COST, "Begeleiding en coördinatie", amount + Decimal("5000"))],
        amount,
    )
    applications.sign_declaration(member, application)
    applications.submit_application(member, application)
    applications.start_review(reviewer, application)
    reasoning = (
        "De aanvraag past in de regeling en er is budget."
        if entry["outcome"] == Outcome.GRANT
        else "De begeleiders hebben geen VOG; dat bleek bij ons bezoek."
    )
    reviews.propose(reviewer, application, entry["outcome"], amount, reasoning)
    if entry["outcome"] == Outcome.GRANT:
        decisions.decide(decider, application)
    else:
        reviews.send_intention(reviewer, application)
