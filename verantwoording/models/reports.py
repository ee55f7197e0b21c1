"""The yearly accountability report (verantwoording) of an award, by its tier: an activity
report, and from the scheme's limit also a financial report with an auditor's statement."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from kern.models import District, TransitionLog
from subsidie.choices import AccountabilityTier
from subsidie.models import Award, BudgetLine
from verantwoording.choices import Measure, ReportState

OPEN_STATES = (
    ReportState.DUE,
    ReportState.OVERDUE,
    ReportState.SUBMITTED,
    ReportState.CHANGES_REQUESTED,
)
# States in which the recipient fills in the report.
EDITABLE_STATES = (ReportState.DUE, ReportState.OVERDUE, ReportState.CHANGES_REQUESTED)


class Report(FSMModelMixin, models.Model):
    award = models.ForeignKey(
        Award, verbose_name="verlening", on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField("jaar")
    tier = models.CharField("verantwoording", max_length=15, choices=AccountabilityTier.choices)
    due_date = models.DateField("indienen vóór")
    is_final = models.BooleanField(
        "laatste jaar",
        default=False,
        help_text="Het verslag van het laatste jaar sluit de hele verlening af.",
    )
    state = FSMField(
        "status",
        max_length=10,
        choices=ReportState.choices,
        default=ReportState.DUE,
        protected=True,
    )
    school_cooperation = models.TextField("samenwerking met scholen", blank=True)
    all_supervisors_have_vog = models.BooleanField("alle begeleiders hadden een VOG", default=False)
    summary = models.TextField(
        "wat ging goed, wat niet?", blank=True, help_text="Een korte toelichting in eigen woorden."
    )
    submitted_at = models.DateTimeField("ingediend op", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingediend door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    review_message = models.TextField("bericht van de beoordelaar", blank=True)
    reminded_on = models.DateField("laatste herinnering", null=True, blank=True)

    transitions = GenericRelation(TransitionLog)

    class Meta:
        verbose_name = "verantwoording"
        verbose_name_plural = "verantwoordingen"
        ordering = ["due_date", "pk"]
        permissions = [("review_report", "Verantwoordingen beoordelen")]
        constraints = [
            models.UniqueConstraint(fields=["award", "year"], name="one_report_a_year"),
        ]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self):
        return f"Verantwoording {self.year} van {self.award.decision.reference}"

    @property
    def needs_financial_report(self):
        return self.tier == AccountabilityTier.FULL

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @transition(
        field=state,
        source=ReportState.DUE,
        target=ReportState.OVERDUE,
        permission="verantwoording.review_report",
    )
    def become_overdue(self):
        """The due date passed without a report."""

    @transition(
        field=state,
        source=list(EDITABLE_STATES),
        target=ReportState.SUBMITTED,
        permission="verantwoording.act_for_report",
    )
    def submit(self, actor, moment):
        self.submitted_by = actor
        self.submitted_at = moment

    @transition(
        field=state,
        source=ReportState.SUBMITTED,
        target=ReportState.CHANGES_REQUESTED,
        permission="verantwoording.review_report",
    )
    def request_changes(self, message):
        self.review_message = message

    @transition(
        field=state,
        source=ReportState.SUBMITTED,
        target=ReportState.ACCEPTED,
        permission="verantwoording.review_report",
    )
    def accept(self):
        self.review_message = ""

    @transition(
        field=state,
        source=ReportState.SUBMITTED,
        target=ReportState.REJECTED,
        permission="verantwoording.review_report",
    )
    def reject(self, message):
        self.review_message = message


class ReportFigure(models.Model):
    """One measure of the activity plan: what was planned, what was realised, and why they
    differ where the difference is larger than the scheme allows without explanation."""

    report = models.ForeignKey(
        Report, verbose_name="verantwoording", on_delete=models.CASCADE, related_name="figures"
    )
    measure = models.CharField("onderdeel", max_length=12, choices=Measure.choices)
    planned = models.DecimalField("gepland", max_digits=8, decimal_places=1)
    realised = models.DecimalField(
        "gerealiseerd", max_digits=8, decimal_places=1, null=True, blank=True
    )
    explanation = models.TextField("uitleg bij de afwijking", blank=True)

    class Meta:
        verbose_name = "cijfer"
        verbose_name_plural = "cijfers"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="one_figure_a_measure"),
            models.CheckConstraint(condition=Q(realised__gte=0), name="realised_not_negative"),
        ]

    def __str__(self):
        return self.get_measure_display()

    def deviation(self):
        """The difference in percent of the plan, or None while nothing is filled in."""
        if self.realised is None:
            return None
        if not self.planned:
            return 0 if not self.realised else 100
        return abs(self.realised - self.planned) * 100 / self.planned


class ReportDistrict(models.Model):
    """Pupils reached in one district: the municipality's monitoring counts them per wijk."""

    report = models.ForeignKey(
        Report, verbose_name="verantwoording", on_delete=models.CASCADE, related_name="districts"
    )
    district = models.ForeignKey(
        District, verbose_name="wijk", on_delete=models.PROTECT, related_name="+"
    )
    pupils = models.PositiveIntegerField("bereikte leerlingen", null=True, blank=True)

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        ordering = ["district__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "district"], name="one_row_a_district"),
        ]

    def __str__(self):
        return str(self.district)


class ReportCost(models.Model):
    """The financial report: what was realised against each line of the awarded budget."""

    report = models.ForeignKey(
        Report, verbose_name="verantwoording", on_delete=models.CASCADE, related_name="costs"
    )
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name="begrotingsregel", on_delete=models.PROTECT, related_name="+"
    )
    realised = models.DecimalField(
        "gerealiseerd (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "financiële regel"
        verbose_name_plural = "financiële regels"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(realised__gte=0), name="cost_not_negative"),
        ]

    def __str__(self):
        return str(self.budget_line)


def attachment_path(instance, filename):
    return f"verantwoording/{instance.report_id}/{uuid.uuid4().hex}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        Report, verbose_name="verantwoording", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("bestand", upload_to=attachment_path)
    original_name = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField("bestandstype", max_length=100)
    description = models.CharField("wat is dit?", max_length=200)
    is_auditor_statement = models.BooleanField("accountantsverklaring", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geüpload door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("geüpload op", auto_now_add=True)

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
