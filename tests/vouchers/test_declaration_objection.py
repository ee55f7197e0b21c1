"""A founded objection against a rejected declaration (Awb 7:11), through HTTP: the
declaration is approved for the hours still in it, paid in the next batch, under a decision
that replaces the rejection with its own letter in the provider's portal. Where the hours
were declared again since, nothing is paid twice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten import store
from besluiten.choices import DecisionKind, ObjectionOutcome
from besluiten.models import Decision
from betalingen import services as payments
from kern import roles
from tests.conftest import verify_second_factor
from tests.factories import StaffFactory
from tests.pdf import stored_text
from tests.subsidie.helpers import hold_objection_hearing
from tests.vouchers.helpers import START
from tests.vouchers.test_declarations import _declare
from tests.vouchers.test_objections import _register_by_reference
from vouchers.models import DeclarationState
from vouchers.services import declarations, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(active_enrolment):
    """Two sessions (2 and 1.5 hours at € 8) declared and rejected."""
    enrolment, staff, _ = active_enrolment
    sessions.record_session(staff, enrolment, START + timedelta(days=1), Decimal("2"), "a")
    sessions.record_session(staff, enrolment, START + timedelta(days=2), Decimal("1.5"), "b")
    provider = Client()
    provider.force_login(staff)
    declaration = _declare(provider, enrolment)
    declarations.decide_declaration(
        StaffFactory(role=roles.FINANCE), declaration, False, "De uren zijn niet getekend."
    )
    declaration.refresh_from_db()
    return declaration, staff, provider


def _founded(declaration):
    objection = _register_by_reference(declaration.reference, "De lijst was wel getekend.")
    hold_objection_hearing(StaffFactory(role=roles.REVIEWER), objection)
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    response = decider.post(
        reverse("objection_decide", args=[objection.pk]),
        {"outcome": ObjectionOutcome.FOUNDED, "reasoning": "De handtekeningen staan erop."},
    )
    objection.refresh_from_db()
    return objection, response


def test_the_declaration_is_approved_and_paid_in_the_next_batch(rejected):
    declaration, _, provider = rejected

    objection, _ = _founded(declaration)

    assert not objection.is_open
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.APPROVED
    assert declaration.total == Decimal("28.00")
    items = payments.due_items(timezone.localdate() + timedelta(days=1))
    item = next(item for item in items if item.key == f"declaration:{declaration.pk}")
    assert item.amount == Decimal("28.00")
    approval = Decision.objects.about(declaration).get(kind=DecisionKind.APPROVE_DECLARATION)
    assert approval.replaces.kind == DecisionKind.REJECT_DECLARATION
    assert store.unchanged(approval)
    letter = stored_text(approval.document)
    assert approval.replaces.reference in letter and "€ 28,00" in letter
    assert "De handtekeningen staan erop." in letter
    portal = provider.get(reverse("provider_declarations")).content.decode()
    assert reverse("declaration_letter", args=[declaration.pk]) in portal
    served = provider.get(reverse("declaration_letter", args=[declaration.pk]))
    assert b"".join(served.streaming_content if served.streaming else [served.content]) == (
        store.content_of(approval)
    )


def test_hours_reversed_after_the_rejection_are_not_paid(rejected):
    declaration, staff, _ = rejected
    first = declaration.sessions.order_by("day").first()
    sessions.reverse_session(staff, first, "Dit uur was een vergissing.")

    _founded(declaration)

    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.APPROVED
    assert declaration.total == Decimal("12.00")  # 1.5 hours at € 8
    assert list(declaration.sessions.all()) == [declaration.sessions.get(hours=Decimal("1.5"))]


def test_hours_declared_again_since_are_not_paid_twice(rejected):
    declaration, staff, _ = rejected
    again = declarations.start_declaration(staff, declaration.admission, START)
    declarations.submit_declaration(staff, again)

    objection, response = _founded(declaration)

    # Nothing to replace: the corrected declaration holds the hours and is decided on its own.
    assert not objection.is_open
    declaration.refresh_from_db()
    assert declaration.state == DeclarationState.REJECTED
    assert not Decision.objects.about(declaration).filter(replaces__isnull=False).exists()
    assert f"declaration:{declaration.pk}" not in [
        item.key for item in payments.due_items(timezone.localdate() + timedelta(days=1))
    ]
