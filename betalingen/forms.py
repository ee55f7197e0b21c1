from django import forms

from kern.forms import DateInput


class BatchForm(forms.Form):
    execution_date = forms.DateField(label="Uitvoeringsdatum", widget=DateInput)
