"""Providers admitted to a voucher scheme, and the children enrolled with them."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from kern.models import audited_history
from kern.validators import validate_low_threshold_fee
from vouchers.choices import (
    OPEN_ENROLMENT,
    AdmissionState,
    EnrolmentState,
)
from vouchers.models.vouchers import Voucher, VoucherTerms


class Admission(FSMModelMixin, models.Model):
    """A provider's admission to a voucher scheme: its rate and where vouchers can be used."""

    terms = models.ForeignKey(
        VoucherTerms, verbose_name="regeling", on_delete=models.PROTECT, related_name="admissions"
    )
    provider = models.ForeignKey(
        "kern.Organisation",
        verbose_name="aanbieder",
        on_delete=models.PROTECT,
        related_name="voucher_admissions",
    )
    hourly_rate = models.DecimalField(
        "uurtarief (€)",
        max_digits=5,
        decimal_places=2,
        validators=[validate_low_threshold_fee],
        help_text="Wat één uur begeleiding van één leerling kost. Hooguit € 10.",
    )
    locations = models.ManyToManyField(
        "kern.Location", verbose_name="locaties", related_name="voucher_admissions"
    )
    state = FSMField(
        "status",
        max_length=10,
        choices=AdmissionState.choices,
        default=AdmissionState.REQUESTED,
        protected=True,
    )
    reason = models.TextField("toelichting bij het besluit", blank=True)
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name="gevraagd op")
    history = audited_history()

    class Meta:
        verbose_name = "toelating van een aanbieder"
        verbose_name_plural = "toelatingen van aanbieders"
        permissions = [
            ("admit_provider", "Aanbieders toelaten tot de vouchers"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["terms", "provider"], name="one_admission_each"),
            models.CheckConstraint(
                condition=Q(hourly_rate__gt=0, hourly_rate__lte=Decimal("10")),
                name="admission_rate_low_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.provider} ({self.get_state_display()})"

    @transition(
        field=state,
        source=[AdmissionState.REQUESTED, AdmissionState.REFUSED],
        target=AdmissionState.ADMITTED,
        permission="vouchers.grant_admission",
    )
    def admit(self, reason):
        """Also after a refusal: a new decision, or a founded objection (Awb 7:11)."""
        self.reason = reason

    @transition(
        field=state,
        source=AdmissionState.REQUESTED,
        target=AdmissionState.REFUSED,
        permission="vouchers.admit_provider",
    )
    def refuse(self, reason):
        self.reason = reason

    @transition(
        field=state,
        source=AdmissionState.ADMITTED,
        target=AdmissionState.SUSPENDED,
        permission="vouchers.admit_provider",
    )
    def suspend(self, reason):
        self.reason = reason

    @transition(
        field=state,
        source=AdmissionState.SUSPENDED,
        target=AdmissionState.ADMITTED,
        permission="vouchers.grant_admission",
    )
    def reinstate(self, reason):
        self.reason = reason


class Enrolment(FSMModelMixin, models.Model):
    """A child's place with an admitted provider, asked for by the parent."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="enrolments")
    admission = models.ForeignKey(
        Admission, on_delete=models.PROTECT, related_name="enrolments", verbose_name="toelating"
    )
    location = models.ForeignKey("kern.Location", verbose_name="locatie", on_delete=models.PROTECT)
    state = FSMField(
        "status",
        max_length=10,
        choices=EnrolmentState.choices,
        default=EnrolmentState.REQUESTED,
        protected=True,
    )
    note = models.TextField("bericht aan de ouder", blank=True)
    referred_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="doorverwezen vanuit",
    )
    started_on = models.DateField("begonnen op", null=True, blank=True)
    ended_on = models.DateField("gestopt op", null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name="gevraagd op")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="bijgewerkt op")
    history = audited_history()

    class Meta:
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher"],
                condition=Q(state__in=OPEN_ENROLMENT),
                name="one_open_enrolment_per_voucher",
            )
        ]

    def __str__(self):
        return f"{self.voucher} bij {self.location}"

    @transition(
        field=state,
        source=[EnrolmentState.REQUESTED, EnrolmentState.WAITLISTED],
        target=EnrolmentState.ACCEPTED,
        permission="vouchers.act_for_enrolment",
    )
    def accept(self, note=""):
        self.note = note

    @transition(
        field=state,
        source=EnrolmentState.REQUESTED,
        target=EnrolmentState.WAITLISTED,
        permission="vouchers.act_for_enrolment",
    )
    def waitlist(self, note=""):
        self.note = note

    @transition(
        field=state,
        source=[EnrolmentState.REQUESTED, EnrolmentState.WAITLISTED],
        target=EnrolmentState.DECLINED,
        permission="vouchers.act_for_enrolment",
    )
    def decline(self, note=""):
        self.note = note

    @transition(
        field=state,
        source=EnrolmentState.ACCEPTED,
        target=EnrolmentState.ACTIVE,
        permission="vouchers.act_for_enrolment",
    )
    def start(self, day):
        self.started_on = day

    @transition(
        field=state,
        source=[EnrolmentState.ACCEPTED, EnrolmentState.ACTIVE],
        target=EnrolmentState.ENDED,
        permission="vouchers.act_for_enrolment",
    )
    def end(self, note="", day=None):
        self.note = note
        self.ended_on = day or timezone.localdate()

    @transition(
        field=state,
        source=OPEN_ENROLMENT,
        target=EnrolmentState.ENDED,
        permission="vouchers.parent_of_enrolment",
    )
    def stop(self):
        """The parent ends the place or the request, for instance to go elsewhere."""
        self.note = "Gestopt door de ouder."
        self.ended_on = timezone.localdate()
