"""Providers' monthly declarations of booked hours."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from betalingen.models import batch_transitions
from kern.models import audited_history
from vouchers.choices import (
    DeclarationState,
)
from vouchers.models.providers import Admission


class Declaration(FSMModelMixin, models.Model):
    """A provider's claim for one month's sessions under one admission."""

    admission = models.ForeignKey(
        Admission, on_delete=models.PROTECT, related_name="declarations", verbose_name="toelating"
    )
    month = models.DateField("maand", help_text="De eerste dag van de maand.")
    state = FSMField(
        "status",
        max_length=10,
        choices=DeclarationState.choices,
        default=DeclarationState.DRAFT,
        protected=True,
    )
    total = models.DecimalField("totaal (€)", max_digits=10, decimal_places=2, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gemaakt door",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name="ingediend op")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="besloten door",
    )
    reason = models.TextField("toelichting", blank=True)
    batch = models.ForeignKey(
        "betalingen.PaymentBatch",
        on_delete=models.PROTECT,
        related_name="declarations",
        null=True,
        blank=True,
        verbose_name="betaalbatch",
    )
    history = audited_history()

    class Meta:
        verbose_name = "declaratie"
        verbose_name_plural = "declaraties"
        permissions = [
            ("approve_declaration", "Declaraties van aanbieders goedkeuren"),
        ]
        ordering = ["-month", "admission"]
        constraints = [
            # A rejected declaration can be made again; any other is the month's only one.
            models.UniqueConstraint(
                fields=["admission", "month"],
                condition=~Q(state="rejected"),
                name="one_declaration_a_month",
            )
        ]

    def __str__(self):
        return f"{self.admission.provider} {self.month:%m-%Y}"

    @property
    def reference(self):
        return f"DC-{self.month:%Y%m}-{self.pk:05d}"

    @transition(
        field=state,
        source=DeclarationState.DRAFT,
        target=DeclarationState.SUBMITTED,
        permission="vouchers.act_for_declaration",
    )
    def submit(self, moment, total):
        self.submitted_at, self.total = moment, total

    @transition(
        field=state,
        source=DeclarationState.SUBMITTED,
        target=DeclarationState.APPROVED,
        permission="vouchers.approve_declaration",
    )
    def approve(self, actor, reason=""):
        self.decided_by, self.reason = actor, reason

    @transition(
        field=state,
        source=DeclarationState.SUBMITTED,
        target=DeclarationState.REJECTED,
        permission="vouchers.approve_declaration",
    )
    def reject(self, actor, reason):
        self.decided_by, self.reason = actor, reason

    @transition(
        field=state,
        source=DeclarationState.REJECTED,
        target=DeclarationState.APPROVED,
        permission="besluiten.decide_objection",
    )
    def approve_on_objection(self, actor, total, reason):
        """Awb 7:11: the rejection is replaced; `total`: what is still claimed in it."""
        self.decided_by, self.total, self.reason = actor, total, reason

    add_to_batch, mark_paid = batch_transitions(
        DeclarationState.APPROVED, DeclarationState.BATCHED, DeclarationState.PAID
    )
