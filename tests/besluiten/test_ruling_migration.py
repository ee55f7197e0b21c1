"""Decisions on objections stored on the objection before they were decision records move
over with their file and checksum (besluiten 0008): nothing a citizen received is lost."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kern import terms
from tests.factories import StaffFactory

BEFORE = [("besluiten", "0007_voucher_and_declaration_kinds")]
AFTER = [("besluiten", "0008_decision_on_objection_as_record")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stored_ruling_becomes_a_decision_record_with_the_same_file():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    ContentType = old.get_model("contenttypes", "ContentType")
    Objection = old.get_model("besluiten", "Objection")
    staff = StaffFactory()
    name = default_storage.save("bezwaren/besluiten/BZ-2026-00009.pdf", ContentFile(b"%PDF brief"))
    decided = timezone.now()
    Objection.objects.create(
        reference="BZ-2026-00009",
        content_type=ContentType.objects.get(app_label="besluiten", model="decision"),
        object_id=1,
        decision_reference="BS-2026-00001-1",
        decision_sent_on=decided.date(),
        objector="Stichting Voorbeeld",
        received_on=decided.date(),
        deadline=decided.date(),
        grounds="Onterecht.",
        decision_due=decided.date(),
        state="besloten",
        outcome="ongegrond",
        reasoning="Het besluit klopt.",
        decided_by_id=staff.pk,
        decided_at=decided,
        letter=name,
        sha256="ab" * 32,
        registered_by_id=staff.pk,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    ruling = new.get_model("besluiten", "Decision").objects.get(kind="objection")
    assert (ruling.reference, ruling.document.name, ruling.sha256) == (
        "BZ-2026-00009",
        name,
        "ab" * 32,
    )
    assert ruling.objection_deadline == terms.objection_deadline(timezone.localdate(decided))
    latest = MigrationExecutor(connection)  # reads what is applied now
    latest.migrate(latest.loader.graph.leaf_nodes())
