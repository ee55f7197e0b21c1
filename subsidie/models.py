import uuid
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from subsidie import validators
from subsidie.choices import (
    AccountabilityTier,
    AdmissionCondition,
    AdvanceState,
    AllocationMethod,
    ApplicationState,
    AwardState,
    BatchState,
    BudgetLineKind,
    LedgerKind,
    LegalForm,
    MemberRole,
    OrganisationKind,
    Outcome,
    SchemeKind,
    SchoolCooperation,
    SupervisorEducation,
    SupervisorTraining,
    SupportType,
    Weekday,
    WorkingModel,
)
from subsidie.money import euro


class AuditedHistory(models.Model):
    """Base of every historical model: adds where a change came from (BIO 8.15.01)."""

    ip_address = models.GenericIPAddressField("IP-adres", null=True, blank=True)

    class Meta:
        abstract = True


def audited_history():
    return HistoricalRecords(bases=[AuditedHistory], cascade_delete_history=False)


class ChoiceListField(models.JSONField):
    """A list of values from one TextChoices class, shown as checkboxes.

    A JSON list keeps multi-select answers from the questionnaire on the row they describe,
    on SQLite and PostgreSQL alike.
    """

    def __init__(self, *args, choices_class=None, **kwargs):
        self.choices_class = choices_class
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = set(self.choices_class.values)
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise ValidationError("Kies alleen uit de opties in de lijst.", code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_class.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )

    def labels(self, values):
        lookup = dict(self.choices_class.choices)
        return [lookup[value] for value in values if value in lookup]


