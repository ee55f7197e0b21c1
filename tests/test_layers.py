"""The apps depend on each other one way only: kern <- besluiten, betalingen, aanbod <-
subsidie <- vouchers, verantwoording; apps on one layer do not import each other.

Read from the source with ast, so an import inside a function body counts as well.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANK = {
    "kern": 0,
    "besluiten": 1,
    "betalingen": 1,
    "aanbod": 1,
    "subsidie": 2,
    "vouchers": 3,
    "verantwoording": 3,
}


def imports_of(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                yield path.relative_to(ROOT), node.lineno, name.split(".")[0]


@pytest.mark.parametrize("app", RANK)
def test_no_app_imports_an_app_above_it_or_beside_it(app):
    upward = [
        f"{path}:{line} imports {target}"
        for path, line, target in imports_of(app)
        if target in RANK and target != app and RANK[target] >= RANK[app]
    ]
    assert upward == []


def test_the_core_holds_no_objection_hearing_offer_or_referral_code():
    """They live in besluiten and aanbod (kern is the core every app shares)."""
    words = ("Objection", "Hearing", "Referral", "offer")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "kern").rglob("*.py"))
        if "migrations" not in path.parts
        and any(f"class {word}" in path.read_text(encoding="utf-8") for word in words)
    ]
    assert found == []


def test_the_walk_sees_imports_inside_functions():
    """A guard on the test itself: the tasks import their services in the task body."""
    found = {(str(path), target) for path, _, target in imports_of("vouchers")}
    assert ("vouchers/tasks.py", "vouchers") in found


def test_vouchers_lean_on_subsidie_only_for_the_scheme_and_its_budget():
    """Through services: the scheme's set-up and its budget."""
    used = set()
    for path in sorted((ROOT / "vouchers").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("subsidie"):
                used |= {f"{node.module}.{alias.name}" for alias in node.names}
    assert used <= {"subsidie.services.budget", "subsidie.services.schemes"}
