"""The apps depend on each other one way only: kern <- betalingen <- subsidie <- vouchers.

Read from the source with ast, so an import inside a function body counts as well.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["kern", "betalingen", "subsidie", "vouchers"]  # verantwoording sits beside vouchers


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


@pytest.mark.parametrize(
    ("app", "sibling"), [("vouchers", "verantwoording"), ("verantwoording", "vouchers")]
)
def test_the_two_top_apps_do_not_import_each_other(app, sibling):
    assert [f"{path}:{line}" for path, line, target in imports_of(app) if target == sibling] == []


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_imports_an_app_above_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    upward = [
        f"{path}:{line} imports {target}"
        for path, line, target in imports_of(app)
        if target in above
    ]
    assert upward == []


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
