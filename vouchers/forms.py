from django import forms


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