class WebsiteField(models.URLField):
    """A URL typed without a scheme is taken as https, as Django 6 will do."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Borough(models.Model):
    """Stadsdeel."""

    name = models.CharField("naam", max_length=100, unique=True)
    cbs_code = models.CharField("CBS-code", max_length=10, blank=True)
    history = audited_history()

    class Meta:
        verbose_name = "stadsdeel"
        verbose_name_plural = "stadsdelen"
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(models.Model):
    """Wijk, as named in the provider questionnaire (seed 000, appendix 1)."""

    name = models.CharField("naam", max_length=100, unique=True)
    borough = models.ForeignKey(
        Borough, verbose_name="stadsdeel", on_delete=models.PROTECT, related_name="districts"
    )
    cbs_code = models.CharField(
        "CBS-code", max_length=10, blank=True, help_text="Bijvoorbeeld WK051828."
    )
    history = audited_history()

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AddressFields(models.Model):
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.CharField("huisnummer", max_length=20, blank=True)
    postcode = models.CharField(
        "postcode", max_length=7, blank=True, validators=[validators.validate_postcode]
    )
    city = models.CharField("plaats", max_length=100, blank=True, default="Den Haag")

    class Meta:
        abstract = True

    def clean_address(self, required):
        self.postcode = validators.normalise_postcode(self.postcode)
        if not required:
            return {}
        message = "Vul dit in."
        return {
            field: message
            for field in ("street", "house_number", "postcode", "city")
            if not getattr(self, field)
        }

    @property
    def address_line(self):
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}".strip(" ,")


class OrganisationQuerySet(models.QuerySet):
    def for_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()

    def schools(self):
        return self.filter(kind=OrganisationKind.SCHOOL)

    def providers(self):
        return self.filter(kind=OrganisationKind.PROVIDER)


class Organisation(AddressFields):
    """A vo-school or a provider of homework support."""

    kind = models.CharField("soort", max_length=10, choices=OrganisationKind.choices)
    name = models.CharField("naam", max_length=200)

    brin = models.CharField(
        "BRIN-nummer", max_length=4, blank=True, validators=[validators.validate_brin]
    )
    branch_number = models.CharField(
        "vestigingsnummer",
        max_length=2,
        blank=True,
        validators=[validators.validate_branch_number],
    )

    kvk_number = models.CharField(
        "KvK-nummer", max_length=8, blank=True, validators=[validators.validate_kvk]
    )
    legal_form = models.CharField(
        "rechtsvorm", max_length=20, choices=LegalForm.choices, blank=True
    )
    not_for_profit = models.BooleanField(
        "zonder winstoogmerk",
        default=False,
        help_text="Alleen aanbieders zonder winstoogmerk kunnen subsidie of vouchers krijgen.",
    )
    not_for_profit_reason = models.TextField(
        "waarom zonder winstoogmerk",
        blank=True,
        help_text="Bijvoorbeeld: de statuten verbieden winstuitkering (artikel en datum).",
    )
    anbi = models.BooleanField("ANBI-status", default=False)

    iban = models.CharField("IBAN", max_length=34, validators=[validators.validate_iban])
    contact_name = models.CharField("contactpersoon", max_length=200)
    contact_email = models.EmailField("e-mailadres")
    contact_phone = models.CharField("telefoonnummer", max_length=30, blank=True)
    website = WebsiteField("website", blank=True)

    supervisor_education = models.CharField(
        "opleidingseis begeleiders",
        max_length=10,
        choices=SupervisorEducation.choices,
        default=SupervisorEducation.NONE,
    )
    supervisor_training = models.CharField(
        "scholing begeleiders",
        max_length=12,
        choices=SupervisorTraining.choices,
        default=SupervisorTraining.NONE,
    )
    vog_required = models.BooleanField(
        "VOG verplicht voor begeleiders",
        default=True,
        help_text="Iedereen die met kinderen werkt, heeft een Verklaring Omtrent Gedrag.",
    )
    school_cooperation = models.CharField(
        "samenwerking met vo-scholen",
        max_length=12,
        choices=SchoolCooperation.choices,
        default=SchoolCooperation.NONE,
    )
    admission_conditions = ChoiceListField(
        "toelatingsvoorwaarden",
        choices_class=AdmissionCondition,
        help_text="Laat leeg als alle vo-leerlingen in Den Haag welkom zijn.",
    )

    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd", auto_now=True)

    history = audited_history()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brin", "branch_number"],
                condition=Q(kind=OrganisationKind.SCHOOL),
                name="unique_school_brin_branch",
            ),
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=Q(kind=OrganisationKind.PROVIDER),
                name="unique_provider_kvk",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(kind=OrganisationKind.SCHOOL) & ~Q(brin="") & ~Q(branch_number=""))
                    | (Q(kind=OrganisationKind.PROVIDER) & ~Q(kvk_number=""))
                ),
                name="organisation_identifier_present",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_school(self):
        return self.kind == OrganisationKind.SCHOOL

    @property
    def is_provider(self):
        return self.kind == OrganisationKind.PROVIDER

    @property
    def identifier(self):
        return f"{self.brin}{self.branch_number}" if self.is_school else self.kvk_number

    def clean(self):
        self.brin = (self.brin or "").replace(" ", "").upper()
        self.iban = validators.normalise_iban(self.iban)
        errors = self.clean_address(required=True)
        errors.update(self._kind_errors())
        if errors:
            raise ValidationError(errors)

    def _kind_errors(self):
        required = "Vul dit in."
        if self.is_school:
            return {
                field: required for field in ("brin", "branch_number") if not getattr(self, field)
            }
        errors = {
            field: required for field in ("kvk_number", "legal_form") if not getattr(self, field)
        }
        if self.not_for_profit and not self.not_for_profit_reason.strip():
            errors["not_for_profit_reason"] = (
                "Leg uit waarom uw organisatie geen winstoogmerk heeft."
            )
        return errors


class Location(AddressFields):
    """A place where homework support happens (questionnaire questions 2, 3, 6-10)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField("naam van de locatie", max_length=200)
    online_only = models.BooleanField(
        "alleen online", default=False, help_text="Geen fysieke locatie: begeleiding via internet."
    )
    district = models.ForeignKey(
        District,
        verbose_name="wijk",
        on_delete=models.PROTECT,
        related_name="locations",
        null=True,
        blank=True,
    )
    days = ChoiceListField("open op", choices_class=Weekday)
    opening_hours = models.CharField(
        "tijden", max_length=200, blank=True, help_text="Bijvoorbeeld: 15.00 tot 17.30 uur."
    )
    hours_per_week = models.DecimalField(
        "uren per week",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("168"))],
    )
    weeks_per_year = models.PositiveSmallIntegerField(
        "weken per jaar open", validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    places_per_week = models.PositiveIntegerField(
        "plekken voor leerlingen per week",
        help_text="Hoeveel leerlingen per week kunnen komen. Een schatting is goed.",
    )
    waiting_list = models.PositiveIntegerField(
        "leerlingen op de wachtlijst", default=0, help_text="Vul 0 in als er geen wachtlijst is."
    )
    support_types = ChoiceListField("wat wij bieden", choices_class=SupportType)
    fee_per_hour = models.DecimalField(
        "eigen bijdrage per leerling per uur (€)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[validators.validate_low_threshold_fee],
        help_text="Vul 0 in als de begeleiding kosteloos is. Het maximum is € 10.",
    )
    active = models.BooleanField("in gebruik", default=True)

    history = audited_history()

    class Meta:
        verbose_name = "locatie"
        verbose_name_plural = "locaties"
        ordering = ["organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    fee_per_hour__gte=0, fee_per_hour__lte=validators.MAX_LOW_THRESHOLD_FEE
                ),
                name="location_fee_low_threshold",
            ),
            models.CheckConstraint(
                condition=Q(online_only=True) | Q(district__isnull=False),
                name="location_district_unless_online",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.name}"

    @property
    def borough(self):
        return self.district.borough if self.district_id else None

    def clean(self):
        errors = self.clean_address(required=not self.online_only)
        if not self.online_only and not self.district_id:
            errors["district"] = "Kies de wijk van deze locatie, of kies ‘alleen online’."
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A user's place in an organisation; staff of the municipality have none."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gebruiker",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        "rol", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["organisation__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_admin(self):
        return self.role == MemberRole.ADMIN


