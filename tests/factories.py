"""Factories shared by the tests of every app."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from betalingen.models import PaymentBatch
from kern.choices import LegalForm, MemberRole, OrganisationKind
from kern.models import District, Location, Membership, Organisation
from subsidie.choices import AllocationMethod, BudgetLineKind, SchemeKind, WorkingModel
from subsidie.models import Application, BudgetLine, Scheme, SchemeBudget
from vouchers import codes
from vouchers.models import (
    Admission,
    AdmissionState,
    ApiToken,
    Declaration,
    DeclarationState,
    Enrolment,
    EnrolmentState,
    ImportState,
    ParentAccount,
    PassHolder,
    PassHolderImport,
    PostcodeArea,
    Session,
    Voucher,
    VoucherState,
    VoucherTerms,
)

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
    """A municipal employee with one staff role (a group name from kern.roles)."""

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


# --- vouchers (scenario 5) -------------------------------------------------------------------

# A school year that started at least a month ago, whatever today is, so tests can book
# sessions on its first days.
_LATEST = date.today() - timedelta(days=30)
SCHOOL_YEAR_START = date(
    _LATEST.year if (_LATEST.month, _LATEST.day) >= (8, 24) else _LATEST.year - 1, 8, 24
)


class VoucherTermsFactory(factory.django.DjangoModelFactory):
    """The running school year of a voucher scheme; `ceiling` (default € 100,000) is the
    scheme's ceiling for the school year's first calendar year."""

    class Meta:
        model = VoucherTerms
        skip_postgeneration_save = True

    scheme = factory.SubFactory(SchemeFactory, kind=SchemeKind.VOUCHERS)
    school_year_start = SCHOOL_YEAR_START
    school_year_end = factory.LazyAttribute(
        lambda terms: terms.school_year_start.replace(
            year=terms.school_year_start.year + 1, month=7, day=16
        )
    )
    value_per_child = Decimal("300.00")

    @factory.post_generation
    def ceiling(self, create, extracted, **kwargs):
        if create:
            SchemeBudget.objects.update_or_create(
                scheme=self.scheme,
                year=self.budget_year,
                defaults={"ceiling": extracted or Decimal("100000")},
            )


class PassHolderFactory(factory.django.DjangoModelFactory):
    """A child of 13 on the first school day, with a pass valid this calendar year."""

    class Meta:
        model = PassHolder
        django_get_or_create = ("pass_number",)

    pass_number = factory.Sequence(lambda n: f"{700000 + n}")
    household_number = "H1"
    name = factory.LazyAttribute(lambda holder: f"Kind {holder.pass_number}")
    date_of_birth = SCHOOL_YEAR_START.replace(year=SCHOOL_YEAR_START.year - 13)
    postcode = "2525 BC"
    house_number = "1"
    street = "Hoefkade"
    city = "Den Haag"
    valid_from = SCHOOL_YEAR_START.replace(month=1, day=1)
    valid_until = SCHOOL_YEAR_START.replace(month=12, day=31)

    class Params:
        gone = factory.Trait(active=False)
        without_address = factory.Trait(street="", city="")


class VoucherFactory(factory.django.DjangoModelFactory):
    """An issued voucher of € 300; traits: active, exhausted."""

    class Meta:
        model = Voucher

    terms = factory.SubFactory(VoucherTermsFactory)
    pass_holder = factory.SubFactory(PassHolderFactory)
    code = factory.LazyFunction(codes.generate)
    value = factory.SelfAttribute("terms.value_per_child")
    balance = factory.SelfAttribute("value")

    class Params:
        active = factory.Trait(state=VoucherState.ACTIVE)
        exhausted = factory.Trait(state=VoucherState.EXHAUSTED, balance=Decimal("0.00"))


class ParentAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentAccount

    user = factory.SubFactory(UserFactory)
    household_number = "H1"


class AdmissionFactory(factory.django.DjangoModelFactory):
    """A provider's request to take vouchers at € 8 an hour; trait: admitted, suspended."""

    class Meta:
        model = Admission
        skip_postgeneration_save = True

    terms = factory.SubFactory(VoucherTermsFactory)
    provider = factory.SubFactory(ProviderFactory)
    hourly_rate = Decimal("8.00")

    class Params:
        admitted = factory.Trait(state=AdmissionState.ADMITTED)
        suspended = factory.Trait(state=AdmissionState.SUSPENDED)

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create:
            self.locations.set(extracted or [LocationFactory(organisation=self.provider)])


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A parent's request for a place; traits: accepted, active."""

    class Meta:
        model = Enrolment

    admission = factory.SubFactory(AdmissionFactory, admitted=True)
    voucher = factory.SubFactory(
        VoucherFactory, terms=factory.SelfAttribute("..admission.terms"), active=True
    )
    location = factory.LazyAttribute(lambda enrolment: enrolment.admission.locations.first())

    class Params:
        accepted = factory.Trait(state=EnrolmentState.ACCEPTED)
        active = factory.Trait(state=EnrolmentState.ACTIVE, started_on=SCHOOL_YEAR_START)


class SessionFactory(factory.django.DjangoModelFactory):
    """One hour booked yesterday on a running enrolment (the voucher's balance is left as
    it is: book through the service where the balance matters)."""

    class Meta:
        model = Session

    enrolment = factory.SubFactory(EnrolmentFactory, active=True)
    voucher = factory.SelfAttribute("enrolment.voucher")
    admission = factory.SelfAttribute("enrolment.admission")
    day = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    hours = Decimal("1.00")
    rate = factory.SelfAttribute("admission.hourly_rate")
    amount = factory.LazyAttribute(
        lambda session: (session.hours * session.rate).quantize(Decimal("0.01"))
    )
    idempotency_key = factory.Sequence(lambda n: f"sleutel-{n}")
    recorded_by = factory.SubFactory(UserFactory)


class DeclarationFactory(factory.django.DjangoModelFactory):
    """Last month's declaration in draft; traits: submitted, approved."""

    class Meta:
        model = Declaration

    admission = factory.SubFactory(AdmissionFactory, admitted=True)
    month = factory.LazyFunction(
        lambda: (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    )
    created_by = factory.SubFactory(UserFactory)

    class Params:
        submitted = factory.Trait(
            state=DeclarationState.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            total=Decimal("80.00"),
        )
        approved = factory.Trait(
            state=DeclarationState.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            total=Decimal("80.00"),
        )


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A stored key; make usable keys with vouchers.services.api_keys.create_api_token."""

    class Meta:
        model = ApiToken

    provider = factory.SubFactory(ProviderFactory)
    prefix = factory.Sequence(lambda n: f"k{n:07d}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    created_by = factory.SubFactory(UserFactory)


class PassHolderImportFactory(factory.django.DjangoModelFactory):
    """A finished import of a small file, with its per-line report."""

    class Meta:
        model = PassHolderImport

    original_name = "pashouders.csv"
    suffix = ".csv"
    sha256 = factory.Sequence(lambda n: f"{n:064d}")
    file = factory.django.FileField(filename="pashouders.csv", data=b"Pasnummer;Naam\n1;Amira\n")
    uploaded_by = factory.SubFactory(StaffFactory)
    state = ImportState.DONE
    counts = factory.LazyFunction(lambda: {"new": 1, "rows": 1})
    problems = factory.LazyFunction(lambda: [[3, "postcode ‘2525’ klopt niet"]])


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("postcode",)

    postcode = "2525"
    district = factory.LazyFunction(lambda: District.objects.get(name="Schilderswijk"))


class PaymentBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentBatch

    reference = factory.Sequence(lambda n: f"BT-TEST-{n:05d}")
    execution_date = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory)
