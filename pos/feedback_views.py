"""Pages of sales feedback; routes on the counter's page blueprint."""

from __future__ import annotations

from typing import Any

from flask import render_template

from boutique.auth import ANY, roles_required

from . import feedback
from .views import bp


@bp.get("/feedback", endpoint="feedback")
@roles_required(ANY)
def feedback_page() -> Any:
    """What sold, at what price and how fast."""
    return render_template("pos/feedback.html", sales=feedback.recent_sales(),
                           categories=feedback.category_feedback())
