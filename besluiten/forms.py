"""Forms of hearings and objections."""

from django import forms

from besluiten.choices import ObjectionOutcome
from kern.forms import DateInput
from kern.validators import validate_upload


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