class Scheme(models.Model):
    """A subsidieregeling: who may apply, when, for how much, and how it is decided."""

    name = models.CharField("naam", max_length=200)
    code = models.SlugField("kenmerk", max_length=40, unique=True, help_text="Bijv. hwb-vo-2027.")
    kind = models.CharField("soort regeling", max_length=25, choices=SchemeKind.choices)
    description = models.TextField("uitleg voor aanvragers")
    legal_basis = models.TextField(
        "wettelijke grondslag",
        help_text="Bijv. Algemene wet bestuursrecht, titel 4.2, en de Subsidieregeling "
        "huiswerkbegeleiding Den Haag.",
    )
    opens_at = models.DateTimeField("aanvragen mogelijk vanaf")
    closes_at = models.DateTimeField("aanvragen mogelijk tot")
    allocation = models.CharField("verdeling", max_length=15, choices=AllocationMethod.choices)
    max_amount = models.DecimalField(
        "maximaal bedrag per aanvraag (€)", max_digits=12, decimal_places=2
    )
    decision_term_weeks = models.PositiveSmallIntegerField(
        "beslistermijn (weken)", default=8, help_text="Awb 4:13: standaard 8 weken."
    )
    four_eyes_from = models.DecimalField(
        "tweede besluitvormer nodig vanaf (€)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("25000.00"),
    )
    direct_settlement_below = models.DecimalField(
        "direct vaststellen onder (€)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("25000.00"),
    )
    financial_report_from = models.DecimalField(
        "financieel verslag en accountantsverklaring vanaf (€)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("125000.00"),
    )
    single_advance_below = models.DecimalField(
        "voorschot in één keer onder (€)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("25000.00"),
        help_text="Daarboven: gelijke voorschotten per kwartaal (Regeling OCW-subsidies art. 23).",
    )
    deviation_percentage = models.PositiveSmallIntegerField(
        "afwijking uitleggen boven (%)", default=10
    )
    objection_body = models.CharField(
        "bezwaar indienen bij",
        max_length=200,
        default="het college van burgemeester en wethouders van Den Haag",
    )
    selected_schools = models.ManyToManyField(
        Organisation,
        through="SchemeSelection",
        related_name="selected_for_schemes",
        blank=True,
        verbose_name="geselecteerde scholen",
    )

    history = audited_history()

    class Meta:
        verbose_name = "subsidieregeling"
        verbose_name_plural = "subsidieregelingen"
        ordering = ["-opens_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="scheme_window_order"
            ),
            models.CheckConstraint(condition=Q(max_amount__gt=0), name="scheme_max_positive"),
        ]

    def __str__(self):
        return self.name

    def is_open(self, moment):
        return self.opens_at <= moment < self.closes_at

    def eligibility_errors(self, organisation, provider=None):
        """Why this organisation may not apply under this scheme; empty if it may."""
        if self.kind == SchemeKind.VOUCHERS:
            return ["Voor deze regeling vraagt u geen subsidie aan: ouders krijgen vouchers."]
        if self.kind == SchemeKind.PROVIDERS:
            return self._provider_errors(organisation)
        errors = []
        if not organisation.is_school:
            errors.append("Alleen vo-scholen kunnen deze subsidie aanvragen.")
        elif self.kind == SchemeKind.SELECTED_SCHOOLS and not self._is_selected(organisation):
            errors.append(
                "Uw school staat niet op de lijst van scholen die deze subsidie kunnen aanvragen."
            )
        if provider is not None and not (provider.is_provider and provider.not_for_profit):
            errors.append(
                f"{provider.name} is geen aanbieder zonder winstoogmerk. De huiswerkbegeleiding "
                "moet worden gegeven door een aanbieder zonder winstoogmerk."
            )
        return errors

    def eligibility_errors_for_vouchers(self, provider):
        """Scenario 5: only not-for-profit providers may take vouchers."""
        return self._provider_errors(provider)

    @staticmethod
    def _provider_errors(organisation):
        if not organisation.is_provider:
            return ["Alleen aanbieders van huiswerkbegeleiding kunnen deze subsidie aanvragen."]
        if not organisation.not_for_profit:
            return [
                "Alleen aanbieders zonder winstoogmerk kunnen deze subsidie aanvragen. Heeft uw "
                "organisatie geen winstoogmerk? Pas dan eerst uw gegevens aan."
            ]
        return []

    def _is_selected(self, school):
        return self.selections.filter(organisation=school).exists()

    @property
    def needs_provider(self):
        return self.kind in {SchemeKind.ALL_SCHOOLS, SchemeKind.SELECTED_SCHOOLS}


