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


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, relative imports resolved to full dotted names."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = node.module if node.level == 0 else ".".join(p for p in (base, node.module) if p)
            found.add(module or "")
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from inventory import workshop`
    return found


def test_labels_know_nothing_of_the_workshop() -> None:
    """The workshop adds to a label through a hook (labels.data.add_label_extras), never the other way round."""
    offenders = [f"{path.relative_to(ROOT)} imports {module}"
                 for path in sorted((ROOT / "inventory" / "labels").rglob("*.py"))
                 for module in sorted(imported_modules(path))
                 if module == "inventory.workshop" or module.startswith("inventory.workshop.")]
    assert offenders == []


def test_the_labels_check_notices_a_relative_import_of_the_workshop(tmp_path: Path) -> None:
    module = ROOT / "inventory" / "labels" / "views.py"
    assert "inventory.labels.services" in imported_modules(module)
    fake = tmp_path / "inventory" / "labels" / "m.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..workshop import services\nfrom ..workshop.models import Photo\n")
    found = {m for m in imported_modules(fake, tmp_path) if m.startswith("inventory.workshop")}
    assert found == {"inventory.workshop", "inventory.workshop.services", "inventory.workshop.models",
                     "inventory.workshop.models.Photo"}


def test_views_and_api_handlers_never_change_the_session_themselves() -> None:
    offenders = []
    for path in routes_modules():
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


APP_PACKAGES = ("boutique", "inventory", "pos")
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}


def app_modules() -> list[Path]:
    return sorted(p for package in APP_PACKAGES for p in (ROOT / package).rglob("*.py"))


def blueprints_and_routes(path: Path) -> tuple[set[str], set[str]]:
    """The names a module binds to `Blueprint(...)`, and the names its route decorators hang routes on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    blueprints, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name.endswith("Blueprint"):
                blueprints.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS
                        and isinstance(target.value, ast.Name)):
                    used.add(target.value.id)
    return blueprints, used


def routes_modules() -> list[Path]:
    return [path for path in app_modules() if blueprints_and_routes(path)[1]]


def test_no_module_is_over_600_lines() -> None:
    long = [f"{p.relative_to(ROOT)}: {n}" for p in app_modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600]
    assert long == []


def test_routes_hang_on_the_modules_own_blueprint() -> None:
    offenders = []
    for path in routes_modules():
        blueprints, used = blueprints_and_routes(path)
        if used - blueprints:
            offenders.append(f"{path.relative_to(ROOT)}: routes on {sorted(used - blueprints)}")
    assert offenders == []


def test_the_route_check_notices_a_route_on_another_modules_blueprint(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from .views import bp\nfrom flask import Blueprint\nmine = Blueprint('m', __name__)\n"
                      "@bp.get('/x')\ndef x(): ...\n@mine.post('/y')\ndef y(): ...\n")
    assert blueprints_and_routes(module) == ({"mine"}, {"bp", "mine"})
