import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from kern import roles
from kern.models import TransitionLog
from subsidie.models import LedgerEntry
from subsidie.services import budget
from tests.factories import PassHolderFactory, StaffFactory, VoucherTermsFactory
from tests.vouchers.helpers import START, born
from vouchers import codes
from vouchers.models import Voucher, VoucherState
from vouchers.services import issuing

pytestmark = pytest.mark.django_db


def test_codes_are_valid_and_catch_typos_and_swaps():
    code = codes.generate()
    assert codes.normalise(code) == code
    assert codes.normalise(code.lower().replace("-", " ")) == code
    compact = code.replace("-", "")
    for index in range(len(compact)):
        for other in codes.ALPHABET:
            if other != compact[index]:
                typo = compact[:index] + other + compact[index + 1 :]
                assert codes.normalise(typo) is None
    for index in range(len(compact) - 1):
        if compact[index] != compact[index + 1]:
            swapped = compact[:index] + compact[index + 1] + compact[index] + compact[index + 2 :]
            assert codes.normalise(swapped) is None
    assert not set("01ILO") & set(codes.ALPHABET)
    assert codes.normalise("ABC") is None


@pytest.fixture
def admin():
    return StaffFactory(role=roles.ADMINISTRATOR)


def test_one_voucher_per_eligible_child_and_never_two(admin):
    terms = VoucherTermsFactory()
    PassHolderFactory(
        pass_number="100011", date_of_birth=born(12, days_later=1)
    )  # still 11 on the first school day
    twelve = PassHolderFactory(pass_number="100012", date_of_birth=born(12))  # turns 12 that day
    eighteen = PassHolderFactory(
        pass_number="100018", date_of_birth=born(19, days_later=1)
    )  # still 18
    PassHolderFactory(pass_number="100019", date_of_birth=born(19))  # turns 19
    PassHolderFactory(pass_number="100020", date_of_birth=born(14), active=False)
    PassHolderFactory(
        pass_number="100021", date_of_birth=born(14), valid_until=START - timedelta(days=1)
    )
    result = issuing.issue_vouchers(admin, terms)
    assert result.issued == 2
    assert set(Voucher.objects.values_list("pass_holder", flat=True)) == {twelve.pk, eighteen.pk}
    assert issuing.issue_vouchers(admin, terms).issued == 0
    ledger = LedgerEntry.objects.get(budget__scheme=terms.scheme)
    assert ledger.amount == Decimal("600.00")
    voucher = Voucher.objects.first()
    assert voucher.balance == voucher.value == Decimal("300.00")
    assert voucher.entries.get().amount == Decimal("300.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.create(
            terms=terms, pass_holder=twelve, code=codes.generate(), value=1, balance=1
        )


def test_issuing_stops_at_the_ceiling(admin):
    terms = VoucherTermsFactory(ceiling=Decimal("700"))
    for index in range(3):
        PassHolderFactory(pass_number=f"20000{index}", date_of_birth=born(13, days_later=index))
    result = issuing.issue_vouchers(admin, terms)
    assert (result.issued, result.over_ceiling) == (2, 1)
    assert budget.room_in_budget(terms.scheme, START.year) == Decimal("100.00")


def test_balance_can_never_be_negative_in_the_database(admin):
    terms = VoucherTermsFactory()
    PassHolderFactory(pass_number="300001", date_of_birth=born(13))
    issuing.issue_vouchers(admin, terms)
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.update(balance=Decimal("-1"))


def test_expiry_releases_the_unspent_value(admin):
    terms = VoucherTermsFactory()
    PassHolderFactory(pass_number="400001", date_of_birth=born(13))
    issuing.issue_vouchers(admin, terms)
    room_before = budget.room_in_budget(terms.scheme, START.year)
    assert issuing.expire_vouchers(terms.school_year_end) == 0  # the last day still counts
    after = terms.school_year_end + timedelta(days=1)
    assert issuing.expire_vouchers(after) == 1
    voucher = Voucher.objects.get()
    assert voucher.state == VoucherState.EXPIRED and voucher.balance == 0
    assert sum(entry.amount for entry in voucher.entries.all()) == 0
    assert budget.room_in_budget(terms.scheme, START.year) == room_before + Decimal("300")
    assert issuing.expire_vouchers(after) == 0


