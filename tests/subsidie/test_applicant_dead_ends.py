"""Dead ends applicants and decision makers hit, walked through HTTP as the role would."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kern import roles
from subsidie.models import InformationRequest
from tests.conftest import verify_second_factor
from tests.factories import ApplicationFactory, MembershipFactory, StaffFactory
from tests.subsidie.helpers import in_review, incomplete

pytestmark = pytest.mark.django_db


def _applicant_client(application):
    client = Client()
    client.force_login(application.created_by)
    return client


def test_the_applicant_reads_what_they_submitted_and_downloads_it(db):
    application = in_review(title="Huiswerkclub Moerwijk 2027")
    client = _applicant_client(application)
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "U kunt het niet meer wijzigen" in page
    assert application.goal.splitlines()[0] in page
    for line in application.budget_lines.all():
        assert line.description in page
    assert reverse("application_plan", args=[application.pk]) not in page  # read-only

    response = client.get(reverse("application_pdf", args=[application.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert application.reference in text and "Huiswerkclub Moerwijk 2027" in text
    assert application.budget_lines.first().description in text
    assert "Gevraagd bedrag" in text
    stranger = Client()
    stranger.force_login(MembershipFactory().user)
    assert stranger.get(reverse("application_pdf", args=[application.pk])).status_code == 404


def test_a_draft_budget_is_saved_before_the_requested_amount_is_known(db):
    application = ApplicationFactory(requested_amount=None)
    MembershipFactory(organisation=application.organisation, user=application.created_by)
    application.budget_lines.all().delete()
    client = _applicant_client(application)
    response = client.post(
        reverse("application_budget", args=[application.pk]),
        {
            "regel-TOTAL_FORMS": "1",
            "regel-INITIAL_FORMS": "0",
            "regel-0-kind": "kosten",
            "regel-0-description": "Huur lokaal",
            "regel-0-amount": "1.200,00",
            "requested_amount": "",
        },
        follow=True,
    )
    assert "De begroting is opgeslagen" in response.content.decode()
    application.refresh_from_db()
    assert application.requested_amount is None
    assert list(application.budget_lines.values_list("description", flat=True)) == ["Huur lokaal"]
    page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "het gevraagde bedrag" in page  # still listed as missing before submitting


def test_not_processed_is_offered_only_after_the_repair_term(db):
    application = incomplete()
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    detail = reverse("review_detail", args=[application.pk])
    assert "Buiten behandeling stellen" not in decider.get(detail).content.decode()

    InformationRequest.objects.filter(application=application).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    assert "Buiten behandeling stellen" in decider.get(detail).content.decode()


def test_the_decision_page_left_open_after_the_proposal_went_back_says_so(db):
    application = in_review()
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    response = decider.get(reverse("review_decide", args=[application.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("review_detail", args=[application.pk])
    assert "Er ligt geen voorstel meer om over te besluiten" in response.content.decode()


def test_the_ranking_page_writes_years_as_years(db):
    application = in_review()
    reviewer = verify_second_factor(Client(), StaffFactory(role=roles.REVIEWER))
    page = reviewer.get(reverse("scheme_ranking", args=[application.scheme.pk])).content.decode()
    year = application.scheme.budgets.first().year
    assert f">{year}<" in page
    assert f"{year // 1000}.{year % 1000:03d}" not in page
