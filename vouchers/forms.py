import re
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import UserCreationForm

from kern.forms import DateInput, DutchDecimalField
from kern.money import euro
from kern.validators import validate_low_threshold_fee
from vouchers.services import passholder_import, rounds


class PassHolderFileForm(forms.Form):
    file = forms.FileField(
        label="Bestand van de pasadministratie",
        help_text="Excel (.xlsx) of CSV, met op de eerste regel: pasnummer, huishoudnummer, "
        "naam, geboortedatum, postcode, huisnummer, geldig vanaf, geldig tot. Voor brieven "
        "per post ook straat en woonplaats.",
    )


class StartImportForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label="Ongeldige regels overslaan en de rest inlezen",
        required=False,
        help_text="Laat dit uit als u het bestand eerst wilt laten verbeteren.",
    )
    allow_mass_gone = forms.BooleanField(
        label="Ja, het bestand is compleet: markeer deze pashouders als vertrokken",
        required=False,
    )

    def __init__(self, *args, batch=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = batch.counts if batch else {}
        if not counts.get("invalid"):
            del self.fields["skip_invalid"]
        if not (batch and passholder_import.too_many_gone(counts)):
            del self.fields["allow_mass_gone"]


class VoucherRoundForm(forms.Form):
    """Only what a voucher round needs; grant settings (four eyes, advances) do not apply."""

    name = forms.CharField(label="Naam van de voucherronde", max_length=200)
    description = forms.CharField(
        label="Uitleg voor ouders en aanbieders",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Kinderen met een Ooievaarspas krijgen een voucher voor huiswerkbegeleiding "
        "bij een aanbieder die de gemeente heeft toegelaten.",
    )
    legal_basis = forms.CharField(
        label="Wettelijke grondslag",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=rounds.LEGAL_BASIS,
    )
    start = forms.DateField(label="Eerste schooldag", widget=DateInput)
    end = forms.DateField(
        label="Laatste dag", widget=DateInput, help_text="Daarna vervallen de vouchers."
    )
    value = DutchDecimalField(
        label="Waarde per kind (€)", max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    ceiling = DutchDecimalField(
        label="Subsidieplafond (€)",
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="Het totaal voor alle vouchers van dit schooljaar. Kinderen die niet meer "
        "onder het plafond passen, krijgen geen voucher.",
    )
    min_age = forms.IntegerField(label="Leeftijd vanaf", initial=12, min_value=10, max_value=21)
    max_age = forms.IntegerField(
        label="Leeftijd tot en met",
        initial=18,
        min_value=10,
        max_value=21,
        help_text="De leeftijd op de eerste schooldag.",
    )
    max_hourly_rate = DutchDecimalField(
        label="Hoogste uurtarief van een aanbieder (€)",
        max_digits=5,
        decimal_places=2,
        initial=Decimal("10.00"),
        validators=[validate_low_threshold_fee],
        help_text="Laagdrempelig is hooguit € 10 per uur.",
    )

    def clean(self):
        data = super().clean()
        if data.get("min_age") and data.get("max_age") and data["max_age"] < data["min_age"]:
            self.add_error("max_age", "Deze leeftijd moet gelijk aan of hoger zijn dan de eerste.")
        return data


class PrintRunForm(forms.Form):
    scope = forms.ChoiceField(
        label="Voor wie",
        choices=[
            ("nieuw", "Alle huishoudens met nieuwe vouchers"),
            ("selectie", "Alleen deze huishoudens (ook om een brief opnieuw te maken)"),
        ],
        initial="nieuw",
        widget=forms.RadioSelect,
    )
    households = forms.CharField(
        label="Huishoudnummers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eén of meer nummers, gescheiden door spaties, komma's of enters.",
    )
    letter_date = forms.DateField(label="Datum op de brieven", widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("scope") != "selectie":
            data["households"] = None
            return data
        numbers = [number for number in re.split(r"[\s,;]+", data.get("households", "")) if number]
        if not numbers:
            self.add_error("households", "Vul minstens één huishoudnummer in.")
        data["households"] = numbers
        return data


class ActivationForm(forms.Form):
    pass_number = forms.CharField(
        label="Pasnummer van uw kind",
        max_length=20,
        help_text="Dit staat op de Ooievaarspas.",
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    date_of_birth = forms.DateField(
        label="Geboortedatum van uw kind",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    code = forms.CharField(
        label="Code uit de brief",
        max_length=20,
        help_text="Bijvoorbeeld ABCD-EFGH-JK2. Hoofdletters of kleine letters maakt niet uit.",
    )


class ParentSignupForm(UserCreationForm):
    """A parent chooses a login; an e-mail address is welcome but not required."""

    email = forms.EmailField(
        label="E-mailadres (mag leeg blijven)",
        required=False,
        help_text="Dan kunnen wij u een nieuw wachtwoord sturen als u het vergeet.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ["username", "email"]
        labels = {"username": "Kies een gebruikersnaam"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # It comes after the voucher's fields on the page, which start the form.
        self.fields["username"].widget.attrs.pop("autofocus", None)


_RATE_HELP = "Dit bedrag gaat per uur begeleiding van de voucher af."


class AdmissionForm(forms.Form):
    terms = forms.ModelChoiceField(
        label="Voucherregeling",
        queryset=None,
        empty_label=None,
        error_messages={
            "invalid_choice": "Voor deze regeling is uw organisatie al aangemeld, of de "
            "regeling is voorbij. Kies een andere."
        },
    )
    hourly_rate = DutchDecimalField(
        label="Uurtarief per leerling (€)",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=f"{_RATE_HELP} Het hoogste tarief staat in de regeling.",
    )
    locations = forms.ModelMultipleChoiceField(
        label="Locaties waar ouders de voucher kunnen gebruiken",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, terms, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terms"].queryset = terms
        self.fields["locations"].queryset = locations
        # The maximum is each scheme's own (scheme data, not code); said when there is one.
        maxima = {scheme.max_hourly_rate for scheme in terms}
        if len(maxima) == 1:
            self.fields["hourly_rate"].help_text = f"{_RATE_HELP} Hooguit {euro(*maxima)}."


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        label="Bericht (mag leeg blijven)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EnrolmentStepForm(DecisionNoteForm):
    """A provider's step on an enrolment: a note, and for the start the day it began."""

    day = forms.DateField(label="Begonnen op", required=False, widget=DateInput)


class ReferForm(DecisionNoteForm):
    location = forms.ModelChoiceField(label="Doorverwijzen naar", queryset=None)

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["location"].label_from_instance = lambda location: (
            f"{location.organisation.name} – {location.name}"
            f" ({location.district.name if location.district else 'online'})"
        )


class SessionForm(forms.Form):
    day = forms.DateField(
        label="Datum", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hours = DutchDecimalField(
        label="Uren", max_digits=4, decimal_places=2, min_value=Decimal("0.25"), max_value=8
    )
    # Generated when the form is shown, so pressing the button twice books once.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class DeclarationStartForm(forms.Form):
    admission = forms.ModelChoiceField(label="Regeling", queryset=None, empty_label=None)
    month = forms.DateField(
        label="Maand",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="Een maand die voorbij is.",
    )

    def __init__(self, *args, admissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admission"].queryset = admissions
        # The school year tells two admissions of one provider apart (July is declared
        # after the next year's admission has begun).
        self.fields["admission"].label_from_instance = lambda admission: (
            f"{admission.terms} – {admission.provider.name}"
        )


class HouseholdSearchForm(forms.Form):
    household = forms.CharField(
        label="Huishoudnummer",
        max_length=20,
        help_text="Dit staat op de brief van de gemeente of in de pasadministratie.",
    )


class AccountRecoveryForm(forms.Form):
    username = forms.CharField(label="Uw gebruikersnaam", max_length=150)
    code = forms.CharField(
        label="Herstelcode van de balie",
        max_length=20,
        help_text="Bijvoorbeeld ABCD-EFGH-JK2. Hoofdletters of kleine letters maakt niet uit.",
    )
    password1 = forms.CharField(
        label="Nieuw wachtwoord", strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label="Nieuw wachtwoord nog een keer",
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "De twee wachtwoorden zijn niet hetzelfde.")
        return data
