"""Decisions (beschikkingen), the awards they grant, their yearly tranches and advances."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from besluiten.choices import HearingPurpose
from besluiten.models import Hearing
from betalingen.models import batch_transitions
from kern.terms import objection_deadline
from subsidie.choices import (
    AccountabilityTier,
    AdvanceState,
    AwardState,
    Outcome,
)
from subsidie.models.applications import Application

REVOCABLE_STATES = (AwardState.GRANTED, AwardState.ACTIVE, AwardState.REPORT_DUE)


def decision_path(instance, filename):
    return f"besluiten/{instance.reference}.pdf"


class Decision(models.Model):
    """A beschikking: the rendered letter is stored once and never changed (checksum)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decisions", verbose_name="aanvraag"
    )
    reference = models.CharField("kenmerk", max_length=20, unique=True)
    outcome = models.CharField("besluit", max_length=15, choices=Outcome.choices)
    amount = models.DecimalField(
        "verleend bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    reasoning = models.TextField("motivering")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name="voorgesteld door",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besluit genomen door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("datum besluit")
    replaces = models.OneToOneField(
        "self",
        verbose_name="vervangt besluit",
        on_delete=models.PROTECT,
        related_name="replaced_by",
        null=True,
        blank=True,
    )
    objection_reference = models.CharField("na bezwaar", max_length=20, blank=True)
    hearing = models.OneToOneField(
        "besluiten.Hearing",
        verbose_name="zienswijze",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    hearing_answer = models.TextField("wat wij met de zienswijze doen", blank=True)
    document = models.FileField("besluitbrief", upload_to=decision_path)
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.reference} ({self.get_outcome_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Een besluit wordt nooit gewijzigd.")
        super().save(*args, **kwargs)

    @property
    def objection_deadline(self):
        return objection_deadline(timezone.localdate(self.decided_at))


class Award(FSMModelMixin, models.Model):
    """A verlening: the granted amount, its yearly tranches, obligations and advances."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="award", verbose_name="aanvraag"
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="award", verbose_name="besluit"
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

    def revocation_heard(self):
        hearing = Hearing.objects.current(self, HearingPurpose.REVOCATION)
        return hearing is not None and hearing.is_over

    @property
    def revocation(self):
        """The decision that revoked the award (the latest, should an objection replace it)."""
        return self.application.decisions.filter(outcome=Outcome.REVOKE).latest("decided_at")

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
