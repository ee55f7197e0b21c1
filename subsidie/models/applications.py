"""Applications (aanvragen), with their budget, attachments and requests for information."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from besluiten.choices import HearingPurpose
from besluiten.models import Hearing
from kern.choices import OrganisationKind, Weekday
from kern.models import ChoiceListField, Location, Organisation, TransitionLog
from kern.money import euro
from subsidie.choices import (
    ApplicationState,
    BudgetLineKind,
    Outcome,
    WorkingModel,
)
from subsidie.models.schemes import Scheme

OPEN_STATES = (
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.INCOMPLETE,
    ApplicationState.IN_REVIEW,
    ApplicationState.PROPOSED,
)

# What a reviewer still has to act on.
REVIEW_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.INCOMPLETE,
    ApplicationState.IN_REVIEW,
    ApplicationState.PROPOSED,
)


# States in which the decision term runs: while incomplete only once the repair term has
# lapsed (until then `suspended_since` is set).
_RUNNING_TERM_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.INCOMPLETE,
    ApplicationState.IN_REVIEW,
    ApplicationState.PROPOSED,
)


class ApplicationQuerySet(models.QuerySet):
    def for_member(self, user):
        return self.filter(organisation__in=Organisation.objects.for_member(user))

    def decision_terms_ending(self, until):
        """Running decision terms (not suspended) that end on or before the given day."""
        return self.filter(
            state__in=_RUNNING_TERM_STATES, suspended_since__isnull=True, decision_due__lte=until
        )


class Application(FSMModelMixin, models.Model):
    """An aanvraag. The state machine below is the only way its state changes."""

    reference = models.CharField("kenmerk", max_length=20, unique=True, null=True, blank=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name="regeling", on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="aanvrager",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    state = FSMField(
        "status",
        max_length=15,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        protected=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gemaakt door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd", auto_now=True)

    # Activity plan (seed 000 appendix 1; working models of seed 001).
    title = models.CharField("naam van het project", max_length=200)
    working_model = models.CharField(
        "werkwijze", max_length=20, choices=WorkingModel.choices, blank=True
    )
    goal = models.TextField("wat wilt u bereiken?", blank=True)
    target_group = models.TextField(
        "voor welke leerlingen?",
        blank=True,
        help_text="Bijv. leerjaar, niveau, leerlingen met een Ooievaarspas.",
    )
    provider = models.ForeignKey(
        Organisation,
        verbose_name="aanbieder die de begeleiding geeft",
        on_delete=models.PROTECT,
        related_name="provided_applications",
        null=True,
        blank=True,
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
    )
    locations = models.ManyToManyField(Location, verbose_name="locaties", blank=True)
    period_start = models.DateField("begindatum", null=True, blank=True)
    period_end = models.DateField("einddatum", null=True, blank=True)
    days = ChoiceListField("dagen", choices_class=Weekday)
    hours_per_week = models.DecimalField(
        "uren per week", max_digits=4, decimal_places=1, null=True, blank=True
    )
    weeks_per_year = models.PositiveSmallIntegerField(
        "weken per jaar", null=True, blank=True, validators=[MaxValueValidator(52)]
    )
    pupils_per_week = models.PositiveIntegerField("leerlingen per week", null=True, blank=True)
    school_cooperation = models.TextField("samenwerking met scholen", blank=True)
    paid_supervisors = models.PositiveSmallIntegerField(
        "betaalde begeleiders", null=True, blank=True
    )
    volunteers = models.PositiveSmallIntegerField("vrijwilligers", null=True, blank=True)
    all_supervisors_have_vog = models.BooleanField("alle begeleiders hebben een VOG", default=False)
    training = models.TextField("scholing van begeleiders", blank=True)

    requested_amount = models.DecimalField(
        "gevraagd bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    declaration_accepted = models.BooleanField("verklaring ondertekend", default=False)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ondertekend door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    # Awb title 4.1 terms: received_at starts the decision term; it is suspended while an
    # information request is open (Awb 4:15); complete_at orders first-come-first-served.
    received_at = models.DateTimeField("ontvangen", null=True, blank=True)
    complete_at = models.DateTimeField("compleet ontvangen", null=True, blank=True)
    decision_due = models.DateField("uiterste beslisdatum", null=True, blank=True)
    suspended_since = models.DateField("termijn opgeschort sinds", null=True, blank=True)
    term_extended = models.BooleanField("beslistermijn verlengd", default=False)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="beoordelaar",
        on_delete=models.PROTECT,
        related_name="assigned_applications",
        null=True,
        blank=True,
    )

    proposed_outcome = models.CharField(
        "voorgesteld besluit", max_length=15, choices=Outcome.choices, blank=True
    )
    proposed_amount = models.DecimalField(
        "voorgesteld bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    proposal_reasoning = models.TextField("motivering", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="voorgesteld door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    transitions = GenericRelation(TransitionLog)
    decisions = GenericRelation("besluiten.Decision", related_query_name="application")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "aanvraag"
        verbose_name_plural = "aanvragen"
        permissions = [
            ("review_application", "Aanvragen beoordelen"),
            ("assign_application", "Aanvragen toewijzen aan een beoordelaar"),
            ("decide_application", "Op aanvragen besluiten"),
        ]
        ordering = ["-created_at"]
        # The work queue sorts by term, then by completeness, across states.
        indexes = [
            models.Index(fields=["state", "decision_due"]),
            models.Index(fields=["decision_due", "complete_at", "id"], name="queue_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gt=0),
                name="application_amount_positive",
            )
        ]

    def __str__(self):
        return f"{self.reference or 'concept'} – {self.title}"

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def term_can_be_extended(self):
        return (
            not self.term_extended
            and self.decision_due is not None
            and self.state in _RUNNING_TERM_STATES
        )

    @property
    def is_editable_by_applicant(self):
        return self.state in (ApplicationState.DRAFT, ApplicationState.INCOMPLETE)

    def total(self, kind):
        return sum(
            (line.amount for line in self.budget_lines.all() if line.kind == kind), Decimal(0)
        )

    @property
    def total_costs(self):
        return self.total(BudgetLineKind.COST)

    @property
    def total_income(self):
        return self.total(BudgetLineKind.INCOME)

    def completeness_errors(self):
        """What is still missing before the application can be handled, in plain Dutch."""
        missing = [
            label
            for field, label in _REQUIRED_FOR_SUBMISSION
            if getattr(self, field) in (None, "", [])
        ]
        errors = [f"Vul nog in: {label}." for label in missing]
        if self.scheme.needs_provider and self.provider_id is None:
            errors.append("Kies de aanbieder die de huiswerkbegeleiding geeft.")
        if not self.locations.exists():
            errors.append("Kies minstens één locatie.")
        errors.extend(self._period_errors())
        errors.extend(self._budget_errors())
        if not self.declaration_accepted:
            errors.append("Onderteken de verklaring.")
        return errors

    def _period_errors(self):
        if not (self.period_start and self.period_end):
            return []
        if self.period_end <= self.period_start:
            return ["De einddatum moet na de begindatum liggen."]
        years = set(range(self.period_start.year, self.period_end.year + 1))
        missing = sorted(years - set(self.scheme.budgets.values_list("year", flat=True)))
        if missing:
            return [
                "Deze regeling heeft geen budget voor "
                + ", ".join(str(year) for year in missing)
                + ". Kies een periode binnen de jaren van de regeling."
            ]
        return []

    def _budget_errors(self):
        if self.requested_amount is None:
            return []
        errors = []
        if self.total_costs <= 0:
            errors.append("Vul de begroting in: minstens één kostenpost.")
        elif self.requested_amount > self.total_costs - self.total_income:
            errors.append(
                "Het gevraagde bedrag is hoger dan de kosten min de andere inkomsten "
                f"({euro(self.total_costs - self.total_income)})."
            )
        if self.requested_amount > self.scheme.max_amount:
            errors.append(
                f"U kunt bij deze regeling hooguit {euro(self.scheme.max_amount)} aanvragen."
            )
        return errors

    # --- the state machine -------------------------------------------------------------

    @transition(
        field=state,
        source=ApplicationState.DRAFT,
        target=ApplicationState.SUBMITTED,
        permission="subsidie.act_for_application",
    )
    def submit(self, moment):
        self.received_at = moment
        self.complete_at = moment
        # Awb 4:13: the term runs from the day of receipt in The Hague, not in UTC.
        received_on = timezone.localdate(moment)
        self.decision_due = received_on + timedelta(weeks=self.scheme.decision_term_weeks)

    @transition(
        field=state,
        source=[ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW],
        target=ApplicationState.INCOMPLETE,
        permission="subsidie.review_application",
    )
    def request_information(self, moment):
        self.complete_at = None
        self.suspended_since = timezone.localdate(moment)

    @transition(
        field=state,
        source=ApplicationState.INCOMPLETE,
        target=ApplicationState.SUBMITTED,
        permission="subsidie.act_for_application",
    )
    def resubmit(self, moment):
        if self.suspended_since:  # late repairs come after the term already runs again
            self.end_suspension(timezone.localdate(moment))
        self.complete_at = moment

    def end_suspension(self, day):
        """Awb 4:15: the decision term stood still from the request until `day`."""
        self.decision_due += timedelta(days=(day - self.suspended_since).days)
        self.suspended_since = None

    @transition(
        field=state,
        source=ApplicationState.INCOMPLETE,
        target=ApplicationState.IN_REVIEW,
        conditions=[lambda application: application.repair_term_passed()],
        permission="subsidie.review_application",
    )
    def review_as_is(self):
        """The repair term lapsed: the reviewer decides on what is there."""

    @transition(
        field=state,
        source=ApplicationState.SUBMITTED,
        target=ApplicationState.IN_REVIEW,
        permission="subsidie.review_application",
    )
    def start_review(self):
        pass

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=ApplicationState.WITHDRAWN,
        permission="subsidie.act_for_application",
    )
    def withdraw(self):
        self.suspended_since = None

    @transition(
        field=state,
        source=ApplicationState.IN_REVIEW,
        target=ApplicationState.PROPOSED,
        permission="subsidie.handle_application",
    )
    def propose(self, actor, outcome, amount, reasoning):
        self.proposed_by = actor
        self.proposed_outcome = outcome
        self.proposed_amount = amount if outcome == Outcome.GRANT else None
        self.proposal_reasoning = reasoning

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.IN_REVIEW,
        permission="subsidie.decide_application",
    )
    def return_to_review(self):
        self.proposed_by = None
        self.proposed_outcome = ""
        self.proposed_amount = None

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.GRANTED,
        conditions=[lambda application: application.proposed_outcome == Outcome.GRANT],
        permission="subsidie.decide_application",
    )
    def grant(self):
        pass

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.REJECTED,
        conditions=[
            lambda application: application.proposed_outcome == Outcome.REJECT,
            lambda application: application.refusal_heard(),
        ],
        permission="subsidie.decide_application",
    )
    def reject(self):
        pass

    @transition(
        field=state,
        source=[ApplicationState.REJECTED, ApplicationState.NOT_PROCESSED],
        target=ApplicationState.GRANTED,
        permission="subsidie.decide_application",
    )
    def grant_on_objection(self, actor, amount, reasoning):
        """Awb 7:11: a founded objection replaces the refusal with a grant."""
        self.proposed_by = actor
        self.proposed_outcome = Outcome.GRANT
        self.proposed_amount = amount
        self.proposal_reasoning = reasoning

    def refusal_heard(self):
        """Awb 4:8: the applicant saw the intended refusal and responded or let the term
        pass."""
        hearing = Hearing.objects.current(self, HearingPurpose.REFUSAL)
        return hearing is not None and hearing.is_over

    @transition(
        field=state,
        source=ApplicationState.INCOMPLETE,
        target=ApplicationState.NOT_PROCESSED,
        conditions=[lambda application: application.repair_term_passed()],
        permission="subsidie.decide_application",
    )
    def declare_not_processed(self):
        self.suspended_since = None

    def repair_term_passed(self):
        request = self.information_requests.filter(answered_at__isnull=True).first()
        return request is not None and request.due_date < timezone.localdate()

    @property
    def decision_amount(self):
        return self.proposed_amount if self.proposed_outcome == Outcome.GRANT else None


_REQUIRED_FOR_SUBMISSION = [
    ("title", "de naam van het project"),
    ("working_model", "de werkwijze"),
    ("goal", "wat u wilt bereiken"),
    ("target_group", "voor welke leerlingen"),
    ("period_start", "de begindatum"),
    ("period_end", "de einddatum"),
    ("days", "de dagen"),
    ("hours_per_week", "de uren per week"),
    ("weeks_per_year", "de weken per jaar"),
    ("pupils_per_week", "het aantal leerlingen per week"),
    ("requested_amount", "het gevraagde bedrag"),
]


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines", verbose_name="aanvraag"
    )
    kind = models.CharField("soort", max_length=10, choices=BudgetLineKind.choices)
    description = models.CharField("omschrijving", max_length=200)
    amount = models.DecimalField(
        "bedrag (€)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = "begrotingsregel"
        verbose_name_plural = "begrotingsregels"
        # Costs ("kosten") before other income ("inkomsten").
        ordering = ["-kind", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budget_positive")]

    def __str__(self):
        return f"{self.description}: € {self.amount}"


def attachment_path(instance, filename):
    # A random name: the original is kept in the database, never used on disk.
    return f"bijlagen/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name="aanvraag"
    )
    file = models.FileField("bestand", upload_to=attachment_path)
    original_name = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField(max_length=100, verbose_name="bestandstype")
    size = models.PositiveIntegerField("grootte (bytes)")
    description = models.CharField("wat is dit?", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="geüpload door",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="geüpload op")

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class InformationRequest(models.Model):
    """A request for more information: opens a repair term (hersteltermijn, Awb 4:5)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="information_requests",
        verbose_name="aanvraag",
    )
    message = models.TextField("wat ontbreekt er?")
    due_date = models.DateField("aanvullen voor")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gevraagd door",
    )
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name="gevraagd op")
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name="aangevuld op")

    class Meta:
        verbose_name = "verzoek om aanvulling"
        verbose_name_plural = "verzoeken om aanvulling"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Aanvulling voor {self.due_date:%d-%m-%Y}"
