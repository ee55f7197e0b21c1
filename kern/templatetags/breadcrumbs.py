"""The trail back on pages deeper than two levels:

    {% breadcrumbs "Vouchers" "voucher_terms" terms.scheme.name voucher_list_url "Brieven" %}

Pairs of a label and a URL name or URL, then the current page's label."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def breadcrumbs(*items):
    *trail, current = items
    links = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        ((_url(target), label) for label, target in zip(trail[::2], trail[1::2], strict=True)),
    )
    return format_html(
        '<nav aria-label="Kruimelpad" class="breadcrumbs"><ol>{}'
        '<li aria-current="page">{}</li></ol></nav>',
        links,
        current,
    )


def _url(target):
    try:
        return reverse(target)
    except NoReverseMatch:
        return target
