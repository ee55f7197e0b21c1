import re
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from subsidie.models import audited_history
from subsidie.validators import validate_low_threshold_fee

# A placeholder the municipality replaces with the real (unpublished) format.
DEFAULT_PASS_NUMBER_PATTERN = r"^[0-9]{6,12}$"  # noqa: S105 (a format, not a secret)


class PassNumberRule(models.Model):
    """The pattern a pass number must match; kept by administrators, never in the code."""

    pattern = models.CharField(
        "patroon (reguliere expressie)",
        max_length=200,
        default=DEFAULT_PASS_NUMBER_PATTERN,
        help_text="Bijvoorbeeld ^[0-9]{10}$ voor precies 10 cijfers.",
    )
    description = models.CharField(
        "uitleg voor medewerkers", max_length=200, default="6 tot 12 cijfers"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "regel voor pasnummers"
        verbose_name_plural = "regel voor pasnummers"

    def __str__(self):
        return self.description

    def clean(self):
        try:
            re.compile(self.pattern)
        except re.error as error:
            raise ValidationError({"pattern": f"Dit patroon klopt niet: {error}."}) from error

    @classmethod
    def current(cls):
        return cls.objects.order_by("-updated_at").first() or cls()


class PassHolder(models.Model):
    """A child in an Ooievaarspas household, as the pass administration delivers it.

    Only what the voucher scheme needs: no BSN (UAVG art. 46); identified by pass number.
    """

    pass_number = models.CharField("pasnummer", max_length=20, unique=True)
    household_number = models.CharField("huishoudnummer", max_length=20, db_index=True)
    name = models.CharField("naam", max_length=200)
    date_of_birth = models.DateField("geboortedatum")
    postcode = models.CharField("postcode", max_length=7)
    house_number = models.CharField("huisnummer", max_length=10)
    valid_from = models.DateField("geldig vanaf")
    valid_until = models.DateField("geldig tot en met")
    active = models.BooleanField(
        "in het laatste bestand",
        default=True,
        help_text="Uit: stond niet meer in het laatste bestand; vouchers zijn niet te besteden.",
    )
    last_import = models.ForeignKey(
        "PassHolderImport", on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pashouder"
        verbose_name_plural = "pashouders"
        ordering = ["pass_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="pass_validity_order"
            )
        ]

    def __str__(self):
        return self.pass_number


def import_path(instance, filename):
    return f"pashouders/{instance.sha256}{instance.suffix}"


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", "geüpload"
    CHECKING = "checking", "wordt gecontroleerd"
    CHECKED = "checked", "gecontroleerd"
    IMPORTING = "importing", "wordt ingelezen"
    DONE = "done", "ingelezen"
    FAILED = "failed", "mislukt"


class PassHolderImport(FSMModelMixin, models.Model):
    """One delivery of the pass administration: first a dry run, then the import itself."""

    original_name = models.CharField("bestandsnaam", max_length=200)
    suffix = models.CharField(max_length=5)
    sha256 = models.CharField("controlegetal", max_length=64, db_index=True)
    file = models.FileField(upload_to=import_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(
        "status",
        max_length=10,
        choices=ImportState.choices,
        default=ImportState.UPLOADED,
        protected=True,
    )
    skip_invalid = models.BooleanField("ongeldige regels overslaan", default=False)
    total_rows = models.PositiveIntegerField("regels", default=0)
    processed_rows = models.PositiveIntegerField("verwerkt", default=0)
    counts = models.JSONField("aantallen", default=dict)
    problems = models.JSONField("ongeldige regels", default=list)
    changes = models.JSONField("wijzigingen (voorbeeld)", default=list)
    message = models.TextField("melding", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import van pashouders"
        verbose_name_plural = "imports van pashouders"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def progress(self):
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @transition(field=state, source=ImportState.UPLOADED, target=ImportState.CHECKING)
    def start_check(self):
        pass

    @transition(field=state, source=ImportState.CHECKING, target=ImportState.CHECKED)
    def finish_check(self, counts, problems, changes):
        self.counts, self.problems, self.changes = counts, problems, changes

    @transition(field=state, source=ImportState.CHECKED, target=ImportState.IMPORTING)
    def start_import(self, skip_invalid):
        self.skip_invalid = skip_invalid
        self.processed_rows = 0

    @transition(field=state, source=ImportState.IMPORTING, target=ImportState.DONE)
    def finish_import(self, counts, moment):
        self.counts = counts
        self.finished_at = moment

    @transition(
        field=state,
        source=[ImportState.CHECKING, ImportState.IMPORTING],
        target=ImportState.FAILED,
    )
    def fail(self, message):
        self.message = message


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


class VoucherState(models.TextChoices):
    ISSUED = "issued", "uitgegeven"
    ACTIVE = "active", "geactiveerd"
    EXHAUSTED = "exhausted", "op"
    EXPIRED = "expired", "verlopen"
    REVOKED = "revoked", "ingetrokken"


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

    # Every state change, with who and when (the voucher row holds no personal data).
    history = audited_history()

    class Meta:
        verbose_name = "voucher"
        verbose_name_plural = "vouchers"
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
    )
    def revoke(self):
        self.balance = Decimal("0.00")


class EntryKind(models.TextChoices):
    ISSUE = "issue", "uitgegeven"
    SESSION = "session", "begeleiding"
    CORRECTION = "correction", "correctie"
    EXPIRY = "expiry", "verlopen"


class VoucherEntry(models.Model):
    """A line of a voucher's ledger: the balance is always the sum of these lines."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="entries")
    session = models.ForeignKey(
        "Session", on_delete=models.PROTECT, related_name="entries", null=True, blank=True
    )
    kind = models.CharField("soort", max_length=12, choices=EntryKind.choices)
    amount = models.DecimalField("bedrag (€)", max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "voucherboeking"
        verbose_name_plural = "voucherboekingen"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} € {self.amount}"


class ParentAccount(models.Model):
    """A parent's login, tied to one household of the pass administration."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parent_account"
    )
    household_number = models.CharField("huishoudnummer", max_length=20, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ouderaccount"
        verbose_name_plural = "ouderaccounts"

    def __str__(self):
        return f"{self.user} ({self.household_number})"

    def vouchers(self):
        return Voucher.objects.filter(
            pass_holder__household_number=self.household_number,
            state__in=[VoucherState.ACTIVE, VoucherState.EXHAUSTED],
        ).select_related("pass_holder", "terms__scheme")


class ActivationAttempt(models.Model):
    """Failed activations per address, to slow down guessing (no personal data kept)."""

    ip_address = models.GenericIPAddressField(db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "mislukte activering"
        verbose_name_plural = "mislukte activeringen"

    def __str__(self):
        return f"{self.ip_address} {self.at:%Y-%m-%d %H:%M}"


class AdmissionState(models.TextChoices):
    REQUESTED = "requested", "aangevraagd"
    ADMITTED = "admitted", "toegelaten"
    REFUSED = "refused", "geweigerd"
    SUSPENDED = "suspended", "geschorst"


class Admission(FSMModelMixin, models.Model):
    """A provider's admission to a voucher scheme: its rate and where vouchers can be used."""

    terms = models.ForeignKey(
        VoucherTerms, verbose_name="regeling", on_delete=models.PROTECT, related_name="admissions"
    )
    provider = models.ForeignKey(
        "subsidie.Organisation",
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
        "subsidie.Location", verbose_name="locaties", related_name="voucher_admissions"
    )
    state = FSMField(
        "status",
        max_length=10,
        choices=AdmissionState.choices,
        default=AdmissionState.REQUESTED,
        protected=True,
    )
    reason = models.TextField("toelichting bij het besluit", blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    history = audited_history()

    class Meta:
        verbose_name = "toelating van een aanbieder"
        verbose_name_plural = "toelatingen van aanbieders"
        constraints = [
            models.UniqueConstraint(fields=["terms", "provider"], name="one_admission_each"),
            models.CheckConstraint(
                condition=Q(hourly_rate__gt=0, hourly_rate__lte=Decimal("10")),
                name="admission_rate_low_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.provider} ({self.get_state_display()})"

    @transition(field=state, source=AdmissionState.REQUESTED, target=AdmissionState.ADMITTED)
    def admit(self, reason):
        self.reason = reason

    @transition(field=state, source=AdmissionState.REQUESTED, target=AdmissionState.REFUSED)
    def refuse(self, reason):
        self.reason = reason

    @transition(field=state, source=AdmissionState.ADMITTED, target=AdmissionState.SUSPENDED)
    def suspend(self, reason):
        self.reason = reason


class EnrolmentState(models.TextChoices):
    REQUESTED = "requested", "aangevraagd"
    ACCEPTED = "accepted", "geaccepteerd"
    WAITLISTED = "waitlisted", "op de wachtlijst"
    DECLINED = "declined", "afgewezen"
    ACTIVE = "active", "loopt"
    ENDED = "ended", "gestopt"


OPEN_ENROLMENT = [
    EnrolmentState.REQUESTED,
    EnrolmentState.ACCEPTED,
    EnrolmentState.WAITLISTED,
    EnrolmentState.ACTIVE,
]


class Enrolment(FSMModelMixin, models.Model):
    """A child's place with an admitted provider, asked for by the parent."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="enrolments")
    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="enrolments")
    location = models.ForeignKey(
        "subsidie.Location", verbose_name="locatie", on_delete=models.PROTECT
    )
    state = FSMField(
        "status",
        max_length=10,
        choices=EnrolmentState.choices,
        default=EnrolmentState.REQUESTED,
        protected=True,
    )
    note = models.TextField("bericht aan de ouder", blank=True)
    referred_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
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
    )
    def accept(self, note=""):
        self.note = note

    @transition(field=state, source=EnrolmentState.REQUESTED, target=EnrolmentState.WAITLISTED)
    def waitlist(self, note=""):
        self.note = note

    @transition(
        field=state,
        source=[EnrolmentState.REQUESTED, EnrolmentState.WAITLISTED],
        target=EnrolmentState.DECLINED,
    )
    def decline(self, note=""):
        self.note = note

    @transition(field=state, source=EnrolmentState.ACCEPTED, target=EnrolmentState.ACTIVE)
    def start(self):
        pass

    @transition(
        field=state,
        source=[EnrolmentState.ACCEPTED, EnrolmentState.ACTIVE],
        target=EnrolmentState.ENDED,
    )
    def end(self, note=""):
        self.note = note


class Session(models.Model):
    """Hours of homework support for one child on one day, drawn from the voucher."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="sessions")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="sessions")
    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="sessions")
    day = models.DateField("datum")
    hours = models.DecimalField("uren", max_digits=4, decimal_places=2)
    rate = models.DecimalField("uurtarief (€)", max_digits=5, decimal_places=2)
    amount = models.DecimalField("bedrag (€)", max_digits=8, decimal_places=2)
    idempotency_key = models.CharField("sleutel", max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    reversed_at = models.DateTimeField("teruggedraaid", null=True, blank=True)
    reversal_reason = models.CharField("reden", max_length=300, blank=True)
    declaration = models.ForeignKey(
        "Declaration", on_delete=models.PROTECT, related_name="sessions", null=True, blank=True
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


class ApiToken(models.Model):
    """A provider's key for its own systems. Only a hash is stored; the key is shown once."""

    provider = models.ForeignKey(
        "subsidie.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField("begin van de sleutel", max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField("ingetrokken", null=True, blank=True)

    class Meta:
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.provider})"


class DeclarationState(models.TextChoices):
    DRAFT = "draft", "concept"
    SUBMITTED = "submitted", "ingediend"
    APPROVED = "approved", "goedgekeurd"
    REJECTED = "rejected", "afgewezen"
    BATCHED = "batched", "in betaalbatch"
    PAID = "paid", "betaald"


class Declaration(FSMModelMixin, models.Model):
    """A provider's claim for one month's sessions under one admission."""

    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="declarations")
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reason = models.TextField("toelichting", blank=True)
    batch = models.ForeignKey(
        "subsidie.PaymentBatch",
        on_delete=models.PROTECT,
        related_name="declarations",
        null=True,
        blank=True,
    )
    history = audited_history()

    class Meta:
        verbose_name = "declaratie"
        verbose_name_plural = "declaraties"
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

    @transition(field=state, source=DeclarationState.DRAFT, target=DeclarationState.SUBMITTED)
    def submit(self, moment, total):
        self.submitted_at, self.total = moment, total

    @transition(field=state, source=DeclarationState.SUBMITTED, target=DeclarationState.APPROVED)
    def approve(self, actor, reason=""):
        self.decided_by, self.reason = actor, reason

    @transition(field=state, source=DeclarationState.SUBMITTED, target=DeclarationState.REJECTED)
    def reject(self, actor, reason):
        self.decided_by, self.reason = actor, reason

    @transition(field=state, source=DeclarationState.APPROVED, target=DeclarationState.BATCHED)
    def add_to_batch(self, batch):
        self.batch = batch

    @transition(field=state, source=DeclarationState.BATCHED, target=DeclarationState.PAID)
    def mark_paid(self):
        pass


class PostcodeArea(models.Model):
    """Which district a 4-digit postcode area lies in, from CBS data loaded by administrators;
    it places pass holders (who come with a postcode only) in a district for monitoring."""

    postcode = models.CharField("postcode (4 cijfers)", max_length=4, unique=True)
    district = models.ForeignKey(
        "subsidie.District", verbose_name="wijk", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "postcodegebied"
        verbose_name_plural = "postcodegebieden"
        ordering = ["postcode"]

    def __str__(self):
        return f"{self.postcode}: {self.district}"
