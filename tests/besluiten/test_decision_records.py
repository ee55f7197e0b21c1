"""Every decision of the grant cycle is one record of besluiten: its kind, subject, legal
basis, day of sending and objection deadline are stored with it, its letter is stored once
with a matching SHA-256, the letter names that deadline, and the applicant's portal shows
the record and serves the letter."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten import store
from besluiten.choices import LEGAL_BASIS
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
