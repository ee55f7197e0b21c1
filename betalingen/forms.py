from django import forms
from django.utils import timezone

from betalingen import bankdays
from kern.forms import DateInput


class BatchForm(forms.Form):
    execution_date = forms.DateField(
        label="Uitvoeringsdatum",
        widget=DateInput,
        help_text="De dag waarop de bank betaalt. De lijst toont wat op die dag te betalen is.",
    )

    def clean_execution_date(self):
        day = self.cleaned_data["execution_date"]
        if day < timezone.localdate():
            raise forms.ValidationError("De uitvoeringsdatum kan niet in het verleden liggen.")
        if not bankdays.is_bank_day(day):
            raise forms.ValidationError(
                f"Op deze dag voeren banken geen betalingen uit. Kies bijvoorbeeld "
                f"{bankdays.next_bank_day(day):%d-%m-%Y}."
            )
        return day
