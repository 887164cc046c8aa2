"""Pages of sales feedback; routes on the counter's page blueprint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from boutique.auth import ANY, roles_required
from boutique.clock import shop_date
from boutique.db import db
from boutique.models import Shop
from boutique.money import format_ore
from boutique.pages import interface_locale, me
from inventory.garments import categories as garment_categories
from inventory.garments import prices
from inventory.labels.data import tag_colour_name

from . import services as feedback
from . import shop

bp = Blueprint("feedback", __name__)


def _csv(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A CSV download with every text cell neutralised against spreadsheet formulas."""
    return Response(shop.csv_text(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _scope() -> tuple[int | None, list[Shop]]:
    """The shop the figures are about: `?shop=<id>` or `?shop=all`, else the person's own shop.

    A person without a shop sees every shop together; so does everyone when there is one shop.
    """
    shops = list(db.session.scalars(select(Shop).order_by(Shop.name)))
    asked = request.args.get("shop", "")
    ids = {shop.id for shop in shops}
    if asked == "all" or len(shops) < 2:
        return None, shops
    if asked.isdigit() and int(asked) in ids:
        return int(asked), shops
    own = me().shop_id
    return (own if own in ids else None), shops


def _page(template: str, **context: Any) -> str:
    """A feedback page."""
    return render_template(template, **context)


@bp.get("/feedback", endpoint="feedback")
@roles_required(ANY)
def feedback_page() -> Any:
    """What sold, at what price and how fast."""
    shop_id, shops = _scope()
    locale = interface_locale()
    return _page("pos/feedback.html", sales=feedback.recent_sales(shop_id=shop_id),
                 categories=feedback.category_feedback(shop_id), category_names=garment_categories.category_names(locale),
                 person=me(),
                 shop_id=shop_id, shops=shops, cohorts=feedback.visible_cohorts(me()))


@bp.get("/feedback/designers/<int:person_id>")
@roles_required(ANY)
def designer_feedback(person_id: int) -> Any:
    """A designer's own pieces and how they sold (their own page; supervisors see anyone's)."""
    report = feedback.designer_feedback(person_id, viewer=me(), locale=interface_locale())
    categories = {p.category: p.category_name for p in report.pieces}  # one suggestion per category, not per piece
    suggestions = {key: (name, prices.suggest_price(key)) for key, name in categories.items()}
    return _page("pos/feedback_designer.html", report=report, status_names=feedback.STATUS_NAMES,
                           suggestions=suggestions,
                           week_rows=[(week, n, str(n)) for week, n in report.sales_by_week],
                           day_rows=[(label, n, str(n)) for label, n in report.days_histogram])


@bp.get("/feedback/designers/<int:person_id>/pieces.csv")
@roles_required(ANY)
def designer_feedback_csv(person_id: int) -> Any:
    """A designer's pieces as CSV."""
    report = feedback.designer_feedback(person_id, viewer=me(), locale=interface_locale())
    return _csv("pieces", [_("Code"), _("Category"), _("Size"), _("Status"), _("Asked (kr)"), _("Paid (kr)"),
                           _("Days to sell")],
                ([p.code, p.category_name, p.size, p.status, _kr(p.asked), _kr(p.paid), p.days_to_sell]
                 for p in report.pieces))


@bp.get("/feedback/cohorts/<int:cohort_id>")
@roles_required(ANY)
def cohort_feedback(cohort_id: int) -> Any:
    """One course's pieces and how they sold, for its teacher and supervisors."""
    report = feedback.cohort_feedback(cohort_id, viewer=me(), locale=interface_locale())
    return _page("pos/feedback_cohort.html", report=report, status_names=feedback.STATUS_NAMES)


@bp.get("/feedback/cohorts/<int:cohort_id>/pieces.csv")
@roles_required(ANY)
def cohort_feedback_csv(cohort_id: int) -> Any:
    """A cohort's pieces as CSV."""
    report = feedback.cohort_feedback(cohort_id, viewer=me(), locale=interface_locale())
    return _csv("cohort", [_("Made by"), _("Code"), _("Category"), _("Size"), _("Status"), _("Asked (kr)"),
                           _("Paid (kr)"), _("Days to sell")],
                ([cp.makers, p.code, p.category_name, p.size, p.status, _kr(p.asked), _kr(p.paid), p.days_to_sell]
                 for cp in report.pieces for p in [cp.piece]))


@bp.get("/feedback/valuers/<int:person_id>")
@roles_required(ANY)
def valuation_feedback(person_id: int) -> Any:
    """How a person's estimates (or first prices) compared with what garments sold for."""
    kind = request.args.get("kind", "estimate")
    report = feedback.valuation_feedback(person_id, viewer=me(), kind=kind if kind in feedback.VALUATION_KINDS
                                         else "estimate", locale=interface_locale())
    return _page("pos/feedback_valuation.html", report=report,
                           week_rows=[(w.week, w.average_miss, format_ore(w.average_miss)) for w in report.weeks])


@bp.get("/feedback/valuers/<int:person_id>/garments.csv")
@roles_required(ANY)
def valuation_feedback_csv(person_id: int) -> Any:
    """The garments a person valued (or priced) and what they sold for, as CSV."""
    kind = request.args.get("kind", "estimate")
    report = feedback.valuation_feedback(person_id, viewer=me(), kind=kind if kind in feedback.VALUATION_KINDS
                                         else "estimate", locale=interface_locale(), limit=10000)
    return _csv("valuations", [_("Code"), _("Category"), _("Your figure (kr)"), _("Paid (kr)"),
                               _("Difference (kr)"), _("Sold")],
                ([g.code, g.category_name, _kr(g.guess), _kr(g.paid), _kr(g.difference),
                  shop_date(g.sold_at).isoformat()] for g in report.garments))


@bp.get("/feedback/shop")
@roles_required(ANY)
def shop_feedback() -> Any:
    """What sells in the shop, in aggregate: by category, size, colour and more; ageing stock; kilos; climate."""
    locale = interface_locale()
    shop_id, shops = _scope()
    dimension = request.args.get("by", "category")
    if dimension not in shop.INSIGHT_DIMENSIONS:
        dimension = "category"
    first, last = shop.parse_period(None, None)
    table = shop.shop_insights(dimension, locale=locale, shop_id=shop_id)
    categories = table if dimension == "category" else shop.shop_insights("category", locale=locale,
                                                                                shop_id=shop_id)
    return _page(
        "pos/feedback_shop.html", dimension=dimension, table=table, names=shop.DIMENSION_NAMES,
        ageing=shop.ageing_stock(shop_id=shop_id), shop_id=shop_id, shops=shops,
        balances=shop.kilo_balances(shop_id), impact=shop.impact(first, last, shop_id),
        category_names=garment_categories.category_names(locale), tag_colour_name=tag_colour_name, kilos=_kilos,
        sell_through_rows=[(r.label, r.figures.sell_through, f"{round(r.figures.sell_through * 100)} %")
                           for r in categories],
        days_rows=[(r.label, r.figures.median_days_to_sell, _("%(days)s days", days=r.figures.median_days_to_sell))
                   for r in categories if r.figures.median_days_to_sell is not None])


@bp.get("/feedback/shop/<dimension>.csv")
@roles_required(ANY)
def shop_feedback_csv(dimension: str) -> Any:
    """One shop insight table as CSV."""
    rows = shop.shop_insights(dimension, locale=interface_locale(), shop_id=_scope()[0])
    return _csv(f"shop-{dimension}", [str(shop.DIMENSION_NAMES[dimension]), _("Listed"), _("Sold"),
                                      _("Sell-through (%)"), _("Median days to sell"), _("Revenue (kr)"),
                                      _("Price realisation (%)")],
                ([r.label, r.figures.listed, r.figures.sold, round(r.figures.sell_through * 100),
                  r.figures.median_days_to_sell, _kr(r.figures.revenue), _percent(r.figures.price_realisation)]
                 for r in rows))


def _kr(ore: int | None) -> float | int | None:
    """Öre as a number of kronor for a spreadsheet."""
    if ore is None:
        return None
    return ore // 100 if ore % 100 == 0 else ore / 100


def _kilos(grams: int) -> str:
    """Grams as kilos for people: "12,3 kg"."""
    return f"{format_decimal(grams / 1000, format='#,##0.#')} kg"


def _percent(ratio: float | None) -> int | None:
    return None if ratio is None else round(ratio * 100)


