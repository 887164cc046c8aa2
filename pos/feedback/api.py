"""JSON API of sales feedback; operations on the counter's API blueprint."""

from __future__ import annotations

from typing import Any

from flask import request
from pydantic import BaseModel

from boutique.api import ApiBlueprint, api_person
from boutique.auth import ANY

from . import services as feedback
from . import shop

bp = ApiBlueprint("feedback_api", __name__)


class CategoryFeedbackOut(BaseModel):
    category: str
    listed: int
    sold: int
    sell_through: float
    median_days_to_sell: float | None
    median_price: int | None


class PieceOut(BaseModel):
    code: str
    category: str
    size: str
    status: str
    asked: int | None
    paid: int | None
    days_to_sell: int | None
    priced_at: str | None
    sold_at: str | None


class FiguresOut(BaseModel):
    listed: int
    sold: int
    sell_through: float
    median_days_to_sell: float | None
    revenue: int
    price_realisation: float | None


class DesignerFeedbackOut(FiguresOut):
    items: list[PieceOut]
    category_average: dict[str, FiguresOut]


class CategoryImpactOut(BaseModel):
    category: str
    sold_grams: int
    factor: int | None
    factor_source: str
    co2e_saved_kg: float


class ImpactOut(BaseModel):
    donated_grams: int
    sold_grams: int
    recycled_grams: int
    discarded_grams: int
    co2e_saved_kg: float
    factor: int | None
    factor_source: str
    per_category: list[CategoryImpactOut]


@bp.operation("GET", "/feedback/categories", summary="What sells, per category", roles=ANY,
              response=CategoryFeedbackOut, many=True)
def categories_feedback() -> Any:
    """Listed, sold, sell-through, median days and price per category."""
    return feedback.category_feedback()


@bp.operation("GET", "/feedback/designers/<int:person_id>", summary="A designer's pieces and how they sold",
              roles=ANY, response=DesignerFeedbackOut, errors=(403, 404))
def designer_feedback(person_id: int) -> Any:
    """The designer themself, or a supervisor or admin; anyone else gets 403."""
    return feedback.designer_feedback(person_id, viewer=api_person()).as_json()


@bp.operation("GET", "/impact", summary="Kilos in and out and the climate effect of reuse", roles=ANY,
              response=ImpactOut, errors=(422,))
def impact() -> Any:
    """?from=YYYY-MM-DD&to=YYYY-MM-DD (both included; by default the last 365 days)."""
    first, last = shop.parse_period(request.args.get("from"), request.args.get("to"))
    return shop.impact(first, last).as_json()
