from django import template

register = template.Library()


@register.filter
def days_left(due, today):
    """Plain words for a decision term: 'nog 12 dagen', 'vandaag', '3 dagen te laat'."""
    if due is None:
        return ""
    days = (due - today).days
    if days == 0:
        return "vandaag"
    if days > 0:
        return f"nog {days} dag{'en' if days != 1 else ''}"
    return f"{-days} dag{'en' if days != -1 else ''} te laat"
