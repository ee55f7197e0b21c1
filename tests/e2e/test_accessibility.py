"""WCAG 2.1 AA, checked by axe-core in Chromium on a live server with the demo data, on
every page of tests/e2e/pages.py. The number of pages and checks is printed (`pytest -s`)
for the accessibility statement."""

import pytest

from tests.e2e.browser import axe_violations
from tests.e2e.pages import visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_listed_page_has_no_wcag_aa_violation(browser, live_server, demo_site):
    found, checks, count = [], 0, 0
    for label, page in visit(browser, live_server):
        violations, passed = axe_violations(page)
        count, checks = count + 1, checks + passed + len(violations)
        found += [
            f"{label}: {violation['id']} – {violation['help']}: "
            f"{[node['target'] for node in violation['nodes'][:3]]}"
            for violation in violations
        ]
    print(f"\naxe-core: {count} pages, {checks} rules checked")
    assert found == [], "\n".join(found)
