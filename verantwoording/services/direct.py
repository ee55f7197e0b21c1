"""Direct settlement at year end (Regeling OCW-subsidies art. 11: small awards are settled
without a report). A random sample, drawn with a recorded seed so anyone can draw it again,
is first asked for evidence; the rest are settled at the awarded amount, one decision per
recipient, in the background. The run can be resumed: what is settled is not done twice."""

import math
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern import terms
from kern.permissions import require
from subsidie.choices import AccountabilityTier, AwardState
from subsidie.models import Award, Scheme
from verantwoording import tasks
from verantwoording.models import Report, SettlementRun
from verantwoording.services import reports, settlements

# The decision letter's promise: evidence is sent within six weeks of the request.
EVIDENCE_WEEKS = 6


def draw_sample(award_ids, seed, percentage):
    """`percentage` of the awards, rounded up, drawn with `seed` from the ids in order."""
    ids = sorted(award_ids)
    size = math.ceil(len(ids) * percentage / 100)
    # Reproducible on purpose: the seed is recorded so anyone can draw the sample again.
    return sorted(random.Random(seed).sample(ids, size))  # noqa: S311


def candidates(scheme, year):
    """Direct-settlement awards of the scheme whose period ended in `year`, not yet settled
    nor asked for evidence."""
    return Award.objects.filter(
        application__scheme=scheme,
        tier=AccountabilityTier.DIRECT,
        state=AwardState.REPORT_DUE,
        period_end__year=year,
        settlement__isnull=True,
        reports__isnull=True,
    )


@transaction.atomic
def start_run(actor, scheme, year, percentage=10, seed=None):
    require(actor, "verantwoording.decide_settlement")
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not 0 <= percentage <= 100:
        raise ValidationError("De steekproef is een percentage van 0 tot en met 100.")
    if SettlementRun.objects.filter(scheme=scheme, year=year, finished_at__isnull=True).exists():
        raise ValidationError("Voor deze regeling en dit jaar loopt al een ronde.")
    ids = sorted(candidates(scheme, year).values_list("pk", flat=True))
    if not ids:
        raise ValidationError(f"Er zijn geen subsidies om direct vast te stellen in {year}.")
    seed = secrets.randbits(48) if seed is None else seed
    sampled = draw_sample(ids, seed, percentage)
    run = SettlementRun.objects.create(
        scheme=scheme,
        year=year,
        sample_percentage=percentage,
        seed=seed,
        awards=ids,
        sampled=sampled,
        started_by=actor,
    )
    due = terms.after(timezone.localdate(), weeks=EVIDENCE_WEEKS)
    for award in Award.objects.filter(pk__in=sampled).select_related("application"):
        reports.request_evidence(award, due)
    transaction.on_commit(lambda: tasks.settle_run.delay(run.pk))
    return run


def settle_run(run_id):
    """Settles each award of the run that is not in the sample and not yet settled, each in
    its own transaction; an award that cannot be settled is noted with the reason."""
    run = SettlementRun.objects.select_related("started_by").get(pk=run_id)
    pending = (
        Award.objects.filter(pk__in=run.awards, settlement__isnull=True)
        .exclude(pk__in=run.sampled)
        .select_related("decision")
        .order_by("pk")
    )
    for award in pending:
        try:
            settle_directly(run.started_by, award, run)
        except ValidationError as error:
            run.failures[award.decision.reference] = " ".join(error.messages)
            SettlementRun.objects.filter(pk=run.pk).update(failures=run.failures)
    SettlementRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())


@transaction.atomic
def settle_directly(actor, award, run):
    lines = [(line.eligible, line.reason) for line in settlements.draft_lines(award)]
    settlement = settlements.propose(actor, award, lines)
    settlement.run = run
    settlement.save(update_fields=["run"])
    return settlements.decide(actor, settlement)


def progress(run):
    """(settled, to settle) of the run."""
    return run.settlements.count(), run.total


def evidence_reports(run):
    return Report.objects.filter(award__in=run.sampled).select_related(
        "award__application__organisation", "award__decision"
    )
