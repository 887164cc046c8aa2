"""The layout rules of DESIGN.md, read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may import among the project's own packages.
ALLOWED = {"boutique": set(), "inventory": {"boutique"}, "pos": {"boutique", "inventory"}}
OWN = {"boutique", "inventory", "pos", "app"}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of the project's packages a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OWN


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_downwards(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = imported_packages(path) - ALLOWED[package] - {package}
        if wrong:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert offenders == []


def test_the_import_check_notices_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from pos.services import ring_up\nimport inventory.models\n")
    assert imported_packages(module) == {"pos", "inventory"}


def test_views_and_api_handlers_never_change_the_session_themselves() -> None:
    offenders = []
    for path in sorted(ROOT.glob("*/views.py")) + sorted(ROOT.glob("*/api.py")):
        source = path.read_text(encoding="utf-8")
        for call in ("db.session.add", "db.session.delete", "db.session.commit"):
            if call in source:
                offenders.append(f"{path.relative_to(ROOT)}: {call}")
    assert offenders == []


def test_no_page_or_stylesheet_loads_anything_from_the_internet() -> None:
    offenders = []
    for path in list((ROOT / "templates").rglob("*.html")) + list((ROOT / "static").rglob("*.css")) + list(
            (ROOT / "static").rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", 'href="http', "href='http", "url(http", "@import url("):
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []
