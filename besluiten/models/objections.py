"""Objections (bezwaar, Awb 6:4-6:8, 7:1-7:15) against any decision the system made."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from besluiten.choices import DecisionKind, ObjectionOutcome, ObjectionState
from besluiten.models.decisions import Decision
from kern import terms
from kern.models.organisations import Organisation
from kern.models.transitions import AboutQuerySet, TransitionLog

# Awb 7:10: six weeks to decide, twelve with an advisory committee, once six weeks more.
DECISION_WEEKS = 6
WITH_COMMITTEE_WEEKS = 12
EXTENSION_WEEKS = 6

OPEN_STATES = [state for state in ObjectionState if state != ObjectionState.DECIDED]


def grounds_path(instance, filename):
    # A random name on disk; the original name is kept in the database.
    return f"bezwaren/{instance.reference}/{instance.grounds_token}"


class Objection(FSMModelMixin, models.Model):
    """A bezwaarschrift: against which decision, from whom, when received, on what grounds;
    whether it came in time; its hearing, the advice and the decision on it."""

    reference = models.CharField("kenmerk", max_length=20, unique=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="soort besluit"
    )
    object_id = models.PositiveBigIntegerField("besluit-id")
    decision = GenericForeignKey("content_type", "object_id")
    decision_reference = models.CharField("kenmerk besluit", max_length=40)
    decision_sent_on = models.DateField("besluit verstuurd op")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="objections",
        null=True,
        blank=True,
    )
    objector = models.CharField("bezwaarmaker", max_length=200)
    address = models.TextField(
        "adres", blank=True, help_text="Zonder organisatie: waar de brief heen gaat."
    )
    received_on = models.DateField("ontvangen op")
    posted_on = models.DateField(
        "poststempel",
        null=True,
        blank=True,
        help_text="De datum van het poststempel, bij een bezwaarschrift per post (Awb 6:9).",
    )
    deadline = models.DateField("bezwaartermijn liep tot en met")
    grounds = models.TextField("gronden van het bezwaar")
    grounds_file = models.FileField("bezwaarschrift (bestand)", upload_to=grounds_path, blank=True)
    grounds_file_name = models.CharField("bestandsnaam", max_length=200, blank=True)
    grounds_token = models.CharField("bestandssleutel", max_length=32, blank=True, editable=False)
    lateness_excused = models.BooleanField("te laat, maar verschoonbaar", default=False)
    lateness_reasons = models.TextField(
        "waarom de termijnoverschrijding verschoonbaar is", blank=True
    )
    advisory_committee = models.BooleanField("advies van de bezwaarcommissie", default=False)
    decision_due = models.DateField("beslissen vóór")
    term_extended = models.BooleanField("beslistermijn verlengd", default=False)
    state = FSMField(
        "status",
        max_length=15,
        choices=ObjectionState.choices,
        default=ObjectionState.RECEIVED,
        protected=True,
    )
    repair_message = models.TextField("wat ontbreekt er?", blank=True)
    repair_due = models.DateField("herstellen vóór", null=True, blank=True)
    hearing_at = models.DateTimeField("hoorzitting op", null=True, blank=True)
    hearing_place = models.CharField("plaats of link", max_length=200, blank=True)
    hearing_report = models.TextField("verslag van de hoorzitting", blank=True)
    advice = models.TextField("advies van de commissie", blank=True)
    outcome = models.CharField(
        "beslissing", max_length=20, choices=ObjectionOutcome.choices, blank=True
    )
    reasoning = models.TextField("motivering", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besloten door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geregistreerd door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField("geregistreerd op", auto_now_add=True)

    transitions = GenericRelation(TransitionLog)

    # about(decision): the objections against a decision of any kind.
    objects = AboutQuerySet.as_manager()

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["decision_due", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["state", "decision_due"]),
        ]
        constraints = [
            # One letter is one objection, also under a double click (see `_refuse_double`).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "received_on", "objector"],
                name="one_objection_a_letter",
            )
        ]
        permissions = [
            ("handle_objection", "Bezwaren behandelen"),
            ("decide_objection", "Op bezwaren besluiten"),
        ]

    def __str__(self):
        return f"{self.reference} tegen {self.decision_reference}"

    @property
    def ruling(self):
        """The decision on this objection (beslissing op bezwaar, a record with its letter),
        or None while it is open."""
        return Decision.objects.about(self).filter(kind=DecisionKind.DECIDE_OBJECTION).first()

    @property
    def on_time(self):
        """Awb 6:7, 6:9: received by the last day of the objection term, or posted by then
        and received within a week after it."""
        return terms.filed_in_time(self.deadline, self.received_on, self.posted_on)

    @property
    def admissible_in_time(self):
        """Awb 6:11: a late objection counts if the lateness is excusable."""
        return self.on_time or self.lateness_excused

    @property
    def is_open(self):
        return self.state != ObjectionState.DECIDED

    def term_weeks(self):
        return WITH_COMMITTEE_WEEKS if self.advisory_committee else DECISION_WEEKS

    def start_term(self):
        """Awb 7:10: the term runs from the day after the objection term ended (or after
        receipt, for a late objection)."""
        self.decision_due = max(self.deadline, self.received_on) + timedelta(
            weeks=self.term_weeks()
        )

    # --- the state machine -------------------------------------------------------------

    @transition(
        field=state,
        source=ObjectionState.RECEIVED,
        target=ObjectionState.REPAIR,
        permission="besluiten.handle_objection",
    )
    def request_repair(self, message, due):
        self.repair_message = message
        self.repair_due = due

    @transition(
        field=state,
        source=ObjectionState.REPAIR,
        target=ObjectionState.RECEIVED,
        permission="besluiten.handle_objection",
    )
    def record_repair(self):
        pass

    @transition(
        field=state,
        source=ObjectionState.RECEIVED,
        target=ObjectionState.HEARING_PLANNED,
        conditions=[lambda objection: objection.admissible_in_time],
        permission="besluiten.handle_objection",
    )
    def plan_hearing(self, moment, place):
        self.hearing_at = moment
        self.hearing_place = place

    @transition(
        field=state,
        source=ObjectionState.HEARING_PLANNED,
        target=ObjectionState.HEARD,
        permission="besluiten.handle_objection",
    )
    def record_hearing(self, report):
        self.hearing_report = report

    @transition(
        field=state,
        source=ObjectionState.HEARD,
        target=ObjectionState.ADVISED,
        conditions=[lambda objection: objection.advisory_committee],
        permission="besluiten.handle_objection",
    )
    def record_advice(self, advice):
        self.advice = advice

    @transition(
        field=state,
        source=OPEN_STATES,
        target=ObjectionState.DECIDED,
        permission="besluiten.decide_objection",
    )
    def decide(self, actor, moment, outcome, reasoning):
        self.decided_by = actor
        self.decided_at = moment
        self.outcome = outcome
        self.reasoning = reasoning
