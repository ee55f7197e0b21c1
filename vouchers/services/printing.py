"""Household letters as a print run for the mail house.

Starting a run fixes its households (all with new vouchers, or a selection) in postcode
order and marks their vouchers as printed in it, so a second run, or a double click, never
prints them twice. Each part of at most LETTERS_PER_FILE letters is a task of its own, so
several workers render at once; a part that is done is never rendered again, so a task
handed out twice (a worker killed mid-part) does no harm. The part that completes the run
writes the mail house's list.
"""

import logging
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kern import transitions
from kern.exports import csv_table
from kern.permissions import require
from vouchers import letters, tasks
from vouchers.models import (
    LETTERS_PER_FILE,
    PrintFile,
    PrintRun,
    PrintRunState,
    Voucher,
    VoucherState,
)

logger = logging.getLogger(__name__)

MAIL_LIST_HEADER = [
    "kenmerk",
    "naamregel",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "aantal pagina's",
    "bestand",
]


def new_households(terms):
    """Household numbers with issued vouchers whose letter was never printed."""
    return (
        _issued(terms)
        .filter(print_run__isnull=True)
        .order_by()
        .values_list("pass_holder__household_number", flat=True)
        .distinct()
    )


def _issued(terms):
    return Voucher.objects.filter(terms=terms, state=VoucherState.ISSUED)


@transaction.atomic
def start_print_run(actor, terms, households=None, letter_date=None, background=True):
    """Starts the letters for every household with new vouchers or, with `households`,
    for those households only (also to print a lost letter again). The parts are tasks;
    with background=False they are left to the caller (print_part for each)."""
    require(actor, "vouchers.issue_vouchers")
    vouchers = _issued(terms)
    if households is None:
        vouchers = vouchers.filter(print_run__isnull=True)
    else:
        vouchers = vouchers.filter(pass_holder__household_number__in=households)
    # Locked: a second run started at the same moment waits, then finds them printed.
    rows = list(
        vouchers.select_for_update(of=("self",))
        .order_by(
            "pass_holder__postcode",
            "pass_holder__house_number",
            "pass_holder__household_number",
            "pass_holder__pass_number",
        )
        .values_list(
            "pk", "pass_holder__household_number", "pass_holder__street", "pass_holder__city"
        )
    )
    if not rows:
        raise ValidationError("Er zijn geen vouchers waarvoor nog een brief gemaakt moet worden.")
    printable, missing, voucher_ids = [], [], []
    for household, group in groupby(rows, key=lambda row: row[1]):
        group = list(group)
        _, _, street, city = group[0]
        if street and city:
            printable.append(household)
            voucher_ids += [row[0] for row in group]
        else:
            missing.append(household)
    if not printable:
        raise ValidationError(
            f"Van geen van de {len(missing)} huishoudens is het adres bekend. Lees een "
            "pashoudersbestand in met de kolommen straat en woonplaats."
        )
    run = PrintRun.objects.create(
        terms=terms,
        started_by=actor,
        letter_date=letter_date or timezone.localdate(),
        households=printable,
        missing_address=missing,
    )
    Voucher.objects.filter(pk__in=voucher_ids).update(print_run=run)
    if background:
        _schedule(run)
    return run


def _schedule(run, parts=None):
    for part in parts if parts is not None else range(run.parts):
        transaction.on_commit(lambda part=part: tasks.print_letters.delay(run.pk, part))


@transaction.atomic
def retry(actor, run):
    """A failed run starts again with the parts that are not done."""
    run = PrintRun.objects.select_for_update().get(pk=run.pk)
    transitions.run(actor, run, "retry")
    done = set(run.files.values_list("part", flat=True))
    _schedule(run, [part for part in range(run.parts) if part not in done])
    return run


def print_part(run_id, part):
    """Renders one part; whatever goes wrong fails the run with a message instead of leaving
    it printing for ever."""
    try:
        _print_part(run_id, part)
    except Exception:
        logger.exception("print run %s, part %s failed", run_id, part)
        _fail(
            run_id,
            f"Deel {part + 1} kon niet worden gemaakt. Probeer het opnieuw; lukt het weer "
            "niet, meld het dan bij de applicatiebeheerder.",
        )


