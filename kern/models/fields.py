"""Model fields the apps share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from kern import validators


class ChoiceListField(models.JSONField):
    """A list of values from one TextChoices class, shown as checkboxes.

    A JSON list keeps multi-select answers from the questionnaire on the row they describe,
    on SQLite and PostgreSQL alike.
    """

    def __init__(self, *args, choices_class=None, **kwargs):
        self.choices_class = choices_class
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = set(self.choices_class.values)
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise ValidationError("Kies alleen uit de opties in de lijst.", code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_class.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )

    def labels(self, values):
        lookup = dict(self.choices_class.choices)
        return [lookup[value] for value in values if value in lookup]


class WebsiteField(models.URLField):
    """A URL typed without a scheme is taken as https, as Django 6 will do."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class AddressFields(models.Model):
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.CharField("huisnummer", max_length=20, blank=True)
    postcode = models.CharField(
        "postcode", max_length=7, blank=True, validators=[validators.validate_postcode]
    )
    city = models.CharField("plaats", max_length=100, blank=True, default="Den Haag")

    class Meta:
        abstract = True

    def clean_address(self, required):
        self.postcode = validators.normalise_postcode(self.postcode)
        if not required:
            return {}
        message = "Vul dit in."
        return {
            field: message
            for field in ("street", "house_number", "postcode", "city")
            if not getattr(self, field)
        }

    @property
    def address_line(self):
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}".strip(" ,")
