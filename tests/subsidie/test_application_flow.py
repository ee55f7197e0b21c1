"""The applicant's and reviewer's round through the web UI, by HTTP requests only."""

import hashlib
import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from betalingen.bankdays import bank_day_from
from kern import roles
from kern.choices import MemberRole
from subsidie.choices import ApplicationState, SchemeKind
from subsidie.models import Application, SchemeSelection
from tests.conftest import verify_second_factor
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    ProviderFactory,
    SchemeFactory,
    SchoolFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _applicant_for(kind):
    """An applicant organisation of the right sort, with a location, and a logged-in member."""
    organisation = (ProviderFactory if kind == SchemeKind.PROVIDERS else SchoolFactory)()
    location = LocationFactory(organisation=organisation)
    membership = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN)
    client = Client()
    client.force_login(membership.user)
    return client, organisation, location


def _plan_data(location, provider=None, **changes):
    today = timezone.localdate()
    data = {
        "title": "Huiswerkklas Moerwijk",
        "working_model": "buiten_school",
        "goal": "Leerlingen halen betere cijfers en leren plannen.",
        "target_group": "Leerjaar 1 tot en met 3, vooral vmbo.",
        "locations": [location.pk],
        "period_start": date(today.year + 1, 1, 1).isoformat(),
        "period_end": date(today.year + 1, 12, 31).isoformat(),
        "days": ["ma", "wo", "do"],
        "hours_per_week": "9",
        "weeks_per_year": "40",
        "pupils_per_week": "45",
        "school_cooperation": "Vaste afspraken met twee scholen.",
        "paid_supervisors": "1",
        "volunteers": "6",
        "all_supervisors_have_vog": "on",
        "training": "Twee keer per jaar een training.",
        "next": "",
    }
    if provider is not None:
        data["provider"] = provider.pk
    data.update(changes)
    return data


BUDGET = {
    "regel-TOTAL_FORMS": "4",
    "regel-INITIAL_FORMS": "0",
    "regel-0-kind": "kosten",
    "regel-0-description": "Vrijwilligersvergoeding 6 x € 1.800",
    "regel-0-amount": "10800.00",
    "regel-1-kind": "kosten",
    "regel-1-description": "Huur ruimte",
    "regel-1-amount": "4000.00",
    "regel-2-kind": "inkomsten",
    "regel-2-description": "Fonds",
    "regel-2-amount": "2000.00",
    # An empty row, as the page offers one, is ignored.
    "regel-3-kind": "kosten",
    "requested_amount": "12800.00",
    "next": "",
}


def _scheme_for(kind, organisation):
    scheme = SchemeFactory(kind=kind)
    if kind == SchemeKind.SELECTED_SCHOOLS:
        SchemeSelection.objects.create(scheme=scheme, organisation=organisation, reason="wijk")
    return scheme


