"""Schemes (subsidieregelingen): who may apply, when, for how much, and how it is decided."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from kern.choices import OrganisationKind
from kern.models import Organisation, audited_history
from subsidie.choices import (
    AllocationMethod,
    SchemeKind,
)


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
    hearing_term_days = models.PositiveSmallIntegerField(
        "termijn voor een zienswijze (dagen)",
        default=14,
        validators=[MinValueValidator(1)],
        help_text="Awb 4:8: zo lang kan een aanvrager reageren op een voorgenomen afwijzing. "
        "Standaard 2 weken.",
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
    report_due_weeks = models.PositiveSmallIntegerField(
        "verantwoording indienen binnen (weken)",
        default=13,
        help_text="Na het einde van elk subsidiejaar (Regeling OCW-subsidies art. 16: 13 weken).",
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

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="selections", verbose_name="regeling"
    )
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

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="criteria", verbose_name="regeling"
    )
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
