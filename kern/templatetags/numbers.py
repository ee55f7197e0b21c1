"""`{{ value|quantity }}`: a count or number of hours without a needless ',0'."""

from django import template

from kern.money import quantity as dutch_quantity

register = template.Library()


@register.filter
def quantity(value):
    return "–" if value is None else dutch_quantity(value)
