"""Moves an award to its settlement with the services, for tests of the settlement."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from besluiten.models import Hearing
from betalingen import services as payments
from betalingen.bankdays import bank_day_from
from kern import roles
from subsidie.services import decisions, revocations
from tests.factories import MembershipFactory, StaffFactory
from tests.subsidie.helpers import proposed
from verantwoording.models import Settlement
from verantwoording.services import reports, settlements

THIS_YEAR = timezone.localdate().year


def pay_due(day=None):
    """Every item due by `day` (the next bank day from today) paid in one batch."""
    finance = StaffFactory(role=roles.FINANCE)
    day = bank_day_from(day or timezone.localdate())
    keys = [item.key for item in payments.due_items(day)]
    batch = payments.create_batch(finance, keys, day)
    payments.export_sepa(finance, batch)
    payments.mark_paid(finance, batch)
    return batch


def granted(amount, **kwargs):
    """Decided this year for a period in this year (January to a week ago)."""
    kwargs.setdefault("period_start", date(THIS_YEAR, 1, 1))
    kwargs.setdefault("period_end", timezone.localdate() - timedelta(days=7))
    application = proposed(amount=Decimal(amount), requested_amount=Decimal(amount), **kwargs)
    decisions.decide(StaffFactory(role=roles.DECISION_MAKER), application)
    application.refresh_from_db()
    return application.award


def revoked(paid=True):
    """Granted, its first advance paid (or not), and revoked after the hearing's term."""
    award = granted("30000")
    if paid:
        pay_due()
    hearing = revocations.intend_revocation(
        StaffFactory(role=roles.REVIEWER), award, "Gestopt in maart."
    )
    Hearing.objects.filter(pk=hearing.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    revocations.revoke(StaffFactory(role=roles.DECISION_MAKER), award)
    award.refresh_from_db()
    return award


def reported(award, **cost):
    """Every report of the award submitted with the plan met, and accepted; `cost`: the
    realised costs of the financial report, by budget line description."""
    member = MembershipFactory(organisation=award.application.organisation).user
    reviewer = StaffFactory(role=roles.REVIEWER)
    for report in reports.open_for(award) or award.reports.all():
        report.figures.update(realised=F("planned"))
        report.districts.update(pupils=5)
        for row in report.costs.select_related("budget_line"):
            row.realised = cost.get(row.budget_line.description, row.budget_line.amount)
            row.save()
        if report.needs_financial_report:
            reports.add_attachment(member, report, _statement(), "Verklaring", True)
        reports.submit_report(member, report)
        reports.accept_report(reviewer, report)
    return member


def due_for_settlement(amount, paid=True, **kwargs):
    award = granted(amount, **kwargs)
    if paid:
        pay_due()
    reports.expect_reports(timezone.localdate())
    award.refresh_from_db()
    return award


def settled_lower(amount, reason="Minder gedaan.", awarded="30000", reviewer=None, decider=None):
    """An award settled at `amount`, lower than awarded, after a hearing whose term ran out;
    the settlement, decided."""
    award = due_for_settlement(awarded)
    reported(award)
    reviewer = reviewer or StaffFactory(role=roles.REVIEWER)
    settlement = settlements.propose(reviewer, award, [(Decimal(amount), reason)])
    settlements.intend(reviewer, settlement)
    Hearing.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    settlements.decide(decider or StaffFactory(role=roles.DECISION_MAKER), settlement)
    return Settlement.objects.get(pk=settlement.pk)


def _statement():
    return SimpleUploadedFile("verklaring.pdf", b"%PDF-1.4 verklaring", "application/pdf")


def in_days(days):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(10)))
    )