@pytest.mark.parametrize(
    "kind", [SchemeKind.ALL_SCHOOLS, SchemeKind.SELECTED_SCHOOLS, SchemeKind.PROVIDERS]
)
def test_whole_round_from_draft_to_review(kind, django_capture_on_commit_callbacks):
    client, organisation, location = _applicant_for(kind)
    scheme = _scheme_for(kind, organisation)
    provider = ProviderFactory() if kind != SchemeKind.PROVIDERS else None

    overview = client.get(reverse("application_list"))
    assert scheme.name in overview.content.decode()
    started = client.post(reverse("application_start", args=[scheme.pk, organisation.pk]))
    application = Application.objects.get(organisation=organisation)
    assert started["Location"] == reverse("application_plan", args=[application.pk])

    plan = client.post(started["Location"], _plan_data(location, provider))
    assert plan["Location"] == reverse("application_budget", args=[application.pk])
    budget = client.post(plan["Location"], BUDGET)
    assert budget["Location"] == reverse("application_attachments", args=[application.pk])
    assert application.budget_lines.count() == 3
    upload = client.post(
        budget["Location"],
        {"file": SimpleUploadedFile("begroting.pdf", PDF), "description": "Begroting"},
    )
    assert upload.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(
            reverse("application_submit", args=[application.pk]), {"declaration": "on"}
        )
    assert submitted["Location"] == reverse("application_receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.reference.startswith("AV-")
    receipt = client.get(submitted["Location"]).content.decode()
    assert application.reference in receipt
    assert (
        mail.outbox[-1].subject == f"Ontvangstbevestiging van uw aanvraag {application.reference}"
    )
    due = application.decision_due
    assert due == timezone.localdate(application.received_at) + timedelta(weeks=8)

    reviewer = StaffFactory(role=roles.REVIEWER)
    review = verify_second_factor(Client(), reviewer)
    queue = review.get(reverse("review_queue")).content.decode()
    assert application.reference in queue
    with django_capture_on_commit_callbacks(execute=True):
        review.post(
            reverse("review_request_information", args=[application.pk]),
            {
                "message": "Stuur de VOG-verklaringen mee.",
                "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
            },
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.INCOMPLETE
    assert "VOG-verklaringen" in mail.outbox[-1].body

    detail = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "Stuur de VOG-verklaringen mee." in detail
    # Five days pass before the applicant repairs: the decision term moves with them.
    Application.objects.filter(pk=application.pk).update(
        suspended_since=timezone.localdate() - timedelta(days=5)
    )
    client.post(
        reverse("application_plan", args=[application.pk]),
        _plan_data(location, provider, training="VOG voor iedereen, training elk half jaar."),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("application_submit", args=[application.pk]), {"declaration": "on"})
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.decision_due == due + timedelta(days=5)
    assert application.information_requests.get().answered_at is not None

    review.post(reverse("review_start", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert application.assigned_reviewer == reviewer
    steps = [(t.from_state, t.to_state, t.actor_id) for t in application.transitions.order_by("pk")]
    applicant_id = application.created_by_id
    assert steps == [
        ("draft", "submitted", applicant_id),
        ("submitted", "incomplete", reviewer.pk),
        ("incomplete", "submitted", applicant_id),
        ("submitted", "in_review", reviewer.pk),
    ]

    _assess_and_propose(review, application)
    with django_capture_on_commit_callbacks(execute=True):
        decision = _decide(application)
    assert mail.outbox[-1].subject == f"Besluit op uw aanvraag {application.reference}"
    _applicant_downloads_letter(client, application, decision)
    _finance_pays_first_advance(application)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "betaald" in page


def _assess_and_propose(review, application):
    for criterion in ("Bereik", "Kwaliteit"):
        application.scheme.criteria.create(name=criterion, weight=2, max_score=5)
    scores = {f"score_{c.pk}": "4" for c in application.scheme.criteria.all()}
    assessed = review.post(
        reverse("review_assess", args=[application.pk]),
        {"recommendation": "grant", "advice": "Goed plan, sterke wijkfunctie.", **scores},
    )
    assert assessed.status_code == 302
    assert application.reviews.get().weighted_score == 16
    review.post(
        reverse("review_propose", args=[application.pk]),
        {"outcome": "grant", "amount": "12000.00", "reasoning": "Past binnen de regeling."},
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.PROPOSED


def _decide(application):
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    confirm = decider.get(reverse("review_decide", args=[application.pk]))
    assert "Ja, besluit nemen" in confirm.content.decode()
    decider.post(reverse("review_decide", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == ApplicationState.GRANTED
    award = application.award
    assert award.amount == Decimal("12000.00")
    assert award.tier == "direct"
    assert [advance.amount for advance in award.advances.all()] == [Decimal("12000.00")]
    return application.decisions.get()


def _applicant_downloads_letter(client, application, decision):
    response = client.get(reverse("decision_download", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    for expected in (decision.reference, "12.000,00", "bezwaar", "6 weken", "Waarom", "9,0 uur"):
        assert expected in text
    assert hashlib.sha256(decision.document.open("rb").read()).hexdigest() == decision.sha256


def _finance_pays_first_advance(application):
    finance = verify_second_factor(Client(), StaffFactory(role=roles.FINANCE))
    advance = application.award.advances.get()
    overview = finance.get(reverse("payment_overview")).content.decode()
    assert application.award.decision.reference in overview
    created = finance.post(
        reverse("payment_overview"),
        {
            "item": [f"advance:{advance.pk}"],
            "execution_date": bank_day_from(timezone.localdate()).isoformat(),
            "bevestigd": "ja",
        },
    )
    batch_url = created["Location"]
    sepa = finance.post(batch_url + "sepa/")
    assert sepa["Content-Type"] == "application/xml"
    schema = xmlschema.XMLSchema(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd")
    schema.validate(sepa.content.decode())
    assert application.organisation.iban in sepa.content.decode()
    finance.post(batch_url + "betaald/")
    advance.refresh_from_db()
    assert advance.state == "paid"
    assert application.award.__class__.objects.get(pk=application.award.pk).state == "active"


def test_applicant_withdraws_after_confirmation():
    client, organisation, location = _applicant_for(SchemeKind.PROVIDERS)
    scheme = _scheme_for(SchemeKind.PROVIDERS, organisation)
    client.post(reverse("application_start", args=[scheme.pk, organisation.pk]))
    application = Application.objects.get()
    url = reverse("application_withdraw", args=[application.pk])
    assert "intrekken?" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "We hebben ander geld gevonden."})
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert application.transitions.get().reason == "We hebben ander geld gevonden."
