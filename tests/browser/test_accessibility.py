"""axe-core on every page, in Swedish, English and Arabic: no serious or critical violation.

axe comes from npm (`node_modules/axe-core`, installed by `make test` from package-lock.json)
and is evaluated into each page through the DevTools protocol (`page.evaluate`), which the
page's Content-Security-Policy does not govern. Injecting a <script> tag would be refused by
`script-src 'self'`, and a context with `bypass_csp=True` would also stop the test from
noticing the app's own policy violations, which the `watch_policy_violations` hook still does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from boutique import services as people
from boutique.db import db
from boutique.services import add_till
from inventory.workshop import services as workshop
from pos.models import Sale
from pos.tills import services as till_services
from tests.browser.conftest import open_tab, screenshot
from tests.conftest import PASSWORD
from tests.pos.feedback.test_figures import build_shopfloor

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
BROWSER_LOCALES = {"sv": "sv-SE", "en": "en-GB", "ar": "ar"}
# templates/pos/feedback*.html belong to the sales-feedback work: checked like every page,
# and named apart in a failure so the report reaches the right people.
FEEDBACK_OWNER = "sales feedback (templates/pos/feedback*.html)"


@dataclass(frozen=True)
class Visit:
    """One page to check: a name for the report, its path, and what to do before axe runs."""

    name: str
    path: str
    before: Callable[[Any], None] | None = None
    owner: str = ""
    # The customer's screen is in the shop's language, like the receipt, whoever runs the till.
    lang: str | None = None
    # Rules a page breaks on purpose, each with its reason in `pages_to_check`.
    allowed_rules: tuple[str, ...] = ()
    # X and Z reports are legal documents: Swedish or English, else Swedish (pos/tills/views.py).
    legal: bool = False


def axe_source() -> str:
    """axe.min.js from node_modules; a skip where npm has not installed it, a failure in CI."""
    if not AXE.exists():
        message = f"{AXE} is missing: run `make test` (it runs `npm ci`) or `npm ci`"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Any, source: str, allowed_rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe on the page as it stands and keep the violations of serious or critical impact."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS and v["id"] not in allowed_rules]


def describe(visit: Visit, violations: list[dict[str, Any]]) -> list[str]:
    """Readable lines: page, rule, impact, what axe says, and the selectors of the failing elements."""
    lines = []
    owner = f" [{visit.owner}]" if visit.owner else ""
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
        lines.append(f"{visit.name} {visit.path}{owner}: {violation['id']} ({violation['impact']}) "
                     f"{violation['help']} -> {targets}{more}")
    return lines


def sign_in_by_field_names(page: Any, username: str) -> None:
    """Sign in without reading the labels, which are in whatever language the page speaks."""
    page.goto("/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/")


def scan_into_cart(code: str) -> Callable[[Any], None]:
    """Scan a garment at the counter, as a scanner does, so the page shows a cart with a line."""

    def scan(page: Any) -> None:
        page.locator("input[name=code]").fill(code)
        page.locator("input[name=code]").press("Enter")
        page.locator("table.cart tbody tr").first.wait_for()

    return scan


@pytest.fixture
def shop_data(make_person, make_item, make_donation, supervisor, cashier, warehouse, open_till, shop):
    """A shop with something on every page: donations at each stage, garments at each step, sales,
    a closed day with its Z report, a workshop project and a finished piece, sales feedback."""
    floor = build_shopfloor(make_person, make_item, supervisor, cashier, open_till.id)
    washed = make_donation()
    sorted_item = make_item(category="jeans", size="W32", colour="blue", brand="Levi's")
    for_sale = make_item(price=14900, category="shirts")
    project = workshop.create_project(title="Patchwork jacket", source_codes=[make_item(route="redesign").code],
                                      motifs=["Tatreez"], by=floor.student)
    second = add_till(shop.id, name="Kassa 2", by=supervisor)
    till_services.open_till(second.id, opening_float=50000, by=cashier)
    till_services.close_till(second.id, counted_cash=50000, by=supervisor)
    sale = db.session.scalars(select(Sale).order_by(Sale.id)).first()
    cohort = people.create_cohort("Beckmans HT26", teacher_id=None, by=supervisor)
    student = floor.student
    people.update_person(student.id, by=supervisor, display_name=student.display_name, role=student.role,
                         kind=student.kind, language=student.language, active=True, cohort_id=cohort.id)
    return {"cohort": cohort, "floor": floor, "washed": washed, "sorted_item": sorted_item, "for_sale": for_sale, "project": project,
            "till": open_till, "closed_till": second, "sale": sale, "warehouse": warehouse, "shop": shop}


def pages_to_check(data: dict[str, Any], admin_id: int) -> list[Visit]:
    """The pages a signed-in person reaches, with the data built by `shop_data`. Not here: the
    first-run set-up (only on an empty database) and the Swish step (it needs a Swish payment under way)."""
    floor, till, sale = data["floor"], data["till"], data["sale"]
    item, piece = data["sorted_item"], floor.pieces[2]
    return [
        Visit("home", "/"),
        Visit("profile", "/profile"),
        Visit("people", "/people"),
        Visit("person", f"/people/{data['warehouse'].id}"),
        Visit("shops", "/shops"),
        Visit("shop", f"/shops/{data['shop'].id}"),
        Visit("donations", "/donations"),
        Visit("new donation", "/donations/new"),
        Visit("donation", f"/donations/{data['washed'].id}"),
        Visit("donation card", f"/donations/{data['washed'].id}/card"),
        Visit("sort start", "/sort"),
        Visit("sorting station", f"/donations/{data['washed'].id}/sort"),
        Visit("pricing queue", "/pricing"),
        Visit("item", f"/items/{item.code}"),
        Visit("item label", f"/items/{data['for_sale'].code}/label"),
        Visit("manufacturer code", f"/items/{item.code}/manufacturer-code"),
        Visit("find", "/find"),
        Visit("kilos", "/kilos"),
        Visit("work log", "/work"),
        Visit("work of a person", f"/work/{admin_id}"),
        Visit("categories", "/categories"),
        Visit("category", "/categories/jeans"),
        Visit("new category", "/categories/new"),
        Visit("print queue", "/labels"),
        Visit("print queue at pricing", "/labels/pricing"),
        Visit("tills", "/till"),
        Visit("counter with a line", f"/till/{till.id}", before=scan_into_cart(data["for_sale"].code)),
        # A display facing the customer, which nobody operates: it follows the counter by
        # reloading every few seconds (WCAG 2.2.1 lets real-time content do so).
        Visit("customer screen", f"/till/{till.id}/customer", lang="sv", allowed_rules=("meta-refresh",)),
        Visit("switch person", f"/till/{till.id}/person"),
        Visit("drawer", f"/till/{till.id}/drawer"),
        Visit("counter settings", "/counter/settings"),
        Visit("close till", f"/till/{till.id}/close"),
        Visit("returns", f"/till/{till.id}/returns"),
        Visit("return of a sale", f"/till/{till.id}/returns/{sale.id}"),
        Visit("receipt", f"/sales/{sale.id}/receipt"),
        Visit("x report", f"/till/{till.id}/x-report", legal=True),
        Visit("z reports", f"/till/{data['closed_till'].id}/z-reports"),
        Visit("z report", f"/till/{data['closed_till'].id}/z-reports/1", legal=True),
        Visit("workshop", "/workshop"),
        Visit("new project", "/workshop/projects/new"),
        Visit("project", f"/workshop/projects/{data['project'].id}"),
        Visit("product, staff view", f"/p/{piece.code}"),
        Visit("feedback", "/feedback", owner=FEEDBACK_OWNER),
        Visit("feedback designer", f"/feedback/designers/{floor.student.id}", owner=FEEDBACK_OWNER),
        Visit("feedback valuer", f"/feedback/valuers/{floor.participant.id}", owner=FEEDBACK_OWNER),
        Visit("feedback shop", "/feedback/shop", owner=FEEDBACK_OWNER),
        Visit("feedback cohort", f"/feedback/cohorts/{data['cohort'].id}", owner=FEEDBACK_OWNER),
        Visit("cohorts", "/cohorts"),
    ]


@pytest.fixture
def tab(browser: Any, live_server: str, lang: str) -> Iterator[Any]:
    """One page for every visit in one language, its browser asking for that language."""
    with open_tab(browser, live_server, BROWSER_LOCALES[lang]) as (page, blocked):
        yield page
    assert blocked == [], "a page broke its Content-Security-Policy"


def check_page(tab: Any, visit: Visit, lang: str, source: str) -> list[str]:
    """Open the page, see that it answers in its language, and list what axe finds."""
    response = tab.goto(visit.path)
    if not response.ok:
        return [f"{visit.name} {visit.path}: the page answered {response.status}"]
    expected = visit.lang or ("sv" if visit.legal and lang not in ("sv", "en") else lang)
    assert tab.evaluate("document.documentElement.lang") == expected, f"{visit.name} is not in {expected}"
    if visit.before:
        visit.before(tab)
    problems = describe(visit, serious_violations(tab, source, visit.allowed_rules))
    if lang == "ar":  # a person checks the right-to-left layout by eye
        screenshot(tab, "rtl-" + visit.name.replace(" ", "-").replace(",", ""))
    return problems


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_no_page_has_a_serious_or_critical_axe_violation(lang, tab, shop_data, make_person):
    source = axe_source()
    admin = make_person("admin", username="admin", display_name="Admin", language=lang)
    problems: list[str] = []
    for visit in (Visit("sign in", "/login"), Visit("product, public", f"/p/{shop_data['floor'].pieces[2].code}")):
        problems += check_page(tab, visit, lang, source)
    sign_in_by_field_names(tab, "admin")
    for visit in pages_to_check(shop_data, admin.id):
        problems += check_page(tab, visit, lang, source)
    assert problems == [], f"axe in {lang}:\n" + "\n".join(problems)
