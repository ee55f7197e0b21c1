import threading
from decimal import Decimal

import pytest
from django.db import connection

from kern import roles
from subsidie.choices import ApplicationState
from subsidie.models import Application, LedgerEntry
from subsidie.services import budget, decisions
from tests.factories import SchemeFactory, StaffFactory
from tests.subsidie.helpers import proposed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_parallel_grants_never_exceed_the_ceiling(postgres):
    scheme = SchemeFactory(ceiling=Decimal("50000"))
    applications = [proposed(scheme=scheme, amount=Decimal("12000")) for _ in range(10)]
    deciders = [StaffFactory(role=roles.DECISION_MAKER) for _ in applications]
    start = threading.Barrier(len(applications))
    outcomes = []

    def grant(decider, application):
        try:
            start.wait()
            decisions.decide(decider, application)
            outcomes.append("granted")
        except budget.CeilingReached:
            outcomes.append("ceiling")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=grant, args=pair)
        for pair in zip(deciders, applications, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["ceiling"] * 6 + ["granted"] * 4
    committed = sum(entry.amount for entry in LedgerEntry.objects.filter(budget__scheme=scheme))
    assert committed == Decimal("48000")
    assert Application.objects.filter(state=ApplicationState.GRANTED).count() == 4