class SchemeBudget(models.Model):
    """The subsidieplafond of one scheme for one calendar year."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="regeling", on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField("jaar")
    ceiling = models.DecimalField("subsidieplafond (€)", max_digits=14, decimal_places=2)

    history = audited_history()

    class Meta:
        verbose_name = "subsidieplafond"
        verbose_name_plural = "subsidieplafonds"
        ordering = ["scheme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="unique_scheme_year"),
            models.CheckConstraint(condition=Q(ceiling__gte=0), name="ceiling_not_negative"),
        ]

    def __str__(self):
        return f"{self.scheme} {self.year}: € {self.ceiling}"


class SchemeSelection(models.Model):
    """A school on the selection list of a scenario-2 scheme, with the reason."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="selections")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="school",
        on_delete=models.CASCADE,
        limit_choices_to={"kind": OrganisationKind.SCHOOL},
    )
    reason = models.CharField(
        "reden",
        max_length=300,
        help_text="Bijv. aandachtswijk, veel leerlingen in praktijkgericht onderwijs.",
    )

    history = audited_history()

    class Meta:
        verbose_name = "geselecteerde school"
        verbose_name_plural = "geselecteerde scholen"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organisation"], name="unique_selection")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.reason})"


class Criterion(models.Model):
    """A published assessment criterion with its weight, for ranked schemes."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("criterium", max_length=200)
    description = models.TextField("toelichting", blank=True)
    weight = models.PositiveSmallIntegerField("weging", default=1)
    max_score = models.PositiveSmallIntegerField("hoogste score", default=5)

    history = audited_history()

    class Meta:
        verbose_name = "beoordelingscriterium"
        verbose_name_plural = "beoordelingscriteria"
        ordering = ["scheme", "pk"]

    def __str__(self):
        return self.name


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


# States in which the decision term runs (it is suspended while incomplete).
_RUNNING_TERM_STATES = (
    ApplicationState.SUBMITTED,
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

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "aanvraag"
        verbose_name_plural = "aanvragen"
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

    @transition(field=state, source=ApplicationState.DRAFT, target=ApplicationState.SUBMITTED)
    def submit(self, moment):
        self.received_at = moment
        self.complete_at = moment
        self.decision_due = (moment + timedelta(weeks=self.scheme.decision_term_weeks)).date()

    @transition(
        field=state,
        source=[ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW],
        target=ApplicationState.INCOMPLETE,
    )
    def request_information(self, moment):
        self.complete_at = None
        self.suspended_since = moment.date()

    @transition(field=state, source=ApplicationState.INCOMPLETE, target=ApplicationState.SUBMITTED)
    def resubmit(self, moment):
        suspended_days = (moment.date() - self.suspended_since).days
        self.decision_due += timedelta(days=suspended_days)
        self.suspended_since = None
        self.complete_at = moment

    @transition(field=state, source=ApplicationState.SUBMITTED, target=ApplicationState.IN_REVIEW)
    def start_review(self):
        pass

    @transition(field=state, source=list(OPEN_STATES), target=ApplicationState.WITHDRAWN)
    def withdraw(self):
        self.suspended_since = None

    @transition(field=state, source=ApplicationState.IN_REVIEW, target=ApplicationState.PROPOSED)
    def propose(self, actor, outcome, amount, reasoning):
        self.proposed_by = actor
        self.proposed_outcome = outcome
        self.proposed_amount = amount if outcome == Outcome.GRANT else None
        self.proposal_reasoning = reasoning

    @transition(field=state, source=ApplicationState.PROPOSED, target=ApplicationState.IN_REVIEW)
    def return_to_review(self):
        self.proposed_by = None
        self.proposed_outcome = ""
        self.proposed_amount = None

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.GRANTED,
        conditions=[lambda application: application.proposed_outcome == Outcome.GRANT],
    )
    def grant(self):
        pass

    @transition(
        field=state,
        source=ApplicationState.PROPOSED,
        target=ApplicationState.REJECTED,
        conditions=[lambda application: application.proposed_outcome == Outcome.REJECT],
    )
    def reject(self):
        pass

    @transition(
        field=state,
        source=ApplicationState.INCOMPLETE,
        target=ApplicationState.NOT_PROCESSED,
        conditions=[lambda application: application.repair_term_passed()],
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
        Application, on_delete=models.CASCADE, related_name="budget_lines"
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
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("bestand", upload_to=attachment_path)
    original_name = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("grootte (bytes)")
    description = models.CharField("wat is dit?", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class InformationRequest(models.Model):
    """A request for more information: opens a repair term (hersteltermijn, Awb 4:5)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    message = models.TextField("wat ontbreekt er?")
    due_date = models.DateField("aanvullen voor")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "verzoek om aanvulling"
        verbose_name_plural = "verzoeken om aanvulling"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Aanvulling voor {self.due_date:%d-%m-%Y}"


