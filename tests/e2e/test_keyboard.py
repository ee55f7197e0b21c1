"""Keyboard only (WCAG 2.1.1, 2.4.7, 1.4.11): on every page of tests/e2e/pages.py the Tab key
reaches every field and button of every form, with a visible focus outline; and forms are
filled and sent with the keyboard alone: the offer's filters, both login steps (the code
field has the focus at once), a referral."""

import re

import pytest
from django.urls import reverse

from aanbod.models import Referral
from kern import demo
from tests.e2e.browser import logged_in, page_as
from tests.e2e.pages import user, visit

pytestmark = pytest.mark.django_db(transaction=True)

# Every visible control of every form gets a number; radio buttons count per group (Tab
# enters a group once, the arrow keys move inside it).
_MARK = """() => {
  const controls = [...document.querySelectorAll(
    'form input, form select, form textarea, form button')].filter(el =>
      el.type !== 'hidden' && !el.disabled && el.tabIndex >= 0 &&
      el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
  const groups = new Map();
  controls.forEach((el, index) => {
    const key = el.type === 'radio' ? 'radio:' + el.form?.id + el.name : 'control:' + index;
    el.dataset.keyboard = key;
    groups.set(key, el.id || el.name || el.textContent.trim() || el.type);
  });
  return Object.fromEntries(groups);
}"""
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {key: el.dataset.keyboard || null, outline: style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) >= 2, color: style.outlineColor,
          what: el.tagName + ' ' + (el.type || '') + ' ' + (el.id || el.name || ''),
          width: style.outlineWidth, style: style.outlineStyle};
}"""


def _luminance(css_colour):
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(css_colour):
    return 1.05 / (_luminance(css_colour) + 0.05)


def _tab_through(page, limit=400):
    """The keys of the controls Tab reaches from the top of the page, and the focus styles
    seen on the way."""
    wanted = page.evaluate(_MARK)
    reached, styles = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            continue
        if focused["key"]:
            reached.add(focused["key"])
            styles.append(focused)
        if reached >= set(wanted):
            break
    return wanted, reached, styles


def test_tab_reaches_every_form_control_with_a_visible_focus(browser, live_server, demo_site):
    unreachable, invisible = [], []
    for label, page in visit(browser, live_server):
        wanted, reached, styles = _tab_through(page)
        unreachable += [f"{label}: {wanted[key]}" for key in sorted(set(wanted) - reached)]
        invisible += [
            f"{label}: {style['what']}: outline {style['style']} {style['width']} {style['color']}"
            for style in styles
            if not style["outline"] or _contrast_on_white(style["color"]) < 3
        ]
    assert unreachable == [], "\n".join(unreachable)
    assert invisible == [], "\n".join(invisible[:20])


def _tab_to(page, selector, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_offer_filters_are_chosen_and_sent_with_the_keyboard(browser, live_server, demo_site):
    page = page_as(browser, live_server)
    page.goto(live_server.url + reverse("offer_list"))
    _tab_to(page, "#id_dag")
    page.keyboard.press("ArrowDown")  # the first day: Monday
    _tab_to(page, "input[name=plek]")
    page.keyboard.press("Space")
    _tab_to(page, "form.filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "dag=ma" in page.url and "plek=ja" in page.url
    assert "plekken gevonden" in page.content() or "plek gevonden" in page.content()


def test_both_login_steps_by_keyboard_with_the_code_field_focused(browser, live_server, demo_site):
    data = demo_site
    page = page_as(browser, live_server)
    page.goto(live_server.url + reverse("login"))
    # The username field takes the focus by itself (autofocus), which Chromium applies at
    # its next rendering after "load": under load, keys typed at once went to the page.
    page.wait_for_function("() => document.activeElement?.name === 'username'")
    page.keyboard.type("beoordelaar")
    page.keyboard.press("Tab")
    page.keyboard.type(data["password"])
    with page.expect_navigation(url=re.compile(r".*/inloggen/code/.*")):
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.name === 'token'")
    page.keyboard.type(demo.current_code(data))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Overzicht voor medewerkers" in page.content()


def test_a_referral_is_filled_and_sent_with_the_keyboard(browser, live_server, demo_site):
    page = page_as(browser, live_server, logged_in(user("aanbieder"), verified=False))
    page.goto(live_server.url + reverse("referral_create"))
    _tab_to(page, "#id_location")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "#id_first_name")
    page.keyboard.type("Samira")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # leerjaar 1
    page.keyboard.press("Tab")
    page.keyboard.type("Hulp bij plannen.")
    _tab_to(page, "#id_parent_consent")
    page.keyboard.press("Space")
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    referral = Referral.objects.get()
    assert (referral.first_name, referral.school_year) == ("Samira", 1)
    assert "De doorverwijzing is verstuurd" in page.content()
