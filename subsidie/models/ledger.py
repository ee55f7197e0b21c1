"""The budget ledger: a scheme's totals are always sums of its entries."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from subsidie.choices import (
    LedgerKind,
)
from subsidie.models.awards import Award
from subsidie.models.schemes import SchemeBudget


class LedgerEntry(models.Model):
    """A line in a scheme's budget ledger; totals are always sums of these lines."""

    budget = models.ForeignKey(
        SchemeBudget,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name="subsidieplafond",
    )
    kind = models.CharField("soort", max_length=15, choices=LedgerKind.choices)
    amount = models.DecimalField("bedrag (€)", max_digits=14, decimal_places=2)
    award = models.ForeignKey(
        Award,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        null=True,
        blank=True,
        verbose_name="verlening",
    )
    description = models.CharField(
        "omschrijving", max_length=200, blank=True, help_text="Bijv. vouchers uitgegeven."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="gemaakt door",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="gemaakt op")

    class Meta:
        verbose_name = "budgetboeking"
        verbose_name_plural = "budgetboekingen"
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} € {self.amount}"
