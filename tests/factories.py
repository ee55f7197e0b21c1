"""Factories shared by the tests of every app."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.choices import LegalForm, MemberRole, OrganisationKind
from kern.models import District, Location, Membership, Organisation
from subsidie.choices import AllocationMethod, BudgetLineKind, SchemeKind, WorkingModel
from subsidie.models import Application, BudgetLine, Scheme, SchemeBudget

PASSWORD = "Een-sterk-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class StaffFactory(UserFactory):
    """A municipal employee with one staff role (a group name from subsidie.roles)."""

    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "telefoon"
    confirmed = True


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SCHOOL
    name = factory.Sequence(lambda n: f"Testcollege {n}")
    brin = factory.Sequence(
        lambda n: f"{10 + n % 90:02d}{chr(65 + n // 90 % 26)}{chr(65 + n % 26)}"
    )
    branch_number = "00"
    street = "Schoolstraat"
    house_number = "1"
    postcode = "2511 AB"
    city = "Den Haag"
    iban = "NL91ABNA0417164300"
    contact_name = "Jan Jansen"
    contact_email = "info@school.example"


class ProviderFactory(SchoolFactory):
    kind = OrganisationKind.PROVIDER
    name = factory.Sequence(lambda n: f"Stichting Huiswerkhulp {n}")
    brin = ""
    branch_number = ""
    kvk_number = factory.Sequence(lambda n: f"{50000000 + n}")
    legal_form = LegalForm.FOUNDATION
    not_for_profit = True
    not_for_profit_reason = "Statuten verbieden winstuitkering."


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Huiswerkplek {n}")
    street = "Hoofdstraat"
    house_number = "10"
    postcode = "2525 BC"
    district = factory.LazyFunction(lambda: District.objects.get(name="Schilderswijk"))
    days = ["ma", "wo"]
    hours_per_week = Decimal("6.0")
    weeks_per_year = 40
    places_per_week = 30
    fee_per_hour = Decimal("0.00")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(ProviderFactory)
    role = MemberRole.MEMBER


class SchemeFactory(factory.django.DjangoModelFactory):
    """A scheme whose application window is open now."""

    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Regeling huiswerkbegeleiding {n}")
    code = factory.Sequence(lambda n: f"regeling-{n}")
    kind = SchemeKind.PROVIDERS
    description = "Subsidie voor laagdrempelige huiswerkbegeleiding."
    legal_basis = "Awb titel 4.2"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    allocation = AllocationMethod.FIRST_COME
    max_amount = Decimal("50000.00")

    @factory.post_generation
    def ceiling(self, create, extracted, **kwargs):
        """The same ceiling this year and next, as awards often run into the next year."""
        if create:
            year = timezone.localdate().year
            for budget_year in (year, year + 1):
                SchemeBudget.objects.create(
                    scheme=self, year=budget_year, ceiling=extracted or Decimal("200000")
                )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft that is complete: every required answer, a budget, a location, signed."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    scheme = factory.SubFactory(SchemeFactory)
    organisation = factory.SubFactory(ProviderFactory)
    created_by = factory.SubFactory(UserFactory)
    title = "Huiswerkclub in de wijk"
    working_model = WorkingModel.OUT_OF_SCHOOL
    goal = "Leerlingen maken hun huiswerk op een rustige plek."
    target_group = "Leerlingen van 12 tot 18 jaar in de wijk."
    period_start = factory.LazyFunction(lambda: date(timezone.localdate().year + 1, 1, 1))
    period_end = factory.LazyFunction(lambda: date(timezone.localdate().year + 1, 12, 31))
    days = ["ma", "wo"]
    hours_per_week = Decimal("6.0")
    weeks_per_year = 40
    pupils_per_week = 30
    requested_amount = Decimal("12000.00")
    declaration_accepted = True

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if create:
            BudgetLine.objects.create(
                application=self,
                kind=BudgetLineKind.COST,
                description="Vrijwilligersvergoedingen",
                amount=max(Decimal("15000.00"), (self.requested_amount or 0) + 3000),
            )
            self.locations.add(LocationFactory(organisation=self.organisation))
