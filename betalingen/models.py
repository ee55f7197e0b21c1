"""Payment batches: what the municipality pays in one bank file."""

from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from betalingen.choices import BatchState


class PaymentBatch(FSMModelMixin, models.Model):
    reference = models.CharField("kenmerk", max_length=20, unique=True)
    state = FSMField(
        "status", max_length=10, choices=BatchState.choices, default=BatchState.OPEN, protected=True
    )
    execution_date = models.DateField("uitvoeringsdatum")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gemaakt door",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="gemaakt op")
    paid_at = models.DateTimeField("betaald op", null=True, blank=True)

    class Meta:
        verbose_name = "betaalbatch"
        verbose_name_plural = "betaalbatches"
        permissions = [
            ("manage_payments", "Betalingen klaarzetten en afhandelen"),
        ]
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference

    @transition(
        field=state,
        source=[BatchState.OPEN, BatchState.EXPORTED],
        target=BatchState.EXPORTED,
        permission="betalingen.manage_payments",
    )
    def export(self):
        pass

    @transition(
        field=state,
        source=BatchState.EXPORTED,
        target=BatchState.PAID,
        permission="betalingen.manage_payments",
    )
    def mark_paid(self, moment):
        self.paid_at = moment
