"""Print runs: the household letters of a voucher round, rendered in parts for the mail
house."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from vouchers.choices import PrintRunState

LETTERS_PER_FILE = 1000


def print_path(instance, filename):
    run = instance if isinstance(instance, PrintRun) else instance.run
    return f"brieven/{run.pk}/{filename}"


class PrintRun(FSMModelMixin, models.Model):
    """One job that prints the letters for many households: the households are fixed when
    it starts, then each part of at most LETTERS_PER_FILE letters becomes one PDF file, and
    the last part to finish writes the mail house's list."""

    terms = models.ForeignKey(
        "vouchers.VoucherTerms",
        verbose_name="regeling",
        on_delete=models.PROTECT,
        related_name="print_runs",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="gestart door", on_delete=models.PROTECT
    )
    started_at = models.DateTimeField("gestart", auto_now_add=True)
    letter_date = models.DateField("datum op de brieven")
    state = FSMField(
        "status",
        max_length=10,
        choices=PrintRunState.choices,
        default=PrintRunState.PRINTING,
        protected=True,
    )
    # In print order; a household's place in this list is its letter's number.
    households = models.JSONField("huishoudens", default=list)
    missing_address = models.JSONField("huishoudens zonder adres", default=list)
    letters_done = models.PositiveIntegerField("brieven klaar", default=0)
    progress_at = models.DateTimeField("laatste voortgang", default=timezone.now)
    message = models.TextField("melding", blank=True)
    finished_at = models.DateTimeField("klaar", null=True, blank=True)
    mail_list = models.FileField("verzendlijst", upload_to=print_path, blank=True)

    class Meta:
        verbose_name = "printopdracht"
        verbose_name_plural = "printopdrachten"
        ordering = ["-started_at"]

    def __str__(self):
        return f"Printopdracht {self.pk} ({self.get_state_display()})"

    @property
    def parts(self):
        return -(-len(self.households) // LETTERS_PER_FILE)

    @property
    def progress(self):
        total = len(self.households)
        return round(100 * self.letters_done / total) if total else 100

    def reference(self, number):
        """The letter's reference (kenmerk): round, run and place in the run."""
        return f"V{self.terms_id}-{self.pk}-{number:05d}"

    @transition(
        field=state,
        source=PrintRunState.PRINTING,
        target=PrintRunState.DONE,
        permission="vouchers.issue_vouchers",
    )
    def finish(self):
        pass

    @transition(
        field=state,
        source=PrintRunState.PRINTING,
        target=PrintRunState.FAILED,
        permission="vouchers.issue_vouchers",
    )
    def fail(self, message):
        self.message = message

    @transition(
        field=state,
        source=PrintRunState.FAILED,
        target=PrintRunState.PRINTING,
        permission="vouchers.issue_vouchers",
    )
    def retry(self):
        self.message = ""
        self.progress_at = timezone.now()


class PrintFile(models.Model):
    """One finished part of a print run (a PDF), or the run's list for the mail house."""

    run = models.ForeignKey(
        PrintRun, on_delete=models.CASCADE, related_name="files", verbose_name="printopdracht"
    )
    part = models.PositiveIntegerField("deel")
    file = models.FileField(upload_to=print_path, verbose_name="bestand")
    letters = models.PositiveIntegerField("brieven", default=0)
    # The mail house's lines of this part's letters, joined into one list at the end.
    lines = models.JSONField(default=list, verbose_name="regels voor het postbedrijf")

    class Meta:
        verbose_name = "printbestand"
        verbose_name_plural = "printbestanden"
        ordering = ["part"]
        constraints = [
            models.UniqueConstraint(fields=["run", "part"], name="one_file_per_part"),
        ]

    def __str__(self):
        return self.file.name
