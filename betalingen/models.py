"""Payment batches: what the municipality pays in one bank file."""

from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from betalingen.choices import BatchState


def batch_transitions(ready, batched, paid):
    """The two steps a record that is paid through a batch takes, for a model with a
    `state` field and a `batch` foreign key: from `ready` into a batch, and from `batched`
    to `paid` when the bank paid the batch. In the model's body:

        add_to_batch, mark_paid = batch_transitions(State.DUE, State.BATCHED, State.PAID)
    """

    @transition(
        field="state", source=ready, target=batched, permission="betalingen.manage_payments"
    )
    def add_to_batch(self, batch):
        self.batch = batch

    @transition(field="state", source=batched, target=paid, permission="betalingen.manage_payments")
    def mark_paid(self):
        pass

    return add_to_batch, mark_paid


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
