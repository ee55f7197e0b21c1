"""The voucher scheme's decisions are records with stored letters, as the grant cycle's are:
a provider admitted, refused, suspended and reinstated, a declaration rejected, a voucher
revoked and a child refused at the ceiling. Their letters are served from the record,
unchanged also after the retention job has blanked the log and the child's data."""

import hashlib
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten import decision_kinds
from besluiten.choices import DecisionKind
from besluiten.models import Decision
from besluiten.services import objections
from kern import roles, terms
from kern.models import TransitionLog
from kern.pdf import day
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory, VoucherTermsFactory
from tests.pdf import text_of
from tests.vouchers.helpers import refused_admission
from vouchers.models import CeilingRefusal, Declaration, PassHolder, Voucher
from vouchers.services import admissions, declarations, issuing, retention, sessions

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _checked(decision, kind):
    """One stored letter whose hash matches, naming the last day to object."""
    assert decision.kind == kind
    assert Decision.objects.about(decision.subject).filter(kind=kind).count() == 1
    with decision.document.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == decision.sha256
    assert decision.objection_deadline == terms.objection_deadline(decision.sent_on)
    assert f"uiterlijk op {day(decision.objection_deadline)}" in text_of(content)
    return content


def test_every_decision_of_the_voucher_scheme_is_a_record_served_unchanged(
    household, active_enrolment
):
    voucher_terms, (_, second, _) = household
    enrolment, provider_member, parent = active_enrolment
    admission = enrolment.admission
    officer = StaffFactory(role=roles.ADMINISTRATOR)
    start = voucher_terms.school_year_start
    sessions.record_session(provider_member, enrolment, start, Decimal("1"), "brief-1")
    declaration = declarations.start_declaration(provider_member, admission, start)
    declarations.submit_declaration(provider_member, declaration)
    declarations.decide_declaration(
        StaffFactory(role=roles.FINANCE), declaration, False, "Uren kloppen niet."
    )
    admissions.decide_admission(officer, admission, "schorsen", "Uren klopten niet.")
    admissions.decide_admission(officer, admission, "heropnemen", "Opgelost.")
    refused, refused_member = refused_admission(voucher_terms)
    issuing.revoke_voucher(officer, second, "Verkeerd uitgegeven aan Omar Voorbeeld.")
    no_room = VoucherTermsFactory(ceiling=Decimal("0.01"))
    issuing.issue_vouchers(officer, no_room)
    issuing.decide_refusals(officer, no_room)  # the task after the commit
    refusal = CeilingRefusal.objects.get(terms=no_room, pass_holder=second.pass_holder)

    expected = {
        DecisionKind.ADMIT: admission,
        DecisionKind.SUSPEND_ADMISSION: admission,
        DecisionKind.REINSTATE_ADMISSION: admission,
        DecisionKind.REFUSE_ADMISSION: refused,
        DecisionKind.REJECT_DECLARATION: Declaration.objects.get(pk=declaration.pk),
        DecisionKind.REVOKE_VOUCHER: Voucher.objects.get(pk=second.pk),
        DecisionKind.REFUSE_VOUCHER: refusal,
    }
    letters = {}
    for kind, subject in expected.items():
        decision = Decision.objects.about(subject).get(kind=kind)
        letters[kind] = _checked(decision, kind)
    assert "Uren klopten niet." in text_of(letters[DecisionKind.SUSPEND_ADMISSION])
    assert "€ 8,00" in text_of(letters[DecisionKind.REJECT_DECLARATION])

    provider = Client()
    provider.force_login(provider_member)
    refused_provider = Client()
    refused_provider.force_login(refused_member)
    staff = verify_second_factor(Client(), StaffFactory(role=roles.ADMINISTRATOR))
    served = {
        DecisionKind.REINSTATE_ADMISSION: (provider, "admission_letter", admission.pk),
        DecisionKind.REFUSE_ADMISSION: (refused_provider, "admission_letter", refused.pk),
        DecisionKind.REJECT_DECLARATION: (provider, "declaration_letter", declaration.pk),
        DecisionKind.REVOKE_VOUCHER: (staff, "voucher_revocation_letter", second.pk),
        DecisionKind.REFUSE_VOUCHER: (
            staff,
            "voucher_decision_letter",
            Decision.objects.about(refusal).get().pk,
        ),
    }

    def assert_served():
        for kind, (client, name, pk) in served.items():
            assert _body(client.get(reverse(name, args=[pk]))) == letters[kind], kind

    assert_served()
    home = provider.get(reverse("provider_home")).content.decode()
    assert reverse("admission_letter", args=[admission.pk]) in home
    declared = provider.get(reverse("provider_declarations")).content.decode()
    assert reverse("declaration_letter", args=[declaration.pk]) in declared
    # The parents see the decisions about their household's children in their portal.
    parents = Client()
    parents.force_login(parent)
    own = parents.get(reverse("parent_home")).content.decode()
    for kind in (DecisionKind.REVOKE_VOUCHER, DecisionKind.REFUSE_VOUCHER):
        decision = Decision.objects.about(expected[kind]).get(kind=kind)
        url = reverse("parent_decision_letter", args=[decision.pk])
        assert url in own and parents.get(url).content == letters[kind]
    listed = staff.get(reverse("refusal_list", args=[no_room.pk])).content.decode()
    assert reverse("voucher_decision_letter", args=[served[DecisionKind.REFUSE_VOUCHER][2]]) in (
        listed
    )

    # The log is write-only history: blanked by retention, the decisions do not change.
    later = voucher_terms.school_year_end.replace(year=voucher_terms.school_year_end.year + 8)
    retention.apply_retention(today=later)
    TransitionLog.objects.update(reason="")
    assert not PassHolder.objects.filter(name="Omar Voorbeeld").exists()
    assert_served()
    revoked = Voucher.objects.get(pk=second.pk)
    described = decision_kinds.kind_of(revoked).describe(revoked)
    assert described.reference == Decision.objects.about(revoked).get().reference


def test_a_second_decision_of_a_kind_has_a_reference_of_its_own(household):
    """Revoked, given back after an objection, revoked again: three references, none of
    them another voucher's (V1-I3's second is V1-I3-2, never V1-I32)."""
    _, (_, second, _) = household
    officer = StaffFactory(role=roles.ADMINISTRATOR)
    issuing.revoke_voucher(officer, second, "Verkeerd.")
    objection = objections.register(
        StaffFactory(role=roles.REVIEWER), second, received_on=timezone.localdate(), grounds="Nee."
    )
    issuing.reinstate_on_objection(StaffFactory(role=roles.DECISION_MAKER), second, objection)
    issuing.revoke_voucher(officer, second, "Toch verkeerd.")
    base = f"V{second.terms_id}-I{second.pk}"
    references = list(
        Decision.objects.about(second).order_by("pk").values_list("reference", flat=True)
    )
    assert references == [base, f"V{second.terms_id}-H{second.pk}", f"{base}-2"]
