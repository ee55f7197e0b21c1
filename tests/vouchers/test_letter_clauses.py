"""Every kind of letter the system makes carries the objection clause with the right date:
six weeks after the day the decision was sent (Awb 6:7, 6:8) and the body to write to; a
decision on an objection carries the appeal clause instead (Awb 8:1)."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from besluiten import store
from besluiten.choices import DecisionKind, ObjectionOutcome
from besluiten.models import Decision
from besluiten.services import objections
from kern import roles, terms
from kern.pdf import day
from subsidie.models import SchemeBudget
from subsidie.services import decisions
from tests.besluiten import flows
from tests.factories import StaffFactory, VoucherTermsFactory
from tests.pdf import stored_text, text_of
from tests.subsidie.helpers import hold_objection_hearing, refused
from tests.vouchers.helpers import refused_admission
from vouchers import letters
from vouchers.models import CeilingRefusal, Declaration, Voucher
from vouchers.services import admissions, declarations, issuing, sessions

pytestmark = pytest.mark.django_db

# Letters that decide nothing, so they have no objection clause.
NOT_DECISIONS = {
    "subsidie.letters.application_copy": "a copy of the application, for the applicant's files",
}


def _assert_clause(content, sent_on, body):
    text = text_of(content)
    assert "Bent u het niet eens met dit besluit?" in text
    assert f"uiterlijk op {day(terms.objection_deadline(sent_on))}" in text
    assert body in text


def _stored(decision):
    with decision.document.open("rb") as handle:
        return handle.read()


def _made(decision):
    """A grant-cycle decision's stored letter, the day it was sent and its scheme."""
    return _stored(decision), timezone.localdate(decision.decided_at), decision.subject.scheme


def _objection_decided(outcome):
    """The decision on an objection against a refusal, and the grant replacing the refusal."""
    application = refused()
    refusal = decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    handler = StaffFactory(role=roles.REVIEWER)
    objection = objections.register(
        handler, refusal, received_on=timezone.localdate(), grounds="Onterecht."
    )
    hold_objection_hearing(handler, objection)
    amount = {"amount": application.requested_amount}
    objection = objections.decide(
        StaffFactory(role=roles.DECISION_MAKER), objection, outcome, "Zie verslag.", amount
    )
    return objection, application


def _household_letters(household):
    terms, (first, _, _) = household
    sent_on = timezone.localdate()
    letter = letters.Letter("V1-H100", sent_on, [first])
    single = letters.household_letter(letter)
    in_a_run, _ = letters.letter_file([letter])
    return [(single, sent_on, terms.scheme), (in_a_run, sent_on, terms.scheme)]


def _revocation(household):
    terms, (_, second, _) = household
    issuing.revoke_voucher(StaffFactory(role=roles.ADMINISTRATOR), second, "Verkeerd uitgegeven.")
    decision = issuing.revocation(Voucher.objects.get(pk=second.pk))
    return store.content_of(decision), timezone.localdate(), terms.scheme


def _reinstatement(household):
    """The voucher given back after a founded objection against its revocation."""
    terms, (_, _, other) = household
    issuing.revoke_voucher(StaffFactory(role=roles.ADMINISTRATOR), other, "Verkeerd.")
    revoked = issuing.revocation(Voucher.objects.get(pk=other.pk))
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER), other, received_on=timezone.localdate(), grounds="Nee."
    )
    decider = StaffFactory(role=roles.DECISION_MAKER)
    decision = issuing.reinstate_on_objection(decider, other, objection)
    assert decision.replaces == revoked
    return store.content_of(decision), timezone.localdate(), terms.scheme


def _admission_letters(active_enrolment):
    enrolment, staff, _ = active_enrolment
    admission = enrolment.admission
    officer = StaffFactory(role=roles.ADMINISTRATOR)
    admissions.decide_admission(officer, admission, "schorsen", "Uren klopten niet.")
    admission.refresh_from_db()
    suspended = admissions.decision_letter(staff, admission)
    return [(suspended, timezone.localdate(), admission.terms.scheme)]


def _refused_admission(household):
    admission, member = refused_admission(household[0])
    return (
        admissions.decision_letter(member, admission),
        timezone.localdate(),
        admission.terms.scheme,
    )


