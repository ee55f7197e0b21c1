"""The settlement (vaststelling, Awb 4:42-4:47) of an award: the final amount per budget
line, never above what was awarded; and what follows from it: a final payment when more was
earned than advanced, a recovery (terugvordering, Awb 4:57) when less."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django_fsm import FSMField, FSMModelMixin, transition

from besluiten.choices import HearingPurpose
from besluiten.models import Decision, Hearing
from betalingen.models import batch_transitions
from kern.models import TransitionLog
from subsidie.models import Award, BudgetLine
from verantwoording.choices import FinalPaymentState, RecoveryState, SettlementState
from verantwoording.models.reports import Report


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=12, decimal_places=2, **kwargs)


class Settlement(FSMModelMixin, models.Model):
    award = models.OneToOneField(
        Award, verbose_name="verlening", on_delete=models.PROTECT, related_name="settlement"
    )
    report = models.OneToOneField(
        Report,
        verbose_name="verantwoording",
        on_delete=models.PROTECT,
        related_name="settlement",
        null=True,
        blank=True,
        help_text="Leeg bij direct vaststellen.",
    )
    awarded = _money("verleend (€)")
    amount = _money("vast te stellen (€)")
    reasoning = models.TextField("toelichting", blank=True)
    heard_amount = _money(
        "voorgelegd bedrag (€)",
        null=True,
        blank=True,
        help_text="Het bedrag in het voornemen; een lager voorstel vraagt een nieuwe zienswijze.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="voorgesteld door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField("voorgesteld op")
    run = models.ForeignKey(
        "verantwoording.SettlementRun",
        verbose_name="ronde direct vaststellen",
        on_delete=models.PROTECT,
        related_name="settlements",
        null=True,
        blank=True,
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name="besluit",
        on_delete=models.PROTECT,
        related_name="settlement",
        null=True,
        blank=True,
    )
    state = FSMField(
        "status",
        max_length=10,
        choices=SettlementState.choices,
        default=SettlementState.PROPOSED,
        protected=True,
    )

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = "vaststelling"
        verbose_name_plural = "vaststellingen"
        ordering = ["-proposed_at"]
        permissions = [
            ("prepare_settlement", "Vaststellingen voorbereiden"),
            ("decide_settlement", "Vaststellingen besluiten"),
        ]
        constraints = [
            # Awb 4:46: never more than was awarded.
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount__lte=F("awarded")),
                name="settlement_within_award",
            ),
        ]

    def __str__(self):
        return f"Vaststelling van {self.award.decision.reference}"

    @property
    def is_lower(self):
        return self.amount < self.awarded

    def lower_heard(self):
        """Awb 4:8: a settlement below the award waits for the recipient's view."""
        if not self.is_lower:
            return True
        hearing = Hearing.objects.current(self, HearingPurpose.LOWER_SETTLEMENT)
        return hearing is not None and hearing.is_over

    @transition(
        field=state,
        source=SettlementState.PROPOSED,
        target=SettlementState.DECIDED,
        conditions=[lower_heard],
        permission="verantwoording.decide_settlement",
    )
    def decide(self, decision):
        self.decision = decision


class SettlementLine(models.Model):
    """One budget line: its share of the award, what is eligible, and why it is lower (case
    law asks for the reasons per line)."""

    settlement = models.ForeignKey(
        Settlement, verbose_name="vaststelling", on_delete=models.CASCADE, related_name="lines"
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name="begrotingsregel",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    description = models.CharField("post", max_length=200)
    awarded = _money("verleend (€)")
    realised = _money("gerealiseerde kosten (€)", null=True, blank=True)
    eligible = _money("vast te stellen (€)")
    reason = models.TextField("waarom lager", blank=True)

    class Meta:
        verbose_name = "regel"
        verbose_name_plural = "regels"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eligible__gte=0, eligible__lte=F("awarded")),
                name="line_within_award",
            ),
            models.CheckConstraint(
                condition=Q(eligible=F("awarded")) | ~Q(reason=""),
                name="lower_line_has_reason",
            ),
        ]

    def __str__(self):
        return self.description


class Recovery(FSMModelMixin, models.Model):
    """What was advanced and is to be paid back (Awb 4:57): above the settled amount, or all
    of it after the award was revoked."""

    decision = models.OneToOneField(
        Decision,
        verbose_name="besluit",
        on_delete=models.PROTECT,
        related_name="recovery",
        help_text="De vaststelling, of het besluit tot terugvordering na een intrekking.",
    )
    settlement = models.OneToOneField(
        Settlement,
        verbose_name="vaststelling",
        on_delete=models.PROTECT,
        related_name="recovery",
        null=True,
        blank=True,
    )
    amount = _money("terug te betalen (€)")
    due_date = models.DateField("betalen vóór")
    limit_date = models.DateField(
        "verjaart op",
        help_text="Vijf jaar na de vaststelling of de intrekking (artikel 4:57 lid 2 Awb).",
    )
    state = FSMField(
        "status",
        max_length=12,
        choices=RecoveryState.choices,
        default=RecoveryState.OPEN,
        protected=True,
    )
    closed_on = models.DateField("afgesloten op", null=True, blank=True)
    closing = models.TextField("toelichting", blank=True)

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = "terugvordering"
        verbose_name_plural = "terugvorderingen"
        ordering = ["due_date", "pk"]
        permissions = [("write_off_recovery", "Terugvorderingen afboeken")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_positive")]

    def __str__(self):
        return f"Terugvordering {self.decision.reference}"

    @transition(
        field=state,
        source=RecoveryState.OPEN,
        target=RecoveryState.PAID,
        permission="betalingen.manage_payments",
    )
    def mark_paid(self, received_on, note):
        self.closed_on, self.closing = received_on, note

    @transition(
        field=state,
        source=RecoveryState.OPEN,
        target=RecoveryState.WRITTEN_OFF,
        permission="verantwoording.write_off_recovery",
    )
    def write_off(self, day, reason):
        self.closed_on, self.closing = day, reason

    @transition(
        field=state,
        source=RecoveryState.OPEN,
        target=RecoveryState.CANCELLED,
        permission="verantwoording.decide_settlement",
    )
    def cancel(self, day, reason):
        """Awb 7:11: a founded objection raised the settlement to what was paid, or above."""
        self.closed_on, self.closing = day, reason


class FinalPayment(FSMModelMixin, models.Model):
    """What was earned above the advances, paid in the next payment batch; a settlement
    raised after an objection can add a second one, under the decision that raised it."""

    settlement = models.ForeignKey(
        Settlement, verbose_name="vaststelling", on_delete=models.PROTECT, related_name="payments"
    )
    decision = models.ForeignKey(
        Decision, verbose_name="besluit", on_delete=models.PROTECT, related_name="+"
    )
    amount = _money("bedrag (€)")
    due_date = models.DateField("te betalen op")
    state = FSMField(
        "status",
        max_length=10,
        choices=FinalPaymentState.choices,
        default=FinalPaymentState.DUE,
        protected=True,
    )
    batch = models.ForeignKey(
        "betalingen.PaymentBatch",
        verbose_name="betaalbatch",
        on_delete=models.PROTECT,
        related_name="final_payments",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "nabetaling"
        verbose_name_plural = "nabetalingen"
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="final_payment_positive")
        ]

    def __str__(self):
        return f"Nabetaling bij {self.decision.reference}"

    add_to_batch, mark_paid = batch_transitions(
        FinalPaymentState.DUE, FinalPaymentState.BATCHED, FinalPaymentState.PAID
    )
