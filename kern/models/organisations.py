"""Schools and providers, their locations, and the people who work for them."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from kern import validators
from kern.choices import (
    AdmissionCondition,
    LegalForm,
    MemberRole,
    OrganisationKind,
    SchoolCooperation,
    SupervisorEducation,
    SupervisorTraining,
    SupportType,
    Weekday,
)
from kern.models.fields import AddressFields, ChoiceListField, WebsiteField
from kern.models.history import audited_history
from kern.models.places import District


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
    # A member's change of the bank account or the not-for-profit status waits for a
    # municipal check (payment fraud starts with a changed IBAN); until then payments and
    # decisions use the confirmed values above (kern.services.save_organisation).
    pending_iban = models.CharField("nieuw IBAN, nog te controleren", max_length=34, blank=True)
    pending_not_for_profit = models.BooleanField(
        "nieuw: zonder winstoogmerk, nog te controleren", null=True, blank=True
    )
    pending_not_for_profit_reason = models.TextField("nieuwe uitleg winstoogmerk", blank=True)
    pending_since = models.DateTimeField("wijziging gevraagd op", null=True, blank=True)
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="wijziging gevraagd door",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
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

    in_public_offer = models.BooleanField(
        "tonen op de openbare pagina met het aanbod",
        default=False,
        help_text="Ouders, leerlingen en scholen zien dan uw locaties op /aanbod, zonder in "
        "te loggen.",
    )

    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd", auto_now=True)

    history = audited_history()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]
        permissions = [
            ("confirm_bank_details", "Nieuwe IBAN's en winstoogmerk van organisaties bevestigen"),
        ]
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
    def has_pending_change(self):
        return self.pending_since is not None

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


# A location whose free places nobody confirmed for this long is shown as not up to date.
UP_TO_DATE = timedelta(weeks=8)


class LocationQuerySet(models.QuerySet):
    def with_freshness(self):
        """`up_to_date`: free places and waiting list confirmed within eight weeks."""
        return self.annotate(
            up_to_date=ExpressionWrapper(
                Q(checked_at__gte=timezone.now() - UP_TO_DATE), output_field=BooleanField()
            )
        )


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
    free_places = models.PositiveIntegerField(
        "vrije plekken",
        default=0,
        help_text="Hoeveel leerlingen nu nog kunnen beginnen. Vul 0 in als u vol zit.",
    )
    sign_up = models.TextField(
        "zo meldt een leerling zich aan",
        blank=True,
        max_length=1000,
        help_text="Bijvoorbeeld: kom langs op maandag om 15.00 uur, of bel of mail ons.",
    )
    # The public offer shows a location unchecked for eight weeks as not up to date, and
    # its organisation is reminded (aanbod.services.offer).
    checked_at = models.DateTimeField("plekken en wachtlijst bijgewerkt op", default=timezone.now)
    reminded_at = models.DateTimeField("herinnering gestuurd op", null=True, blank=True)
    active = models.BooleanField("in gebruik", default=True)

    history = audited_history()

    objects = LocationQuerySet.as_manager()

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