class ApplicationTransition(models.Model):
    """Every state change of an application: who, when, from, to and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField("van", max_length=15, choices=ApplicationState.choices)
    to_state = models.CharField("naar", max_length=15, choices=ApplicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="door", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("reden", blank=True)
    ip_address = models.GenericIPAddressField("IP-adres", null=True, blank=True)
    at = models.DateTimeField("moment", auto_now_add=True)

    class Meta:
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Review(models.Model):
    """One reviewer's assessment: a score per published criterion and a written advice."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="beoordelaar", on_delete=models.PROTECT
    )
    advice = models.TextField("advies")
    recommendation = models.CharField(
        "aanbeveling",
        max_length=15,
        choices=[(Outcome.GRANT, "verlenen"), (Outcome.REJECT, "afwijzen")],
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = audited_history()

    class Meta:
        verbose_name = "beoordeling"
        verbose_name_plural = "beoordelingen"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each")
        ]

    def __str__(self):
        return f"Beoordeling door {self.reviewer}"

    @property
    def weighted_score(self):
        return sum(score.score * score.criterion.weight for score in self.scores.all())


class CriterionScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField("score")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_each")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


def decision_path(instance, filename):
    return f"besluiten/{instance.reference}.pdf"


class Decision(models.Model):
    """A beschikking: the rendered letter is stored once and never changed (checksum)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    reference = models.CharField("kenmerk", max_length=20, unique=True)
    outcome = models.CharField("besluit", max_length=15, choices=Outcome.choices)
    amount = models.DecimalField(
        "verleend bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    reasoning = models.TextField("motivering")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besluit genomen door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("datum besluit")
    document = models.FileField("besluitbrief", upload_to=decision_path)
    sha256 = models.CharField("controlegetal (SHA-256)", max_length=64)

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.reference} ({self.get_outcome_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Een besluit wordt nooit gewijzigd.")
        super().save(*args, **kwargs)

    @property
    def objection_deadline(self):
        """Awb 6:7 and 6:8: six weeks, starting the day after the decision was sent."""
        return timezone.localdate(self.decided_at) + timedelta(weeks=6)


class Award(FSMModelMixin, models.Model):
    """A verlening: the granted amount, its yearly tranches, obligations and advances."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField("verleend bedrag (€)", max_digits=12, decimal_places=2)
    period_start = models.DateField("begindatum")
    period_end = models.DateField("einddatum")
    tier = models.CharField("verantwoording", max_length=15, choices=AccountabilityTier.choices)
    obligations = models.TextField("verplichtingen")
    state = FSMField(
        "status",
        max_length=15,
        choices=AwardState.choices,
        default=AwardState.GRANTED,
        protected=True,
    )

    class Meta:
        verbose_name = "verlening"
        verbose_name_plural = "verleningen"
        ordering = ["-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="award_positive")]

    def __str__(self):
        return f"Verlening {self.decision.reference}: € {self.amount}"

    @transition(field=state, source=AwardState.GRANTED, target=AwardState.ACTIVE)
    def activate(self):
        pass

    @property
    def paid(self):
        return sum(
            (
                advance.amount
                for advance in self.advances.all()
                if advance.state == AdvanceState.PAID
            ),
            Decimal(0),
        )


class AwardTranche(models.Model):
    """The part of an award that falls in one calendar year, against that year's ceiling."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tranches")
    year = models.PositiveSmallIntegerField("jaar")
    amount = models.DecimalField("bedrag (€)", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["award", "year"], name="one_tranche_a_year")]

    def __str__(self):
        return f"{self.year}: € {self.amount}"


class LedgerEntry(models.Model):
    """A line in a scheme's budget ledger; totals are always sums of these lines."""

    budget = models.ForeignKey(SchemeBudget, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("soort", max_length=15, choices=LedgerKind.choices)
    amount = models.DecimalField("bedrag (€)", max_digits=14, decimal_places=2)
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="ledger_entries", null=True, blank=True
    )
    description = models.CharField(
        "omschrijving", max_length=200, blank=True, help_text="Bijv. vouchers uitgegeven."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "budgetboeking"
        verbose_name_plural = "budgetboekingen"
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} € {self.amount}"


class PaymentBatch(FSMModelMixin, models.Model):
    reference = models.CharField("kenmerk", max_length=20, unique=True)
    state = FSMField(
        "status", max_length=10, choices=BatchState.choices, default=BatchState.OPEN, protected=True
    )
    execution_date = models.DateField("uitvoeringsdatum")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField("betaald op", null=True, blank=True)

    class Meta:
        verbose_name = "betaalbatch"
        verbose_name_plural = "betaalbatches"
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference

    @transition(
        field=state, source=[BatchState.OPEN, BatchState.EXPORTED], target=BatchState.EXPORTED
    )
    def export(self):
        pass

    @transition(field=state, source=BatchState.EXPORTED, target=BatchState.PAID)
    def mark_paid(self, moment):
        self.paid_at = moment


class Advance(FSMModelMixin, models.Model):
    """A voorschot on an award, due on a date, paid in a batch."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="advances")
    number = models.PositiveSmallIntegerField("nummer")
    due_date = models.DateField("te betalen op")
    amount = models.DecimalField("bedrag (€)", max_digits=12, decimal_places=2)
    state = FSMField(
        "status",
        max_length=10,
        choices=AdvanceState.choices,
        default=AdvanceState.DUE,
        protected=True,
    )
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, related_name="advances", null=True, blank=True
    )

    class Meta:
        verbose_name = "voorschot"
        verbose_name_plural = "voorschotten"
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="advance_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="advance_positive"),
        ]

    def __str__(self):
        return f"Voorschot {self.number} van {self.award.decision.reference}"

    @transition(field=state, source=AdvanceState.DUE, target=AdvanceState.BATCHED)
    def add_to_batch(self, batch):
        self.batch = batch

    @transition(field=state, source=AdvanceState.BATCHED, target=AdvanceState.DUE)
    def remove_from_batch(self):
        self.batch = None

    @transition(field=state, source=AdvanceState.BATCHED, target=AdvanceState.PAID)
    def mark_paid(self):
        pass
