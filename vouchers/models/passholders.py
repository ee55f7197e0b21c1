"""Pass holders as the pass administration delivers them, and each delivery's import."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from vouchers.choices import (
    ImportState,
)

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
    updated_at = models.DateTimeField(auto_now=True, verbose_name="bijgewerkt op")

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
    # Empty once the retention period ended (vouchers.services.retention).
    date_of_birth = models.DateField("geboortedatum", null=True, blank=True)
    postcode = models.CharField("postcode", max_length=7)
    house_number = models.CharField("huisnummer", max_length=10)
    # Optional in the file; the household letters need them for the post.
    street = models.CharField("straat", max_length=100, blank=True)
    city = models.CharField("woonplaats", max_length=60, blank=True)
    valid_from = models.DateField("geldig vanaf")
    valid_until = models.DateField("geldig tot en met")
    active = models.BooleanField(
        "in het laatste bestand",
        default=True,
        help_text="Uit: stond niet meer in het laatste bestand; vouchers zijn niet te besteden.",
    )
    last_import = models.ForeignKey(
        "PassHolderImport",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="laatste import",
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="bijgewerkt op")
    anonymised_at = models.DateTimeField("geanonimiseerd op", null=True, blank=True)

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


class PassHolderImport(FSMModelMixin, models.Model):
    """One delivery of the pass administration: first a dry run, then the import itself."""

    original_name = models.CharField("bestandsnaam", max_length=200)
    suffix = models.CharField(max_length=5, verbose_name="bestandssoort")
    sha256 = models.CharField("controlegetal", max_length=64, db_index=True)
    file = models.FileField(upload_to=import_path, verbose_name="bestand")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="geüpload door"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="geüpload op")
    state = FSMField(
        "status",
        max_length=10,
        choices=ImportState.choices,
        default=ImportState.UPLOADED,
        protected=True,
    )
    skip_invalid = models.BooleanField("ongeldige regels overslaan", default=False)
    allow_mass_gone = models.BooleanField("veel vertrokken pashouders bevestigd", default=False)
    # The pass holders as the dry run saw them; the import writes only if they still are.
    checked_against = models.CharField(max_length=100, blank=True, verbose_name="vergeleken met")
    step_started_at = models.DateTimeField("stap begonnen", null=True, blank=True)
    total_rows = models.PositiveIntegerField("regels", default=0)
    processed_rows = models.PositiveIntegerField("verwerkt", default=0)
    counts = models.JSONField("aantallen", default=dict)
    problems = models.JSONField("ongeldige regels", default=list)
    changes = models.JSONField("wijzigingen (voorbeeld)", default=list)
    message = models.TextField("melding", blank=True)
    # When columns were missing: the file's headings and the columns not found, for the
    # page on which the administrator says which heading is which column.
    headings = models.JSONField("kolomnamen in het bestand", default=list)
    missing_columns = models.JSONField("ontbrekende kolommen", default=list)
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="klaar op")

    class Meta:
        verbose_name = "import van pashouders"
        verbose_name_plural = "imports van pashouders"
        permissions = [
            ("import_passholders", "Bestanden met pashouders inlezen"),
        ]
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def progress(self):
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @transition(field=state, source=ImportState.UPLOADED, target=ImportState.CHECKING)
    def start_check(self):
        self.step_started_at = timezone.now()

    @transition(field=state, source=ImportState.CHECKING, target=ImportState.CHECKED)
    def finish_check(self, analysis):
        self._take(analysis)

    @transition(field=state, source=ImportState.IMPORTING, target=ImportState.CHECKED)
    def recheck(self, analysis):
        """The pass holders changed since the dry run: nothing was written; the page shows
        the new numbers to confirm again."""
        self._take(analysis)
        self.message = (
            "De pashouders of de regels om het bestand te lezen (pasnummer, kolomnamen) zijn "
            "veranderd sinds de controle. Er is niets ingelezen. Bekijk de nieuwe aantallen en "
            "bevestig opnieuw."
        )

    def _take(self, analysis):
        self.counts, self.problems, self.changes = (
            analysis.counts,
            analysis.problems,
            analysis.sample,
        )
        self.checked_against = analysis.fingerprint

    @transition(
        field=state,
        source=ImportState.CHECKED,
        target=ImportState.IMPORTING,
        permission="vouchers.import_passholders",
    )
    def start_import(self, skip_invalid, allow_mass_gone=False):
        self.skip_invalid, self.allow_mass_gone = skip_invalid, allow_mass_gone
        self.processed_rows = 0
        self.message = ""
        self.step_started_at = timezone.now()

    @transition(field=state, source=ImportState.IMPORTING, target=ImportState.DONE)
    def finish_import(self, counts, moment):
        self.counts = counts
        self.finished_at = moment

    @transition(
        field=state,
        source=[ImportState.UPLOADED, ImportState.CHECKING, ImportState.IMPORTING],
        target=ImportState.FAILED,
    )
    def fail(self, message, headings=(), missing=()):
        self.message = message
        self.headings, self.missing_columns = list(headings), list(missing)

    @transition(
        field=state,
        source=ImportState.FAILED,
        target=ImportState.UPLOADED,
        permission="vouchers.import_passholders",
    )
    def retry(self):
        """A failed check or import starts again from the stored file; nothing was written."""
        self.message, self.headings, self.missing_columns = "", [], []
        self.processed_rows = 0


class ColumnMapping(models.Model):
    """A heading of the pass office's own file and the column it holds, as an administrator
    said once; every later file with that heading is read the same way."""

    heading = models.CharField("kolomnaam (alleen letters)", max_length=100, unique=True)
    column = models.CharField("kolom", max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="gemaakt door"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="gemaakt op")

    class Meta:
        verbose_name = "kolomnaam van de pasadministratie"
        verbose_name_plural = "kolomnamen van de pasadministratie"

    def __str__(self):
        return f"{self.heading} → {self.column}"


class PostcodeArea(models.Model):
    """Which district a 4-digit postcode area lies in, from CBS data loaded by administrators;
    it places pass holders (who come with a postcode only) in a district for monitoring."""

    postcode = models.CharField("postcode (4 cijfers)", max_length=4, unique=True)
    district = models.ForeignKey(
        "kern.District", verbose_name="wijk", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "postcodegebied"
        verbose_name_plural = "postcodegebieden"
        ordering = ["postcode"]

    def __str__(self):
        return f"{self.postcode}: {self.district}"
