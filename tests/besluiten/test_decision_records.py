"""Every decision of the grant cycle is one record of besluiten: its kind, subject, legal
basis, day of sending and objection deadline are stored with it, its letter is stored once
with a matching SHA-256, the letter names that deadline, and the applicant's portal shows
the record and serves the letter."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten import store
from besluiten.choices import LEGAL_BASIS, DecisionKind
from besluiten.models import Decision
from kern import terms
from kern.pdf import day
from tests.besluiten import flows
from tests.pdf import text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", sorted(flows.GRANT_CYCLE))
def test_each_kind_is_one_record_with_its_stored_letter(kind):
    decision = flows.GRANT_CYCLE[kind]()

    decision = Decision.objects.get(pk=decision.pk)
    application = decision.subject
    assert Decision.objects.about(application).filter(kind=kind).count() == 1
    assert decision.legal_basis == LEGAL_BASIS[kind]
    assert decision.sent_on == timezone.localdate(decision.decided_at)
    assert decision.objection_deadline == terms.objection_deadline(decision.sent_on)
    with decision.document.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == decision.sha256 and store.unchanged(decision)
    assert f"uiterlijk op {day(decision.objection_deadline)}" in text_of(content)

    member = Client()
    member.force_login(application.created_by)
    page = member.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert decision.reference in page
    assert f"Bezwaar maken kan tot en met {day(decision.objection_deadline)}" in page
    download = member.get(reverse("decision_download", args=[decision.pk]))
    assert b"".join(download.streaming_content) == content

    with pytest.raises(ValidationError):
        decision.save()


# Where each kind is taken through its service and its stored letter, hash and clause are
# checked (a new kind must be added here, with its test).
TAKEN_IN = {
    # flows.py takes them; test_each_kind_is_one_record_with_its_stored_letter checks them.
    **{kind: "tests/besluiten/flows.py" for kind in flows.GRANT_CYCLE},
    **{
        kind: "tests/vouchers/test_decision_records.py"
        for kind in (
            DecisionKind.ADMIT,
            DecisionKind.REFUSE_ADMISSION,
            DecisionKind.SUSPEND_ADMISSION,
            DecisionKind.REINSTATE_ADMISSION,
            DecisionKind.REJECT_DECLARATION,
            DecisionKind.REVOKE_VOUCHER,
            DecisionKind.REFUSE_VOUCHER,
        )
    },
    DecisionKind.APPROVE_DECLARATION: "tests/vouchers/test_declaration_objection.py",
    DecisionKind.REINSTATE_VOUCHER: "tests/vouchers/test_objections.py",
    DecisionKind.REINSTATE_AWARD: "tests/subsidie/test_revocations.py",
    DecisionKind.ISSUE_VOUCHER: "tests/vouchers/test_refused_voucher.py",
    DecisionKind.DECIDE_OBJECTION: "tests/subsidie/test_objections.py",
}


def test_every_kind_of_decision_is_taken_in_a_test():
    assert set(TAKEN_IN) == set(DecisionKind)
    root = Path(settings.BASE_DIR)
    for kind, path in TAKEN_IN.items():
        text = (root / path).read_text()
        assert f"DecisionKind.{DecisionKind(kind).name}" in text or f'"{kind}"' in text, kind
