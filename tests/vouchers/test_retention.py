"""The retention job, run with the clock moved forward: no name, date of birth or address of
an expired pass holder is left in any table (history included), and the money is unchanged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from besluiten import store
from besluiten.models import Decision
from kern import roles
from kern.models import RetentionRun
from subsidie.models import LedgerEntry
from tests.factories import (
    PassHolderFactory,
    PassHolderImportFactory,
    StaffFactory,
    VoucherTermsFactory,
)
from tests.vouchers.helpers import START, born
from vouchers.models import (
    AccountRecovery,
    ActivationAttempt,
    ParentAccount,
    PassHolder,
    VoucherEntry,
)
from vouchers.services import enrolments, issuing, retention, sessions

pytestmark = pytest.mark.django_db


# Hashes, salts and random keys the system makes itself: they hold no one's data, and a
# value like "77b" turns up in their hexadecimal now and then.
MACHINE_MADE = {"password", "sha256", "key_hash", "code_hash", "grounds_token", "prefix", "api_key"}


def _text_everywhere():
    """Every text value in every table of the product, history tables included."""
    for model in apps.get_models():
        if model._meta.app_label not in ("kern", "subsidie", "vouchers", "betalingen", "auth"):
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.DateField)
            and field.attname not in MACHINE_MADE
        ]
        for row in model.objects.values_list(*fields):
            yield from (str(value) for value in row if value)


def test_after_the_periods_nothing_personal_is_left_and_the_money_is_unchanged(
    active_enrolment,
):
    enrolment, staff, parent = active_enrolment
    sessions.record_session(staff, enrolment, START + timedelta(days=1), Decimal("1"), "a")
    enrolments.decide_enrolment(staff, enrolment, "end", "Sara Voorbeeld stopt.")
    holder = enrolment.voucher.pass_holder
    PassHolder.objects.filter(pk=holder.pk).update(postcode="2599 ZZ", house_number="77b")
    personal = [holder.name, holder.date_of_birth.isoformat(), "2599 ZZ", "77b", "600001"]
    never_had_one = PassHolderFactory(pass_number="777001", name="Noor Zonder")
    ledger = LedgerEntry.objects.aggregate(total=Sum("amount"))["total"]
    vouchers = VoucherEntry.objects.aggregate(total=Sum("amount"))["total"]

    nothing_yet = retention.apply_retention()
    assert set(nothing_yet.counts.values()) == {0}

    terms = enrolment.voucher.terms
    later = terms.school_year_end.replace(year=terms.school_year_end.year + 8)
    run = retention.apply_retention(today=later)

    assert run.counts["pashouders met voucher geanonimiseerd"] == 3  # the household's three
    assert run.counts["pashouders zonder voucher verwijderd"] == 1
    assert run.counts["ouderaccounts verwijderd"] == 1
    assert not PassHolder.objects.filter(pk=never_had_one.pk).exists()
    text = list(_text_everywhere())
    for value in personal:
        assert not [found for found in text if value in found], value
    assert not ParentAccount.objects.exists()
    parent.refresh_from_db()
    assert (parent.is_active, parent.email, parent.has_usable_password()) == (False, "", False)
    assert LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] == ledger
    assert VoucherEntry.objects.aggregate(total=Sum("amount"))["total"] == vouchers
    assert enrolment.voucher.sessions.get().amount == Decimal("8.00")
    assert RetentionRun.objects.count() == 2


def test_files_and_failed_activations_go_after_their_short_periods(officer_import):
    ActivationAttempt.objects.create(ip_address="10.0.0.1", subject="x")
    batch = officer_import
    assert batch.file
    later = timezone.localdate(batch.uploaded_at) + timedelta(days=31)
    run = retention.apply_retention(today=later)
    assert run.counts["importbestanden verwijderd"] == 1
    assert run.counts["mislukte activeringen verwijderd"] == 1
    batch.refresh_from_db()
    assert not batch.file and batch.problems == [] and batch.counts


@pytest.fixture
def officer_import():
    return PassHolderImportFactory()


def test_a_parent_deletes_their_own_account_after_a_confirmation(active_enrolment, client):
    enrolment, _, parent = active_enrolment
    client.force_login(parent)
    home = client.get(reverse("parent_home")).text
    assert reverse("parent_account_delete") in home
    assert "<title>Mijn vouchers – Gemeente Den Haag</title>" in home
    assert "niet terugdraaien" in client.get(reverse("parent_account_delete")).text
    assert ParentAccount.objects.exists()
    response = client.post(reverse("parent_account_delete"))
    assert response["Location"] == reverse("home")
    parent.refresh_from_db()
    assert not parent.is_active and not ParentAccount.objects.exists()
    enrolment.refresh_from_db()
    assert enrolment.state == "active"  # the child's place goes on


def test_recovery_codes_go_after_a_year(officer_import):
    issued = AccountRecovery.objects.create(
        household_number="H1",
        code_hash="x" * 64,
        issued_by=officer_import.uploaded_by,
        expires_at=officer_import.uploaded_at,
    )
    day = timezone.localdate(issued.issued_at)
    assert (
        retention.apply_retention(today=day + timedelta(days=365)).counts["herstelcodes verwijderd"]
        == 0
    )
    assert (
        retention.apply_retention(today=day + timedelta(days=366)).counts["herstelcodes verwijderd"]
        == 1
    )


def test_a_child_refused_at_the_ceiling_is_anonymised_and_its_decision_kept():
    """The refusal is a decision: the child's record is not deleted under it (which the
    database would refuse), but anonymised after the audit period, as with a voucher."""
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    terms = VoucherTermsFactory(ceiling=Decimal("0.01"))  # no room for any voucher
    child = PassHolderFactory(pass_number="777002", name="Lina Geweigerd", date_of_birth=born(13))
    issuing.issue_vouchers(administrator, terms)
    issuing.decide_refusals(administrator, terms)
    decision = Decision.objects.get()
    letter = store.content_of(decision)

    later = terms.school_year_end.replace(year=terms.school_year_end.year + 8)
    run = retention.apply_retention(today=later)

    assert run.counts["pashouders zonder voucher verwijderd"] == 0
    assert run.counts["pashouders met voucher geanonimiseerd"] == 1
    child.refresh_from_db()
    assert child.name == retention.ANONYMOUS and child.date_of_birth is None
    decision.refresh_from_db()
    assert store.unchanged(decision) and store.content_of(decision) == letter