def _rejected_declaration(active_enrolment):
    enrolment, staff, _ = active_enrolment
    start = enrolment.voucher.terms.school_year_start
    sessions.record_session(staff, enrolment, start, Decimal("1"), "brief-1")
    declaration = declarations.start_declaration(staff, enrolment.admission, start)
    declarations.submit_declaration(staff, declaration)
    finance = StaffFactory(role=roles.FINANCE)
    declarations.decide_declaration(finance, declaration, False, "Uren kloppen niet.")
    declaration = Declaration.objects.get(pk=declaration.pk)
    letter = declarations.decision_letter(staff, declaration)
    return letter, timezone.localdate(), enrolment.voucher.terms.scheme


def _refused_and_granted_voucher():
    """A child refused at the ceiling (room for one of the children the fixtures made), then
    given the voucher after a founded objection."""
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    terms = VoucherTermsFactory(ceiling=Decimal("300"))
    issuing.issue_vouchers(administrator, terms)
    issuing.decide_refusals(administrator, terms)  # the task after the commit
    refusal = CeilingRefusal.objects.filter(terms=terms).first()
    handler = StaffFactory(role=roles.REVIEWER)
    objection = objections.register(handler, refusal, received_on=timezone.localdate(), grounds="")
    hold_objection_hearing(handler, objection)
    SchemeBudget.objects.filter(scheme=terms.scheme).update(ceiling=Decimal("600"))
    objections.decide(
        StaffFactory(role=roles.DECISION_MAKER), objection, ObjectionOutcome.FOUNDED, "Ja."
    )
    taken = list(Decision.objects.about(refusal))
    assert {decision.kind for decision in taken} == {
        DecisionKind.REFUSE_VOUCHER,
        DecisionKind.ISSUE_VOUCHER,
    }
    return [(_stored(decision), decision.sent_on, terms.scheme) for decision in taken]


def test_every_decision_letter_has_the_objection_clause_with_its_date(household, active_enrolment):
    made = [
        _made(flows.grant()),
        _made(flows.refusal()),
        _made(flows.not_processed()),
        *_household_letters(household),
        _revocation(household),
        _reinstatement(household),
        _rejected_declaration(active_enrolment),  # before the suspension stops bookings
        *_admission_letters(active_enrolment),
        _refused_admission(household),
        *_refused_and_granted_voucher(),
    ]
    objection, application = _objection_decided(ObjectionOutcome.FOUNDED)
    revised = application.decisions.get(replaces__isnull=False)
    made += [
        _made(flows.revocation()),
        _made(flows.lowered_advances()),
        _made(flows.settlement()),
        _made(flows.recovery()),
        (_stored(revised), timezone.localdate(revised.decided_at), application.scheme),
    ]
    for content, sent_on, scheme in made:
        _assert_clause(content, sent_on, scheme.objection_body)


@pytest.mark.parametrize("outcome", list(ObjectionOutcome))
def test_every_decision_on_an_objection_has_the_appeal_clause_with_its_date(outcome):
    objection, _ = _objection_decided(outcome)
    text = stored_text(objection.ruling.document)
    decided_on = timezone.localdate(objection.decided_at)
    assert "Bent u het niet eens met deze beslissing?" in text
    assert f"uiterlijk op {day(terms.objection_deadline(decided_on))}" in text
    assert "rechtbank Den Haag" in text and "artikel 8:1" in text


def test_the_list_above_names_every_letter_the_code_can_make():
    """Each function in a letters module that renders a PDF is a kind of letter; a new one
    must join the test above, or be listed as deciding nothing."""
    makers = set()
    for path in sorted(Path(settings.BASE_DIR).glob("*/*letter*.py")):
        module = f"{path.parent.name}.{path.stem}"
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(call, ast.Call) and getattr(call.func, "id", "") == "render"
                for call in ast.walk(node)
            ):
                makers.add(f"{module}.{node.name}")
    tested = {
        # grant, refusal, not processed, revocation, advances, settlement
        "subsidie.letters.decision_letter",
        "besluiten.letters.render_letter",  # with the appeal clause instead
        "vouchers.letters.household_letter",
        "vouchers.letters.letter_file",
        # revoked, reinstated, refused at the ceiling, granted after all: each taken above
        "vouchers.letters._to_the_parents",
        "vouchers.letters.provider_decision",  # admission refused, suspended; declaration
    }
    assert makers == tested | set(NOT_DECISIONS)
