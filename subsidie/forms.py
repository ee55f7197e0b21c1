from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from kern.forms import DateInput, DutchDecimalField
from kern.models import District, Location, Organisation
from subsidie.choices import ApplicationState, BudgetLineKind, Outcome, WorkingModel
from subsidie.models import REVIEW_STATES, Application, Scheme


class ActivityPlanForm(forms.ModelForm):
    """Step 1: what the homework support is, where, when and by whom."""

    class Meta:
        model = Application
        fields = [
            "title",
            "working_model",
            "goal",
            "target_group",
            "provider",
            "locations",
            "period_start",
            "period_end",
            "days",
            "hours_per_week",
            "weeks_per_year",
            "pupils_per_week",
            "school_cooperation",
            "paid_supervisors",
            "volunteers",
            "all_supervisors_have_vog",
            "training",
        ]
        widgets = {
            "working_model": forms.RadioSelect,
            "locations": forms.CheckboxSelectMultiple,
            "period_start": DateInput,
            "period_end": DateInput,
            "goal": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "school_cooperation": forms.Textarea(attrs={"rows": 3}),
            "training": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        self.fields["working_model"].choices = WorkingModel.choices
        self.fields["working_model"].required = False
        owners = [application.organisation_id, application.provider_id]
        self.fields["locations"].queryset = Location.objects.filter(
            organisation_id__in=[owner for owner in owners if owner], active=True
        ).select_related("organisation", "district")
        if application.scheme.needs_provider:
            self.fields["provider"].queryset = Organisation.objects.providers()
            self.fields["provider"].help_text = (
                "De begeleiding wordt gegeven door een aanbieder zonder winstoogmerk. Sla op "
                "nadat u de aanbieder kiest: dan ziet u ook de locaties van die aanbieder."
            )
        else:
            del self.fields["provider"]

    def clean_provider(self):
        provider = self.cleaned_data.get("provider")
        if provider is not None:
            errors = self.instance.scheme.eligibility_errors(self.instance.organisation, provider)
            if errors:
                raise forms.ValidationError(errors[-1])
        return provider


class BudgetLineForm(forms.Form):
    # The initial value makes an untouched empty row count as unchanged, so it is skipped.
    kind = forms.ChoiceField(
        label="Soort", choices=BudgetLineKind.choices, initial=BudgetLineKind.COST
    )
    description = forms.CharField(label="Omschrijving", max_length=200)
    amount = DutchDecimalField(
        label="Bedrag (€)", max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=2, can_delete=True)


class RequestedAmountForm(forms.Form):
    requested_amount = DutchDecimalField(
        label="Gevraagd bedrag (€)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="Hooguit de kosten min de andere inkomsten. U kunt dit ook later invullen; "
        "zonder bedrag kunt u de aanvraag niet indienen.",
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Bestand", help_text="PDF, Excel (.xlsx) of Word (.docx), hooguit 10 MB."
    )
    description = forms.CharField(
        label="Wat is dit?", max_length=200, help_text="Bijv. begroting, jaarverslag, statuten."
    )


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label="Ik verklaar dat ik alles naar waarheid heb ingevuld en dat ik namens de "
        "organisatie mag aanvragen.",
    )


class InformationRequestForm(forms.Form):
    message = forms.CharField(
        label="Wat ontbreekt er?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Schrijf in gewone taal wat de aanvrager moet aanvullen.",
    )
    due_date = forms.DateField(
        label="Aanvullen vóór", widget=DateInput, help_text="Meestal 2 weken."
    )


def _reviewers():
    return get_user_model().objects.with_perm(
        "subsidie.review_application",
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Beoordelaar", queryset=None, required=False, empty_label="Niemand"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = _reviewers()


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Zoeken", required=False, help_text="Kenmerk, project of aanvrager.")
    scheme = forms.ModelChoiceField(
        label="Regeling", queryset=Scheme.objects.all(), required=False, empty_label="Alle"
    )
    state = forms.ChoiceField(label="Status", required=False)
    district = forms.ModelChoiceField(
        label="Wijk", queryset=District.objects.all(), required=False, empty_label="Alle"
    )
    reviewer = forms.ModelChoiceField(
        label="Beoordelaar", queryset=None, required=False, empty_label="Iedereen"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Te behandelen")] + [
            choice for choice in ApplicationState.choices if choice[0] != ApplicationState.DRAFT
        ]
        self.fields["reviewer"].queryset = _reviewers()

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state")
        queryset = (
            queryset.filter(state=state) if state else queryset.filter(state__in=REVIEW_STATES)
        )
        if data.get("q"):
            term = data["q"]
            queryset = queryset.filter(
                Q(reference__icontains=term)
                | Q(title__icontains=term)
                | Q(organisation__name__icontains=term)
            )
        for field, lookup in (
            ("scheme", "scheme"),
            ("reviewer", "assigned_reviewer"),
        ):
            if data.get(field):
                queryset = queryset.filter(**{lookup: data[field]})
        if data.get("district"):
            queryset = queryset.filter(
                pk__in=Application.locations.through.objects.filter(
                    location__district=data["district"]
                ).values("application_id")
            )
        return queryset


class ReviewForm(forms.Form):
    """Advice plus one score field per published criterion of the scheme."""

    recommendation = forms.ChoiceField(
        label="Advies",
        choices=[(Outcome.GRANT, "verlenen"), (Outcome.REJECT, "afwijzen")],
        widget=forms.RadioSelect,
    )
    advice = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (weging {criterion.weight})",
                min_value=0,
                max_value=criterion.max_score,
                help_text=f"0 tot {criterion.max_score}. {criterion.description}",
            )

    def scores(self):
        return {c: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ProposalForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Voorgesteld besluit",
        choices=[(Outcome.GRANT, "verlenen"), (Outcome.REJECT, "afwijzen")],
        widget=forms.RadioSelect,
    )
    amount = DutchDecimalField(
        label="Bedrag (€)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Alleen bij verlenen. Hooguit het aangevraagde bedrag.",
    )
    reasoning = forms.CharField(
        label="Motivering",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Deze tekst komt in de besluitbrief. Schrijf duidelijk en in gewone taal.",
    )


class ExtensionForm(forms.Form):
    weeks = forms.IntegerField(label="Verlengen met (weken)", min_value=1, initial=4)
    reason = forms.CharField(
        label="Waarom?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De aanvrager krijgt deze reden in een e-mail.",
    )


class RevisionForm(forms.Form):
    """The grant that replaces a refusal after a founded objection."""

    amount = DutchDecimalField(
        label="Nieuw besluit: te verlenen bedrag (€)",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Alleen als het bezwaar (gedeeltelijk) gegrond is. Hooguit het aangevraagde "
        "bedrag; het subsidieplafond geldt ook nu.",
    )