def fail_stuck_runs(now=None):
    """A run without progress for far longer than a part takes (a worker killed for good)
    is failed, so the administrator can start its missing parts again."""
    limit = (now or timezone.now()) - timedelta(minutes=settings.PRINT_RUN_TIMEOUT_MINUTES)
    stuck = PrintRun.objects.filter(state=PrintRunState.PRINTING, progress_at__lt=limit)
    for run_id in stuck.values_list("pk", flat=True):
        _fail(run_id, "Het maken van de brieven is blijven steken. Probeer het opnieuw.", limit)


def _fail(run_id, message, stuck_before=None):
    with transaction.atomic():
        run = PrintRun.objects.select_for_update().get(pk=run_id)
        # Checked again under the lock: a part may have finished in the meantime.
        if run.state != PrintRunState.PRINTING:
            return
        if stuck_before and run.progress_at >= stuck_before:
            return
        transitions.run(run.started_by, run, "fail", message)


def _print_part(run_id, part):
    run = PrintRun.objects.select_related("terms").get(pk=run_id)
    if run.state != PrintRunState.PRINTING or run.files.filter(part=part).exists():
        return
    households = run.households[part * LETTERS_PER_FILE : (part + 1) * LETTERS_PER_FILE]
    batch = _letters(run, part, households)
    content, pages = letters.letter_file(batch) if batch else (b"", [])
    name = f"brieven-{run.pk}-deel-{part + 1:03d}.pdf"
    lines = [_mail_line(letter, count, name) for letter, count in zip(batch, pages, strict=True)]
    with transaction.atomic():
        run = PrintRun.objects.select_for_update().get(pk=run_id)
        if run.state != PrintRunState.PRINTING or run.files.filter(part=part).exists():
            return
        PrintFile.objects.create(
            run=run, part=part, file=ContentFile(content, name), letters=len(batch), lines=lines
        )
        run.letters_done += len(households)
        run.progress_at = timezone.now()
        run.save(update_fields=["letters_done", "progress_at"])
        if run.files.count() == run.parts:
            _finish(run)


def _letters(run, part, households):
    """The letters of one part, numbered by the household's place in the run. A household
    whose vouchers were all activated in the meantime gets no letter."""
    vouchers = (
        Voucher.objects.filter(
            print_run=run,
            state=VoucherState.ISSUED,
            pass_holder__household_number__in=households,
        )
        .select_related("pass_holder", "terms__scheme")
        .order_by("pass_holder__pass_number")
    )
    by_household = {}
    for voucher in vouchers:
        by_household.setdefault(voucher.pass_holder.household_number, []).append(voucher)
    first = part * LETTERS_PER_FILE + 1
    return [
        letters.Letter(run.reference(first + index), run.letter_date, by_household[household])
        for index, household in enumerate(households)
        if household in by_household
    ]


def _mail_line(letter, pages, file_name):
    holder = letter.holder
    return [
        letter.reference,
        letter.name_line,
        holder.street,
        holder.house_number,
        holder.postcode,
        holder.city,
        pages,
        file_name,
    ]


def _finish(run):
    """Writes the mail house's list (Dutch Excel CSV: semicolons, UTF-8 with BOM)."""
    lines = (line for printed in run.files.order_by("part") for line in printed.lines)
    run.mail_list.save(
        f"verzendlijst-{run.pk}.csv",
        ContentFile(csv_table(MAIL_LIST_HEADER, lines)),
        save=False,
    )
    run.finished_at = timezone.now()
    transitions.run(run.started_by, run, "finish")


def unaddressed(run):
    """The children of the run's households without an address, for the desk to reach
    them: their pass holders with what the pass office did send (postcode, house number)."""
    return (
        Voucher.objects.filter(
            terms=run.terms, pass_holder__household_number__in=run.missing_address
        )
        .select_related("pass_holder")
        .order_by("pass_holder__household_number", "pass_holder__pass_number")
    )
