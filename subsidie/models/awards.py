"""Awards (verleningen) with their yearly tranches and advances; the decision that grants one
is a record in besluiten."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from besluiten.choices import DecisionKind, HearingPurpose
from besluiten.models import Hearing
from betalingen.models import batch_transitions
from subsidie.choices import (
    AccountabilityTier,
    AdvanceState,
    AwardState,
)
from subsidie.models.applications import Application

REVOCABLE_STATES = (AwardState.GRANTED, AwardState.ACTIVE, AwardState.REPORT_DUE)


class Award(FSMModelMixin, models.Model):
    """A verlening: the granted amount, its yearly tranches, obligations and advances."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="award", verbose_name="aanvraag"
    )
    decision = models.OneToOneField(
        "besluiten.Decision", on_delete=models.PROTECT, related_name="award", verbose_name="besluit"
    )
    amount = models.DecimalField("verleend bedrag (€)", max_digits=12, decimal_places=2)
    settled_amount = models.DecimalField(
        "vastgesteld bedrag (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Het bedrag van de vaststelling (Awb 4:42); leeg tot dan.",
    )
    period_start = models.DateField("begindatum")
    period_end = models.DateField("einddatum")
    tier = models.CharField("verantwoording", max_length=15, choices=AccountabilityTier.choices)
    obligations = models.TextField("verplichtingen")
    state = FSMField(
        "status",
        max_length=15,
        choices=AwardState.choices,
        default=AwardState.GRANTED,
        protected=True,
    )

    class Meta:
        verbose_name = "verlening"
        verbose_name_plural = "verleningen"
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_positive"),
            # Awb 4:46: the settlement never exceeds the award.
            models.CheckConstraint(
                condition=Q(settled_amount__isnull=True)
                | Q(settled_amount__gte=0, settled_amount__lte=F("amount")),
                name="award_settled_within_amount",
            ),
        ]

    def __str__(self):
        return f"Verlening {self.decision.reference}: € {self.amount}"

    @transition(
        field=state,
        source=AwardState.GRANTED,
        target=AwardState.ACTIVE,
        permission="betalingen.manage_payments",
    )
    def activate(self):
        pass

    @transition(
        field=state,
        source=[AwardState.GRANTED, AwardState.ACTIVE],
        target=AwardState.REPORT_DUE,
        permission="subsidie.decide_application",
    )
    def expect_report(self):
        """The period ended: what was done is accounted for and the award settled."""

    @transition(
        field=state,
        source=AwardState.REPORT_DUE,
        target=AwardState.SETTLED,
        permission="subsidie.decide_application",
    )
    def settle(self, amount):
        """Awb 4:42: the final amount is set; no advance is paid after it."""
        self.settled_amount = amount

    @transition(
        field=state,
        source=list(REVOCABLE_STATES),
        target=AwardState.REVOKED,
        conditions=[lambda award: award.revocation_heard()],
        permission="subsidie.decide_application",
    )
    def revoke(self):
        """Awb 4:48: the award is withdrawn; unpaid advances lapse."""

    @transition(
        field=state,
        source=AwardState.REVOKED,
        target=RETURN_VALUE(AwardState.GRANTED, AwardState.ACTIVE),
        permission="subsidie.decide_application",
    )
    def reinstate(self):
        """Awb 7:11: the revocation is undone. Active once an advance was paid; an award
        whose period has ended moves on to its report with the daily job, as any other."""
        return AwardState.ACTIVE if self.paid else AwardState.GRANTED

    def revocation_heard(self):
        hearing = Hearing.objects.current(self, HearingPurpose.REVOCATION)
        return hearing is not None and hearing.is_over

    @property
    def revocation(self):
        """The decision that revoked the award (the latest, should an objection replace it)."""
        return self.application.decisions.filter(kind=DecisionKind.REVOKE).latest("decided_at")

    @property
    def paid(self):
        return sum(
            (
                advance.amount
                for advance in self.advances.all()
                if advance.state == AdvanceState.PAID
            ),
            Decimal(0),
        )


class AwardTranche(models.Model):
    """The part of an award that falls in one calendar year, against that year's ceiling."""

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="tranches", verbose_name="verlening"
    )
    year = models.PositiveSmallIntegerField("jaar")
    amount = models.DecimalField("bedrag (€)", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "jaardeel"
        verbose_name_plural = "jaardelen"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["award", "year"], name="one_tranche_a_year")]

    def __str__(self):
        return f"{self.year}: € {self.amount}"


class Advance(FSMModelMixin, models.Model):
    """A voorschot on an award, due on a date, paid in a batch."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="advances", verbose_name="verlening"
    )
    number = models.PositiveSmallIntegerField("nummer")
    due_date = models.DateField("te betalen op")
    amount = models.DecimalField("bedrag (€)", max_digits=12, decimal_places=2)
    state = FSMField(
        "status",
        max_length=10,
        choices=AdvanceState.choices,
        default=AdvanceState.DUE,
        protected=True,
    )
    batch = models.ForeignKey(
        "betalingen.PaymentBatch",
        on_delete=models.PROTECT,
        related_name="advances",
        null=True,
        blank=True,
        verbose_name="betaalbatch",
    )

    class Meta:
        verbose_name = "voorschot"
        verbose_name_plural = "voorschotten"
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="advance_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="advance_positive"),
        ]

    def __str__(self):
        return f"Voorschot {self.number} van {self.award.decision.reference}"

    add_to_batch, mark_paid = batch_transitions(
        AdvanceState.DUE, AdvanceState.BATCHED, AdvanceState.PAID
    )

    @transition(
        field=state,
        source=AdvanceState.DUE,
        target=AdvanceState.CANCELLED,
        permission="subsidie.decide_application",
    )
    def cancel(self):
        """The award was revoked before this advance was paid."""

    @transition(
        field=state,
        source=AdvanceState.CANCELLED,
        target=AdvanceState.DUE,
        permission="subsidie.decide_application",
    )
    def restore(self):
        """The revocation was undone after an objection: the advance is payable again."""
