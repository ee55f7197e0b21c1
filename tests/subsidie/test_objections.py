"""Objections against grant decisions (Awb 6:4-6:11, 7:1-7:12), walked through HTTP: a
refusal objected to in time, heard, declared founded and replaced by a grant within the
ceiling; a late objection declared inadmissible with its reasons."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten import store
from besluiten.choices import DecisionKind, ObjectionOutcome, ObjectionState
from besluiten.models import Decision, Objection
from besluiten.services import objections
from kern import roles
from kern.pdf import day
from kern.terms import objection_deadline
from subsidie.choices import ApplicationState, Outcome
from subsidie.models import LedgerEntry
from subsidie.services import decisions
from tests.conftest import verify_second_factor
from tests.factories import SchemeFactory, StaffFactory
from tests.pdf import text_of
from tests.subsidie.helpers import proposed, refused

pytestmark = pytest.mark.django_db


def _refusal(**kwargs):
    application = refused(**kwargs)
    decision = decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    return application, decision


def _register_url(decision):
    return reverse(
        "objection_register",
        args=[ContentType.objects.get_for_model(Decision).pk, decision.pk],
    )


def _staff(role):
    return verify_second_factor(Client(), StaffFactory(role=role))


def test_a_founded_objection_replaces_the_refusal_with_a_grant_within_the_ceiling(time_machine):
    scheme = SchemeFactory(ceiling=Decimal("50000"))
    application, refusal = _refusal(scheme=scheme, requested_amount=Decimal("12000"))
    refusal_letter = refusal.sha256
    handler = _staff(roles.REVIEWER)
    detail = handler.get(reverse("review_detail", args=[application.pk])).content.decode()
    assert _register_url(refusal) in detail

    registered = handler.post(
        _register_url(refusal),
        {
            "received_on": timezone.localdate().isoformat(),
            "objector": application.organisation.name,
            "grounds": "De VOG's waren er al; zie de bijlage.",
            "grounds_file": SimpleUploadedFile(
                "bezwaar.pdf", b"%PDF-1.4 bezwaarschrift", content_type="application/pdf"
            ),
        },
        follow=True,
    )
    objection = Objection.objects.get()
    assert objection.on_time and objection.state == ObjectionState.RECEIVED
    assert objection.decision_due == objection.deadline + timedelta(weeks=6)
    assert "op tijd" in registered.content.decode()
    page = f"/bezwaren/{objection.pk}/"
    assert handler.get(reverse("objection_grounds", args=[objection.pk])).status_code == 200

    hearing_day = timezone.localdate() + timedelta(days=7)
    handler.post(
        f"{page}hoorzitting/",
        {"day": hearing_day.isoformat(), "time": "10:00", "place": "Stadhuis, Spui 70"},
    )
    early = handler.post(f"{page}verslag/", {"report": "Te vroeg."}, follow=True)
    assert "Leg het verslag daarna vast" in early.content.decode()
    hearing_over = datetime.combine(hearing_day, time(12), tzinfo=timezone.get_current_timezone())
    time_machine.move_to(hearing_over)
    handler = _staff(roles.REVIEWER)  # a week later: a new working day, a new login
    handler.post(f"{page}verslag/", {"report": "De aanvrager liet de VOG's zien."})
    objection.refresh_from_db()
    assert objection.state == ObjectionState.HEARD

    decider = _staff(roles.DECISION_MAKER)
    form = decider.get(reverse("objection_decide", args=[objection.pk])).content.decode()
    assert "Nieuw besluit bij een gegrond bezwaar" in form
    decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {
            "outcome": ObjectionOutcome.FOUNDED,
            "reasoning": "De begeleiders hadden een VOG op de dag van het besluit.",
            "nieuw-amount": "10.000,00",
        },
    )

    objection.refresh_from_db()
    application.refresh_from_db()
    assert objection.state == ObjectionState.DECIDED
    assert application.state == ApplicationState.GRANTED
    revised = application.decisions.get(replaces=refusal)
    assert revised.kind == Outcome.GRANT and revised.amount == Decimal("10000.00")
    refusal.refresh_from_db()
    assert refusal.kind == Outcome.REJECT and refusal.sha256 == refusal_letter
    assert [t.to_state for t in application.transitions.all()][-2:] == ["rejected", "granted"]
    committed = sum(e.amount for e in LedgerEntry.objects.filter(budget__scheme=scheme))
    assert committed == Decimal("10000.00") and application.award.amount == Decimal("10000.00")
    new_letter = decider.get(reverse("decision_download", args=[revised.pk])).getvalue()
    assert f"Dit besluit vervangt ons besluit {refusal.reference}" in text_of(new_letter)
    letter = decider.get(reverse("objection_letter", args=[objection.pk])).getvalue()
    text = text_of(letter)
    assert "Wij verklaren uw bezwaar gegrond." in text and revised.reference in text
    # The decision on the objection is a record of its own, its letter stored with its hash.
    ruling = Decision.objects.about(objection).get()
    assert ruling.kind == DecisionKind.DECIDE_OBJECTION and ruling.reference == objection.reference
    assert store.content_of(ruling) == letter and ruling.legal_basis == "artikel 7:11 en 7:12 Awb"
    assert day(ruling.objection_deadline) in text  # the last day to appeal
    appeal_until = day(objection_deadline(timezone.localdate()))
    assert "beroep" in text and appeal_until in text

    member = Client()
    member.force_login(application.created_by)
    own = member.get(reverse("objection_list") + "?status=alle").content.decode()
    assert objection.reference in own and reverse("objection_letter", args=[objection.pk]) in own


def test_the_revised_grant_respects_the_ceiling():
    scheme = SchemeFactory(ceiling=Decimal("15000"))
    application, refusal = _refusal(scheme=scheme, requested_amount=Decimal("12000"))
    decisions.decide(
        StaffFactory(role=roles.DECISION_MAKER),
        proposed(scheme=scheme, amount=Decimal("10000"), requested_amount=Decimal("10000")),
    )
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        refusal,
        received_on=timezone.localdate(),
        grounds="Onterecht afgewezen.",
    )
    Objection.objects.filter(pk=objection.pk).update(state=ObjectionState.HEARD)
    objection.refresh_from_db()

    with pytest.raises(ValidationError, match="subsidieplafond"):
        objections.decide(
            StaffFactory(role=roles.DECISION_MAKER),
            objection,
            ObjectionOutcome.FOUNDED,
            "Terecht bezwaar.",
            {"amount": Decimal("12000")},
        )

    objection.refresh_from_db()
    application.refresh_from_db()
    assert objection.state == ObjectionState.HEARD and objection.ruling is None
    assert application.state == ApplicationState.REJECTED


def test_a_late_objection_is_declared_inadmissible_with_its_reasons():
    application, refusal = _refusal()
    Decision.objects.filter(pk=refusal.pk).update(decided_at=timezone.now() - timedelta(weeks=8))
    refusal.refresh_from_db()
    handler = _staff(roles.REVIEWER)
    handler.post(
        _register_url(refusal),
        {
            "received_on": timezone.localdate().isoformat(),
            "objector": application.organisation.name,
            "grounds": "Wij zijn het er niet mee eens.",
        },
    )
    objection = Objection.objects.get()
    assert not objection.on_time
    detail = handler.get(reverse("objection_detail", args=[objection.pk])).content.decode()
    assert "te laat" in detail and "Hoorzitting plannen" not in detail

    decider = _staff(roles.DECISION_MAKER)
    refused_page = decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {"outcome": ObjectionOutcome.UNFOUNDED, "reasoning": "Geen gronden.", "nieuw-amount": ""},
        follow=True,
    ).content.decode()
    assert "verklaar het niet-ontvankelijk" in refused_page
    decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {
            "outcome": ObjectionOutcome.INADMISSIBLE,
            "reasoning": "Wij behandelen uw bezwaar daarom niet inhoudelijk.",
            "nieuw-amount": "",
        },
    )

    objection.refresh_from_db()
    assert objection.outcome == ObjectionOutcome.INADMISSIBLE
    text = text_of(decider.get(reverse("objection_letter", args=[objection.pk])).getvalue())
    assert "niet-ontvankelijk" in text and day(objection.deadline) in text
    assert "artikel 6:11 Awb" in text and "beroep" in text
    application.refresh_from_db()
    assert application.state == ApplicationState.REJECTED


def test_the_hearing_is_held_by_someone_who_did_not_take_the_decision(time_machine):
    application, refusal = _refusal()
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        refusal,
        received_on=timezone.localdate(),
        grounds="Onterecht afgewezen.",
    )
    objections.plan_hearing(
        StaffFactory(role=roles.REVIEWER),
        objection,
        timezone.now() + timedelta(days=3),
        "Stadhuis",
    )
    time_machine.move_to(timezone.now() + timedelta(days=4))
    with pytest.raises(ValidationError, match="artikel 7:5 Awb"):
        objections.record_hearing(refusal.decided_by, objection, "Verslag.")


def test_the_queue_downloads_as_excel_with_its_terms():
    _, refusal = _refusal()
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER),
        refusal,
        received_on=timezone.localdate(),
        grounds='=HYPERLINK("http://example.org")',
        objector="=Stichting",
    )
    response = _staff(roles.DECISION_MAKER).get(reverse("objection_export") + "?status=open")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert header[0] == "Kenmerk" and row[0] == objection.reference
    assert row[1] == "'=Stichting"  # typed text stays text (OWASP)
    assert (
        row[7].date() == objection.decision_due
        and row[8] == (objection.decision_due - timezone.localdate()).days
    )


def test_a_double_click_registers_one_objection():
    _, refusal = _refusal()
    handler = _staff(roles.REVIEWER)
    data = {
        "received_on": timezone.localdate().isoformat(),
        "objector": "Stichting Huiswerkhulp",
        "grounds": "Onterecht.",
    }
    handler.post(_register_url(refusal), data)
    again = handler.post(_register_url(refusal), data, follow=True).content.decode()
    objection = Objection.objects.get()
    assert f"Dit bezwaar is al geregistreerd als {objection.reference}" in again


def test_the_term_ends_on_a_working_day_and_a_postmark_in_time_counts(time_machine):
    """A letter of 13 November 2026: six weeks end on Christmas Day, so the term runs to
    Monday 28 December (Algemene termijnenwet). Posted that day and received on 1 January,
    the objection is on time (Awb 6:9); without the postmark it is late."""
    amsterdam = timezone.get_current_timezone()
    time_machine.move_to(datetime(2026, 11, 13, 10, tzinfo=amsterdam))
    application, refusal = _refusal()
    handler = _staff(roles.REVIEWER)
    letter = handler.get(reverse("decision_download", args=[refusal.pk])).getvalue()
    assert "uiterlijk op 28 december 2026" in text_of(letter)

    time_machine.move_to(datetime(2027, 1, 4, 9, tzinfo=amsterdam))
    handler = _staff(roles.REVIEWER)
    page = handler.get(_register_url(refusal)).content.decode()
    assert "28 december 2026" in page and "Poststempel" in page
    data = {"objector": "Stichting A", "received_on": "2027-01-01", "grounds": "Onterecht."}
    handler.post(_register_url(refusal), {**data, "posted_on": "2026-12-28"})
    posted = Objection.objects.get(objector="Stichting A")
    assert posted.deadline == date(2026, 12, 28) and posted.on_time
    detail = handler.get(reverse("objection_detail", args=[posted.pk])).content.decode()
    assert "poststempel 28 december 2026" in detail and "op tijd" in detail

    handler.post(_register_url(refusal), {**data, "objector": "Stichting B"})
    assert not Objection.objects.get(objector="Stichting B").on_time
    # A postmark after the day of receipt cannot be.
    refused_page = handler.post(
        _register_url(refusal),
        {**data, "objector": "Stichting C", "posted_on": "2027-01-02"},
        follow=True,
    ).content.decode()
    assert "Het poststempel ligt" in refused_page
    assert not Objection.objects.filter(objector="Stichting C").exists()
