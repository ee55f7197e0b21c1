"""The report as one form: the plan's figures with what was realised, pupils per district,
the financial report's lines, and a few questions."""

from decimal import Decimal

from django import forms

from kern.forms import DateInput, DutchDecimalField
from kern.money import euro, quantity
from subsidie.forms import RevisionForm


class ReportForm(forms.Form):
    summary = forms.CharField(
        label="Wat ging goed, wat niet?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Een korte toelichting in eigen woorden.",
    )
    school_cooperation = forms.CharField(
        label="Met welke scholen werkte u samen, en hoe?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    all_supervisors_have_vog = forms.BooleanField(
        label="Alle begeleiders hadden een VOG", required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        for figure in report.figures.all():
            self.fields[f"realised_{figure.measure}"] = DutchDecimalField(
                label=f"{figure.get_measure_display().capitalize()}: werkelijk",
                help_text=f"Gepland: {quantity(figure.planned)}.",
                required=False,
                max_digits=8,
                decimal_places=1,
                min_value=0,
                initial=figure.realised,
            )
            self.fields[f"explanation_{figure.measure}"] = forms.CharField(
                label=f"Uitleg als het aantal {figure.get_measure_display()} afwijkt",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=figure.explanation,
            )
        for row in report.districts.all():
            self.fields[f"district_{row.pk}"] = forms.IntegerField(
                label=f"Bereikte leerlingen in {row.district.name}",
                required=False,
                min_value=0,
                initial=row.pupils,
            )
        for row in report.costs.all():
            self.fields[f"cost_{row.pk}"] = DutchDecimalField(
                label=f"{row.budget_line.description}: werkelijke kosten (€)",
                help_text=f"Begroot: {euro(row.budget_line.amount)}.",
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=0,
                initial=row.realised,
            )

    def saved_data(self):
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "school_cooperation": data["school_cooperation"],
            "all_supervisors_have_vog": data["all_supervisors_have_vog"],
            "figures": {
                figure.measure: (
                    data[f"realised_{figure.measure}"],
                    data[f"explanation_{figure.measure}"],
                )
                for figure in self.report.figures.all()
            },
            "districts": {
                row.pk: data[f"district_{row.pk}"] for row in self.report.districts.all()
            },
            "costs": {row.pk: data[f"cost_{row.pk}"] for row in self.report.costs.all()},
        }


class ReportAttachmentForm(forms.Form):
    file = forms.FileField(
        label="Bestand", help_text="PDF, Excel (.xlsx) of Word (.docx), hooguit 10 MB."
    )
    description = forms.CharField(label="Wat is dit?", max_length=200)
    is_auditor_statement = forms.BooleanField(
        label="Dit is de verklaring van de accountant", required=False
    )


class ReviewMessageForm(forms.Form):
    message = forms.CharField(
        label="Bericht aan de organisatie",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Nodig bij aanpassen vragen en bij afkeuren: wat moet anders, of waarom.",
    )


class NoticeForm(forms.Form):
    message = forms.CharField(
        label="Wat verandert er?",
        help_text="Welke activiteiten gaan niet (helemaal of niet op tijd) door, vanaf wanneer "
        "en waarom? Wij nemen contact met u op.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class NoticeHandlingForm(forms.Form):
    handling = forms.CharField(
        label="Wat doet de gemeente met de melding?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Bij lagere voorschotten komt dit als motivering in de besluitbrief.",
    )
    lower_by = DutchDecimalField(
        label="Voorschotten verlagen met (€)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Alleen een besluitvormer. Leeg laten als de voorschotten blijven zoals ze zijn.",
    )

    def __init__(self, *args, may_lower=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_lower:
            del self.fields["lower_by"]


class SettlementForm(forms.Form):
    """Per budget line the amount to settle, and why where it is below the award."""

    reasoning = forms.CharField(
        label="Toelichting voor de besluitbrief (niet verplicht)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, lines, reasoning="", **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.fields["reasoning"].initial = reasoning
        for index, line in enumerate(lines):
            spent = "" if line.realised is None else f" Werkelijke kosten: {euro(line.realised)}."
            self.fields[f"eligible_{index}"] = DutchDecimalField(
                label=f"{line.description}: vast te stellen (€)",
                help_text=f"Verleend: {euro(line.awarded)}.{spent}",
                max_digits=12,
                decimal_places=2,
                min_value=0,
                max_value=line.awarded,
                initial=line.eligible,
            )
            self.fields[f"reason_{index}"] = forms.CharField(
                label=f"{line.description}: waarom lager?",
                help_text="Verplicht als u minder vaststelt dan verleend; dit komt in de brief.",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=line.reason,
            )

    def entries(self):
        data = self.cleaned_data
        return [(data[f"eligible_{i}"], data[f"reason_{i}"]) for i in range(len(self.lines))]


class RepaymentForm(forms.Form):
    received_on = forms.DateField(label="Ontvangen op", widget=DateInput())
    note = forms.CharField(label="Opmerking (niet verplicht)", required=False)


class WriteOffForm(forms.Form):
    reason = forms.CharField(
        label="Waarom wordt het bedrag niet meer teruggevorderd?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SettlementRunForm(forms.Form):
    scheme = forms.ModelChoiceField(label="Regeling", queryset=None)
    year = forms.IntegerField(
        label="Jaar", help_text="Subsidies waarvan de periode in dit jaar eindigde.", min_value=2000
    )
    percentage = forms.IntegerField(
        label="Steekproef (%)",
        initial=10,
        min_value=0,
        max_value=100,
        help_text="Deze subsidies moeten eerst bewijs sturen.",
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class SettlementRevisionForm(RevisionForm):
    """The settlement that replaces a lower one after a founded objection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount = self.fields["amount"]
        amount.label = "Nieuw besluit: vast te stellen bedrag (€)"
        amount.help_text = (
            "Alleen als het bezwaar (gedeeltelijk) gegrond is. Hoger dan eerst vastgesteld en "
            "hooguit het verleende bedrag. De terugvordering wordt lager of vervalt; wat wij "
            "nog moeten betalen, gaat mee in de volgende betaalbatch."
        )
