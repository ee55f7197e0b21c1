"""Numbers that are identifiers or years are never formatted as amounts: with the Dutch
thousand separator on, a location 1234 would post as "1.234" and 2026 read "2.026"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

BARE = re.compile(r"\{\{ *[a-zA-Z_.]*\.(pk|id|year) *\}\}")


def test_no_template_prints_an_identifier_or_year_as_an_amount():
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for match in BARE.finditer(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(("value", "shown"), [(1234, "1234"), (2026, "2026")])
def test_the_way_templates_print_them_keeps_the_digits(value, shown):
    assert settings.USE_THOUSAND_SEPARATOR  # why the rule is needed
    rendered = Template('{{ n }}|{{ n|stringformat:"d" }}').render(Context({"n": value}))
    grouped, plain = rendered.split("|")
    assert plain == shown and grouped != shown


def test_every_field_in_the_back_office_has_a_dutch_label():
    """A field without its own verbose_name shows its English attribute name."""
    from django.apps import apps

    dutch_as_is = {"postcode", "website", "code", "voucher", "score"}
    english = [
        f"{model.__name__}.{field.name}"
        for app in ("kern", "betalingen", "subsidie", "vouchers")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if field.concrete
        and not field.auto_created
        and field.name not in dutch_as_is
        and str(field.verbose_name) == field.name.replace("_", " ")
    ]
    assert english == []
