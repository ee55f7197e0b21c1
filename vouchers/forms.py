from django import forms
from django.contrib.auth.forms import UserCreationForm


class PassHolderFileForm(forms.Form):
    file = forms.FileField(
        label="Bestand van de pasadministratie",
        help_text="Excel (.xlsx) of CSV, met op de eerste regel: pasnummer, huishoudnummer, "
        "naam, geboortedatum, postcode, huisnummer, geldig vanaf, geldig tot.",
    )


class StartImportForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label="Ongeldige regels overslaan en de rest inlezen",
        required=False,
        help_text="Laat dit uit als u het bestand eerst wilt laten verbeteren.",
    )


class ActivationForm(forms.Form):
    pass_number = forms.CharField(
        label="Pasnummer van uw kind", max_length=20, help_text="Dit staat op de Ooievaarspas."
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
