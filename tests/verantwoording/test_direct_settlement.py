"""Year-end direct settlement: 200 small awards, a 10% sample asked for evidence with a
recorded seed that draws the same sample again, the rest settled in the background with one
decision each; a run stopped halfway is resumed without settling anything twice."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besluiten.models import Decision
from kern import roles
from subsidie.choices import AccountabilityTier, AwardState
from subsidie.models import Award
from tests.conftest import verify_second_factor
from tests.factories import SchemeFactory, StaffFactory
from tests.verantwoording.helpers import granted
from verantwoording.choices import ReportState
from verantwoording.models import Report, Settlement, SettlementRun
from verantwoording.services import direct, reports

pytestmark = pytest.mark.django_db


def _small_awards(count):
    scheme = SchemeFactory(ceiling=Decimal("10000000"))
    for _ in range(count):
        granted("1500", scheme=scheme)
    reports.expect_reports(timezone.localdate())
    return scheme


def test_two_hundred_small_awards_are_settled_after_a_reproducible_sample(
    django_capture_on_commit_callbacks,
):
    scheme = _small_awards(200)
    assert set(Award.objects.values_list("tier", flat=True)) == {AccountabilityTier.DIRECT}
    decider = verify_second_factor(Client(), StaffFactory(role=roles.DECISION_MAKER))
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        started = decider.post(
            reverse("run_start"), {"scheme": scheme.pk, "year": year, "percentage": 10}
        )
    run = SettlementRun.objects.get()
    assert started["Location"] == reverse("run_detail", args=[run.pk])

    assert len(run.sampled) == 20
    assert direct.draw_sample(run.awards, run.seed, 10) == run.sampled
    evidence = Report.objects.filter(award__in=run.sampled)
    assert evidence.count() == 20 and {r.state for r in evidence} == {ReportState.DUE}
    assert Settlement.objects.filter(run=run).count() == 180
    assert Decision.objects.filter(settlement__run=run).count() == 180
    settled = Award.objects.filter(state=AwardState.SETTLED)
    assert settled.count() == 180 and not settled.filter(pk__in=run.sampled).exists()
    page = decider.get(reverse("run_detail", args=[run.pk])).content.decode()
    assert "Vastgesteld: 180 van 180" in page and str(run.seed) in page


def test_a_run_stopped_halfway_is_resumed_without_settling_twice(
    django_capture_on_commit_callbacks,
):
    scheme = _small_awards(6)
    decider = StaffFactory(role=roles.DECISION_MAKER)
    run = direct.start_run(decider, scheme, timezone.localdate().year, percentage=0, seed=7)
    first = Award.objects.get(pk=run.awards[0])
    direct.settle_directly(decider, first, run)  # the worker stopped after one
    direct.settle_run(run.pk)
    direct.settle_run(run.pk)
    assert Settlement.objects.filter(run=run).count() == 6
    assert Decision.objects.filter(settlement__run=run).count() == 6
    with pytest.raises(ValidationError, match="geen subsidies"):
        direct.start_run(decider, scheme, timezone.localdate().year)


def test_the_same_seed_always_draws_the_same_sample():
    ids = list(range(1, 201))
    assert direct.draw_sample(ids, 42, 10) == direct.draw_sample(reversed(ids), 42, 10)
    assert direct.draw_sample(ids, 42, 10) != direct.draw_sample(ids, 43, 10)
    assert len(direct.draw_sample(ids[:15], 1, 10)) == 2  # rounded up
