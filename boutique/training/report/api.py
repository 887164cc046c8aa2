"""JSON API of the programme report."""

from __future__ import annotations

from typing import Any

from flask import request
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, api_person
from boutique.auth import SUPERVISOR

from . import services

bp = ApiBlueprint("report_api", __name__)


class ReportOut(BaseModel):
    from_: str = Field(alias="from")
    to: str
    participants: int | None
    started: int | None
    ended: int | None
    attended_minutes: int | None
    by_referral: dict[str, int | None]
    outcomes: dict[str, int | None]
    self_rating_change: dict[str, float | None]


@bp.operation("GET", "/work-training/report", summary="The programme report for a period (groups under 5: null)",
              roles=SUPERVISOR, response=ReportOut, errors=(403, 422))
def programme_report() -> Any:
    """Participants, starts, exits, hours, referrals, outcomes and self-rating change; `?from=&to=` YYYY-MM-DD."""
    first, last = services.parse_period(request.args.get("from"), request.args.get("to"))
    return services.programme_report(first, last, reader=api_person()).as_json()
