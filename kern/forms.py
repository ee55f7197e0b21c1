"""Forms for organisations, locations and colleagues, and small forms every app uses."""

from decimal import Decimal

from django import forms

from kern.choices import MemberRole
from kern.models import District, Location, Organisation
from kern.money import parse_amount

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
