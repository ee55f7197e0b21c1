"""`{% with actions=record|actions_for:user %}`: the transitions a page may offer."""

from django import template

from kern import transitions

register = template.Library()


@register.filter
def actions_for(instance, user):
    return transitions.available(instance, user)
