"""Forms of referrals between organisations."""

from django import forms

from kern.models import Location, Organisation


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