def test_administrator_issues_after_confirmation_and_finds_vouchers(staff_client):
    client, _ = staff_client(roles.ADMINISTRATOR)
    terms = VoucherTermsFactory()
    child = PassHolderFactory(pass_number="500001", date_of_birth=born(13), household_number="H77")
    confirm = client.get(reverse("voucher_issue", args=[terms.pk])).content.decode()
    assert "Kinderen die een voucher krijgen" in confirm
    assert not Voucher.objects.exists()
    client.post(reverse("voucher_issue", args=[terms.pk]))
    voucher = Voucher.objects.get(pass_holder=child)
    found = client.get(reverse("voucher_list", args=[terms.pk]), {"q": "H77"}).content.decode()
    assert voucher.code in found
    assert (
        reverse("voucher_issue", args=[terms.pk])
        in client.get(reverse("voucher_terms")).content.decode()
    )


def test_only_administrators_issue_vouchers(staff_client):
    client, _ = staff_client(roles.FINANCE)
    terms = VoucherTermsFactory()
    assert client.post(reverse("voucher_issue", args=[terms.pk])).status_code == 403
    assert client.get(reverse("voucher_list", args=[terms.pk])).status_code == 403


def test_administrator_revokes_a_voucher_with_a_reason_and_its_value_returns(staff_client):
    client, officer = staff_client(roles.ADMINISTRATOR)
    terms = VoucherTermsFactory()
    PassHolderFactory(pass_number="500002", date_of_birth=born(13))
    issuing.issue_vouchers(officer, terms)
    voucher = Voucher.objects.get()
    room_before = budget.room_in_budget(terms.scheme, START.year)
    page = client.get(reverse("voucher_list", args=[terms.pk])).content.decode()
    assert reverse("voucher_revoke", args=[voucher.pk]) in page
    confirm = client.get(reverse("voucher_revoke", args=[voucher.pk])).content.decode()
    assert "Dit kunt u niet terugdraaien" in confirm
    client.post(reverse("voucher_revoke", args=[voucher.pk]), {"reason": " "})
    assert Voucher.objects.get().state == VoucherState.ISSUED
    client.post(reverse("voucher_revoke", args=[voucher.pk]), {"reason": "Verkeerd uitgegeven."})
    voucher = Voucher.objects.get()
    assert voucher.state == VoucherState.REVOKED and voucher.balance == 0
    assert sum(entry.amount for entry in voucher.entries.all()) == 0
    assert budget.room_in_budget(terms.scheme, START.year) == room_before + Decimal("300")
    line = TransitionLog.objects.get(object_id=voucher.pk, transition="revoke")
    assert (line.actor, line.reason) == (officer, "Verkeerd uitgegeven.")
    page = client.get(reverse("voucher_list", args=[terms.pk])).content.decode()
    assert reverse("voucher_revoke", args=[voucher.pk]) not in page

    # The household gets the decision in a letter, with its reason and how to object.
    letter_link = reverse("voucher_revocation_letter", args=[voucher.pk])
    assert letter_link in page
    letter = client.get(letter_link)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.content)).pages)
    for expected in (
        "wij trekken de voucher in",
        voucher.pass_holder.name,
        "Verkeerd uitgegeven.",
        "€ 300,00",
        "bezwaar maken",
        "Hoefkade 1",
        f"Kenmerk: V{terms.pk}-I{voucher.pk}",
    ):
        assert expected in text
    finance, _ = staff_client(roles.FINANCE)  # the same client, now logged in as finance
    assert finance.get(reverse("voucher_revoke", args=[voucher.pk])).status_code == 403
    assert finance.get(letter_link).status_code == 403
