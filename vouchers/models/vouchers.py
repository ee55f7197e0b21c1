"""Voucher terms per scheme, the vouchers and their ledger."""

from datetime import timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from kern.models import audited_history
from kern.validators import validate_low_threshold_fee
from vouchers.choices import (
    EntryKind,
    VoucherState,
)
from vouchers.models.passholders import PassHolder


class VoucherTerms(models.Model):
    """What a scenario-5 scheme gives: the school year, the value per child, who qualifies."""

    scheme = models.OneToOneField(
        "subsidie.Scheme",
        verbose_name="regeling",
        on_delete=models.PROTECT,
        related_name="voucher_terms",
        limit_choices_to={"kind": "vouchers"},
    )
    school_year_start = models.DateField("schooljaar begint")
    school_year_end = models.DateField("schooljaar eindigt")
    value_per_child = models.DecimalField("waarde per kind (€)", max_digits=8, decimal_places=2)
    min_age = models.PositiveSmallIntegerField(
        "leeftijd vanaf", default=12, help_text="Op de eerste dag van het schooljaar."
    )
    max_age = models.PositiveSmallIntegerField("leeftijd tot en met", default=18)
    max_hourly_rate = models.DecimalField(
        "hoogste uurtarief aanbieder (€)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[validate_low_threshold_fee],
        help_text="Laagdrempelig is hooguit € 10 per uur (onderzoek 2023, noot 1).",
    )

    class Meta:
        verbose_name = "voucherregeling"
        verbose_name_plural = "voucherregelingen"
        constraints = [
            models.CheckConstraint(
                condition=Q(school_year_end__gt=models.F("school_year_start")),
                name="school_year_order",
            ),
            models.CheckConstraint(condition=Q(value_per_child__gt=0), name="voucher_value"),
        ]

    def __str__(self):
        return f"{self.scheme} ({self.school_year_start:%Y}-{self.school_year_end:%Y})"

    @property
    def budget_year(self):
        return self.school_year_start.year

    def birth_dates(self):
        """Children born in this window are min_age to max_age on the first school day."""
        start = self.school_year_start
        oldest = start.replace(year=start.year - self.max_age - 1) + timedelta(days=1)
        youngest = start.replace(year=start.year - self.min_age)
        return oldest, youngest


class Voucher(FSMModelMixin, models.Model):
    """One child's voucher for one school year; its balance never goes below zero."""

    terms = models.ForeignKey(
        VoucherTerms, verbose_name="regeling", on_delete=models.PROTECT, related_name="vouchers"
    )
    pass_holder = models.ForeignKey(
        PassHolder, verbose_name="kind", on_delete=models.PROTECT, related_name="vouchers"
    )
    code = models.CharField("code", max_length=14, unique=True)
    value = models.DecimalField("waarde (€)", max_digits=8, decimal_places=2)
    balance = models.DecimalField("saldo (€)", max_digits=8, decimal_places=2)
    state = FSMField(
        "status",
        max_length=10,
        choices=VoucherState.choices,
        default=VoucherState.ISSUED,
        protected=True,
    )
    issued_at = models.DateTimeField("uitgegeven", auto_now_add=True)
    # The print run that made this voucher's letter; empty: no letter printed yet.
    print_run = models.ForeignKey(
        "vouchers.PrintRun",
        verbose_name="brief gedrukt in",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vouchers",
    )

    # Every state change, with who and when (the voucher row holds no personal data).
    history = audited_history()

    class Meta:
        verbose_name = "voucher"
        verbose_name_plural = "vouchers"
        permissions = [
            ("issue_vouchers", "Vouchers uitgeven en intrekken"),
        ]
        ordering = ["pass_holder__household_number", "pass_holder__pass_number"]
        constraints = [
            models.UniqueConstraint(fields=["terms", "pass_holder"], name="one_voucher_a_year"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="balance_not_negative"),
            models.CheckConstraint(
                condition=Q(balance__lte=models.F("value")), name="balance_within_value"
            ),
        ]

    def __str__(self):
        return self.code

    @transition(field=state, source=VoucherState.ISSUED, target=VoucherState.ACTIVE)
    def activate(self):
        pass

    @transition(field=state, source=VoucherState.ACTIVE, target=VoucherState.EXHAUSTED)
    def exhaust(self):
        pass

    @transition(field=state, source=VoucherState.EXHAUSTED, target=VoucherState.ACTIVE)
    def replenish(self):
        """A corrected session gives value back to a voucher that had run out."""

    @transition(
        field=state,
        source=[VoucherState.ISSUED, VoucherState.ACTIVE, VoucherState.EXHAUSTED],
        target=VoucherState.EXPIRED,
    )
    def expire(self):
        self.balance = Decimal("0.00")

    @transition(
        field=state,
        source=[VoucherState.ISSUED, VoucherState.ACTIVE],
        target=VoucherState.REVOKED,
        permission="vouchers.issue_vouchers",
    )
    def revoke(self):
        self.balance = Decimal("0.00")

    @transition(
        field=state,
        source=VoucherState.REVOKED,
        target=RETURN_VALUE(VoucherState.ISSUED, VoucherState.ACTIVE),
        permission="besluiten.decide_objection",
    )
    def reinstate(self, balance, state):
        """Awb 7:11: the revocation is undone; the voucher comes back as it was."""
        self.balance = balance
        return state


class VoucherEntry(models.Model):
    """A line of a voucher's ledger: the balance is always the sum of these lines."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="entries")
    session = models.ForeignKey(
        "Session",
        on_delete=models.PROTECT,
        related_name="entries",
        null=True,
        blank=True,
        verbose_name="begeleidingsmoment",
    )
    kind = models.CharField("soort", max_length=12, choices=EntryKind.choices)
    amount = models.DecimalField("bedrag (€)", max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="gemaakt op")

    class Meta:
        verbose_name = "voucherboeking"
        verbose_name_plural = "voucherboekingen"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} € {self.amount}"

    @property
    def size(self):
        """The amount without its sign, for a reader told in words which way it went."""
        return abs(self.amount)


class CeilingRefusal(models.Model):
    """A child left without a voucher because the ceiling was reached (Awb 4:25): the
    decision the parents receive, and the voucher issued since, after an objection or when
    budget came free."""

    terms = models.ForeignKey(
        VoucherTerms, on_delete=models.PROTECT, related_name="refusals", verbose_name="ronde"
    )
    pass_holder = models.ForeignKey(
        PassHolder, on_delete=models.PROTECT, related_name="refusals", verbose_name="pashouder"
    )
    refused_at = models.DateTimeField("geweigerd op", auto_now_add=True)
    voucher = models.OneToOneField(
        Voucher,
        on_delete=models.PROTECT,
        related_name="refusal",
        null=True,
        blank=True,
        verbose_name="voucher sindsdien",
    )

    class Meta:
        verbose_name = "geen voucher (plafond bereikt)"
        verbose_name_plural = "geen voucher (plafond bereikt)"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["terms", "pass_holder"], name="one_refusal_a_round")
        ]

    def __str__(self):
        return f"Geen voucher voor {self.pass_holder} ({self.terms})"
