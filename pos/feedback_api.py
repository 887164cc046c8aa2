"""JSON API of sales feedback; operations on the counter's API blueprint."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from boutique.auth import ANY

from . import feedback
from .api import bp


class CategoryFeedbackOut(BaseModel):
    category: str
    listed: int
    sold: int
    sell_through: float
    median_days_to_sell: float | None
    median_price: int | None


@bp.operation("GET", "/feedback/categories", summary="What sells, per category", roles=ANY,
              response=CategoryFeedbackOut, many=True)
def categories_feedback() -> Any:
    """Listed, sold, sell-through, median days and price per category."""
    return feedback.category_feedback()
