"""Two settlement rounds through HTTP, as the people involved use them. First: a report with
a deviation, changes asked and made, accepted; a lower settlement proposed, the recipient
heard, the decision taken and its letter downloaded unchanged; the recovery on finance's
list. Second: more realised than advanced, so the final payment goes out in the next SEPA
batch (validated against the XSD)."""

import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from besluiten.models import Hearing
from betalingen.bankdays import bank_day_from
from kern import roles
from subsidie.choices import AwardState
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.verantwoording.helpers import due_for_settlement, granted, pay_due, reported
from tests.verantwoording.test_reports import _answers
from verantwoording import tasks
from verantwoording.choices import FinalPaymentState, ReportState
from verantwoording.models import Report, Settlement
from verantwoording.services import notices, reports

pytestmark = pytest.mark.django_db


def hearing_url(hearing):
    return reverse("hearing_detail", args=[hearing.pk])


def _staff(role):
    return verify_second_factor(Client(), StaffFactory(role=role))


def _report_accepted_after_changes(member, report):
    url = reverse("report_edit", args=[report.pk])
    refused = member.post(url, _answers(report, pupils="18", indienen="1"), follow=True)
    assert "Leg uit waarom" in refused.content.decode()
    explained = _answers(report, pupils="18", explanation="Twee maanden geen ruimte.", indienen="1")
    member.post(url, explained)
    reviewer = _staff(roles.REVIEWER)
    review = reverse("report_review", args=[report.pk])
    reviewer.post(review, {"besluit": "aanpassen", "message": "Noem de maanden."})
    member.post(url, explained | {"summary": "Mei en juni geen ruimte."})
    reviewer.post(review, {"besluit": "goedkeuren", "message": ""})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    return reviewer


def _lower_proposal(reviewer, award):
    assert award.decision.reference in reviewer.get(reverse("settlement_queue")).content.decode()
    prepare = reverse("settlement_prepare", args=[award.pk])
    assert "Verleend: € 30.000,00" in reviewer.get(prepare).content.decode()
    no_reason = reviewer.post(prepare, {"eligible_0": "25.000,00", "reason_0": ""})
    assert "schrijf waarom" in no_reason.content.decode()
    assert not Settlement.objects.exists()
    reviewer.post(
        prepare, {"eligible_0": "25.000,00", "reason_0": "Twee maanden geen activiteiten."}
    )
    settlement = Settlement.objects.get()
    assert settlement.amount == Decimal("25000.00")
    return settlement


def test_a_lower_settlement_is_heard_decided_and_recovered(django_capture_on_commit_callbacks):
    award = due_for_settlement("30000")
    tasks.watch_reports()
    report = Report.objects.get(award=award)
    member = Client()
    member.force_login(award.application.created_by)
    reviewer = _report_accepted_after_changes(member, report)

    settlement = _lower_proposal(reviewer, award)
    decider = _staff(roles.DECISION_MAKER)
    detail = reverse("settlement_detail", args=[settlement.pk])
    too_early = decider.post(reverse("settlement_decide", args=[settlement.pk]), follow=True)
    assert "Stuur eerst het voornemen" in too_early.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(reverse("settlement_intend", args=[settlement.pk]))
    hearing = Hearing.objects.get()
    assert "Twee maanden geen activiteiten." in hearing.reasons
    assert hearing_url(hearing) in mail.outbox[-1].body

    during_term = decider.post(reverse("settlement_decide", args=[settlement.pk]), follow=True)
    assert "kan nog reageren op het voornemen" in during_term.content.decode()
    settlement.refresh_from_db()
    assert settlement.decision is None

    hearing_page = hearing_url(hearing)
    assert "€ 25.000,00" in member.get(hearing_page).content.decode()
    member.post(hearing_page, {"response": "Wij haalden de lessen in de zomer in."})
    page = decider.get(detail).content.decode()
    assert "Wij haalden de lessen in de zomer in." in page
    no_answer = decider.post(reverse("settlement_decide", args=[settlement.pk]), follow=True)
    assert "Schrijf wat u met die reactie doet" in no_answer.content.decode()
    decider.post(
        reverse("settlement_decide", args=[settlement.pk]),
        {"answer": "Het inhalen blijkt niet uit de presentielijsten."},
    )
    settlement.refresh_from_db()
    award.refresh_from_db()
    assert award.state == AwardState.SETTLED

    letter = member.get(reverse("decision_download", args=[settlement.decision.pk]))
    content = b"".join(letter.streaming_content)
    assert hashlib.sha256(content).hexdigest() == settlement.decision.sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for expected in (
        "vast op € 25.000,00",
        "Twee maanden geen activiteiten.",
        "Wij haalden de lessen in de zomer in.",
        "Het inhalen blijkt niet uit de presentielijsten.",
        "€ 5.000,00",
        "bezwaar",
    ):
        assert expected in text

    finance = _staff(roles.FINANCE)
    recoveries = finance.get(reverse("recovery_list")).content.decode()
    assert settlement.decision.reference in recoveries and "5.000,00" in recoveries
    (row,) = _recoveries_in_excel(finance)
    assert row[0] == settlement.decision.reference and row[2] == 5000


def test_more_realised_than_advanced_is_paid_in_the_next_sepa_batch():
    award = granted("30000")
    decider = StaffFactory(role=roles.DECISION_MAKER)
    member = award.application.created_by
    # During the year the recipient reported fewer activities; the advances were lowered.
    notice = notices.report_change(member, award, "Wij stoppen misschien in het najaar.")
    notices.handle(decider, notice, "Voorschotten verlaagd.", Decimal("10000"))
    pay_due()
    reports.expect_reports(timezone.localdate())
    award.refresh_from_db()
    assert award.paid == Decimal("20000.00")
    reported(award)  # in the end everything was done

    reviewer = _staff(roles.REVIEWER)
    prepare = reverse("settlement_prepare", args=[award.pk])
    reviewer.post(prepare, {"eligible_0": "30.000,00", "reason_0": ""})
    settlement = Settlement.objects.get()
    _staff(roles.DECISION_MAKER).post(reverse("settlement_decide", args=[settlement.pk]))
    settlement.refresh_from_db()
    payment = settlement.payments.get()
    assert payment.amount == Decimal("10000.00")

    finance = _staff(roles.FINANCE)
    overview = finance.get(reverse("payment_overview")).content.decode()
    assert f"final:{payment.pk}" in overview
    created = finance.post(
        reverse("payment_overview"),
        {
            "item": [f"final:{payment.pk}"],
            "execution_date": bank_day_from(timezone.localdate()).isoformat(),
            "bevestigd": "ja",
        },
    )
    sepa = finance.post(created["Location"] + "sepa/")
    schema = xmlschema.XMLSchema(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd")
    schema.validate(sepa.content.decode())
    assert '<InstdAmt Ccy="EUR">10000.00</InstdAmt>' in sepa.content.decode()
    finance.post(created["Location"] + "betaald/")
    payment.refresh_from_db()
    assert payment.state == FinalPaymentState.PAID


def _recoveries_in_excel(finance):
    response = finance.get(reverse("recovery_list"), {"status": "open", "formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))
