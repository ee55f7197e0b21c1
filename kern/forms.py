"""Forms for organisations, locations and colleagues, and small forms every app uses."""

from decimal import Decimal

from django import forms

from kern.choices import MemberRole, ObjectionOutcome
from kern.models import District, Location, Organisation
from kern.money import parse_amount
from kern.validators import validate_upload

_CONTACT_FIELDS = [
    "name",
    "street",
    "house_number",
    "postcode",
    "city",
    "iban",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "in_public_offer",
]
_PROVIDER_FIELDS = [
    "legal_form",
    "not_for_profit",
    "not_for_profit_reason",
    "anbi",
    "supervisor_education",
    "supervisor_training",
    "vog_required",
    "school_cooperation",
    "admission_conditions",
]


class SchoolProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = _CONTACT_FIELDS


class ProviderProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = _CONTACT_FIELDS + _PROVIDER_FIELDS


def profile_form_class(organisation):
    return SchoolProfileForm if organisation.is_school else ProviderProfileForm


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, district):
        return f"{district.name} ({district.borough.name})"


class LocationForm(forms.ModelForm):
    district = DistrictChoiceField(
        queryset=District.objects.select_related("borough"),
        required=False,
        label="Wijk",
        empty_label="Kies een wijk",
    )

    class Meta:
        model = Location
        fields = [
            "name",
            "online_only",
            "street",
            "house_number",
            "postcode",
            "city",
            "district",
            "days",
            "opening_hours",
            "hours_per_week",
            "weeks_per_year",
            "places_per_week",
            "waiting_list",
            "free_places",
            "support_types",
            "fee_per_hour",
            "sign_up",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["free_places"].required = False

    def clean_free_places(self):
        """Left empty: none free (the offer then says the location is full)."""
        return self.cleaned_data["free_places"] or 0


class AvailabilityForm(forms.ModelForm):
    """Free places and waiting list, kept up to date in a few clicks."""

    class Meta:
        model = Location
        fields = ["free_places", "waiting_list"]


class MemberForm(forms.Form):
    email = forms.EmailField(label="E-mailadres")
    first_name = forms.CharField(label="Voornaam", max_length=150)
    last_name = forms.CharField(label="Achternaam", max_length=150)
    role = forms.ChoiceField(
        label="Rol",
        choices=MemberRole.choices,
        initial=MemberRole.MEMBER,
        help_text="Een beheerder kan ook collega's toevoegen en verwijderen.",
    )


class DutchDecimalField(forms.DecimalField):
    """A decimal typed the Dutch way or not (`38.000,75`, `38000,75`, `1,5`), read by
    `kern.money.parse_amount`, which refuses what it would have to guess; shown with a comma."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, **kwargs):
        super().__init__(localize=True, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Waarom?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class HearingResponseForm(forms.Form):
    response = forms.CharField(
        label="Uw reactie",
        help_text="Schrijf waarom u het niet eens bent met het voornemen, of wat wij nog moeten "
        "weten. Wij lezen uw reactie voordat wij besluiten.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )


class ObjectionForm(forms.Form):
    """Registering a bezwaarschrift as it came in (Awb 6:4, 6:5)."""

    received_on = forms.DateField(label="Ontvangen op", widget=DateInput())
    posted_on = forms.DateField(
        label="Poststempel",
        required=False,
        widget=DateInput(),
        help_text="Kwam het bezwaar per post? Vul de datum van het poststempel in. Op de post "
        "gedaan vóór het einde van de termijn en binnen een week daarna ontvangen is op tijd "
        "(artikel 6:9 Awb).",
    )
    objector = forms.CharField(
        label="Bezwaarmaker",
        max_length=200,
        help_text="Wie maakt bezwaar? Standaard de organisatie van het besluit.",
    )
    grounds = forms.CharField(
        label="Gronden van het bezwaar",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Waarom is de bezwaarmaker het niet eens met het besluit? Kort samengevat.",
    )
    grounds_file = forms.FileField(
        label="Bezwaarschrift (bestand)",
        required=False,
        validators=[validate_upload],
        help_text="Het ingescande bezwaarschrift: PDF, Excel (.xlsx) of Word (.docx), hooguit "
        "10 MB.",
    )
    advisory_committee = forms.BooleanField(
        label="De bezwaarcommissie geeft advies (beslistermijn 12 weken in plaats van 6)",
        required=False,
    )
    lateness_excused = forms.BooleanField(
        label="Te laat, maar verschoonbaar (artikel 6:11 Awb)", required=False
    )
    lateness_reasons = forms.CharField(
        label="Waarom is de termijnoverschrijding verschoonbaar?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen invullen als het bezwaar te laat kwam.",
    )


class RepairForm(forms.Form):
    message = forms.CharField(
        label="Wat ontbreekt er?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijv. de handtekening, of waarom de bezwaarmaker het niet eens is.",
    )
    due = forms.DateField(label="Herstellen vóór", widget=DateInput())


class ObjectionHearingForm(forms.Form):
    day = forms.DateField(label="Datum", widget=DateInput())
    time = forms.TimeField(label="Tijd", widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(
        label="Plaats of link", max_length=200, help_text="Bijv. Stadhuis, Spui 70, kamer 4.12."
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label="Verslag van de hoorzitting", widget=forms.Textarea(attrs={"rows": 8})
    )


class AdviceForm(forms.Form):
    advice = forms.CharField(
        label="Advies van de bezwaarcommissie", widget=forms.Textarea(attrs={"rows": 8})
    )


class ObjectionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Beslissing", choices=ObjectionOutcome.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(
        label="Motivering",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Deze tekst komt in de beslissing op bezwaar. Ga in op elke grond.",
    )


class HearingAnswerForm(forms.Form):
    """What the decision maker does with the applicant's response (Awb 3:46, 4:8)."""

    answer = forms.CharField(
        label="Wat doet u met de reactie van de aanvrager?",
        help_text="Dit komt in de besluitbrief, onder de reactie.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = required
        if not required:
            self.fields["answer"].widget = forms.HiddenInput()


class ReferralForm(forms.Form):
    """A pupil referred to another organisation's location; only what it needs to know."""

    referrer = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Uw organisatie", empty_label=None
    )
    location = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        label="Naar welke locatie",
        empty_label="Kies een locatie",
        help_text="Alle locaties uit het openbare aanbod, behalve die van uw eigen organisatie.",
    )
    first_name = forms.CharField(label="Voornaam van de leerling", max_length=50)
    school_year = forms.TypedChoiceField(
        label="Leerjaar",
        coerce=int,
        choices=[("", "Kies het leerjaar")] + [(year, f"leerjaar {year}") for year in range(1, 7)],
    )
    help_needed = forms.CharField(
        label="Welke hulp heeft de leerling nodig?",
        help_text="Alleen wat de andere organisatie moet weten. Geen achternaam, adres of "
        "gegevens over gezondheid.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
    )
    parent_consent = forms.BooleanField(
        label="De ouder of verzorger vindt het goed dat ik deze gegevens doorgeef",
        error_messages={"required": "Verwijs alleen door als de ouder of verzorger dat goedvindt."},
    )

    def __init__(self, *args, organisations, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrer"].queryset = organisations
        self.fields["location"].queryset = locations
        self.fields["location"].label_from_instance = _location_label
        # Most members belong to one organisation: no question then.
        self.only = organisations.first() if len(organisations) == 1 else None
        if self.only:
            del self.fields["referrer"]

    def clean(self):
        data = super().clean()
        if self.only:
            data["referrer"] = self.only
        return data


def _location_label(location):
    where = location.district.name if location.district_id else "online"
    return f"{location.organisation.name} – {location.name} ({where})"


class ReferralAnswerForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label="Kan de leerling bij u komen?",
        coerce=lambda value: value == "ja",
        choices=[("ja", "Ja, wij nemen de leerling aan"), ("nee", "Nee")],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label="Toelichting",
        help_text="Bij nee: waarom niet. Bij ja bijvoorbeeld: wanneer de leerling kan beginnen.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
