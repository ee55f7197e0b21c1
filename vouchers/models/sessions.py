"""Sessions: hours of support that draw a voucher down."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from vouchers.models.providers import Admission, Enrolment
from vouchers.models.vouchers import Voucher


class Session(models.Model):
    """Hours of homework support for one child on one day, drawn from the voucher."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="sessions", verbose_name="inschrijving"
    )
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="sessions")
    # No index of its own: the idempotency constraint (admission, key) leads with it, and
    # every index costs each booking an insertion.
    admission = models.ForeignKey(
        Admission,
        on_delete=models.PROTECT,
        related_name="sessions",
        db_index=False,
        verbose_name="toelating",
    )
    day = models.DateField("datum")
    hours = models.DecimalField("uren", max_digits=4, decimal_places=2)
    rate = models.DecimalField("uurtarief (€)", max_digits=5, decimal_places=2)
    amount = models.DecimalField("bedrag (€)", max_digits=8, decimal_places=2)
    idempotency_key = models.CharField("sleutel", max_length=64)
    # Looked up from the session, never the other way: no index, as for api_token.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name="geboekt door",
    )
    api_token = models.ForeignKey(
        "ApiToken",
        verbose_name="via API-sleutel",
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
        db_index=False,
    )
    recorded_at = models.DateTimeField(auto_now_add=True, verbose_name="geboekt op")
    reversed_at = models.DateTimeField("teruggedraaid", null=True, blank=True)
    reversal_reason = models.CharField("reden", max_length=300, blank=True)
    declaration = models.ForeignKey(
        "Declaration",
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
        verbose_name="declaratie",
    )

    class Meta:
        verbose_name = "begeleidingsmoment"
        verbose_name_plural = "begeleidingsmomenten"
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["admission", "idempotency_key"], name="session_idempotency_key"
            ),
            models.UniqueConstraint(
                fields=["voucher", "day"],
                condition=Q(reversed_at__isnull=True),
                name="one_session_a_day",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0, amount__gt=0), name="session_positive"),
        ]

    def __str__(self):
        return f"{self.day:%d-%m-%Y}: {self.hours} uur"
