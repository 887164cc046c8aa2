"""JSON API of a till: opening the session, cash movements, the X report, closing with a Z report."""

from __future__ import annotations

from typing import Any, Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field, model_validator

from boutique.api import ApiBlueprint, Body, api_person
from boutique.auth import COUNTER, SUPERVISOR
from boutique.errors import ValidationFailed

from . import services as till_services

bp = ApiBlueprint("tills_api", __name__)


class OpenSessionIn(Body):
    opening_float: int | None = Field(default=None, ge=0, le=till_services.MAX_FLOAT)
    counts: dict[str, int] | None = Field(default=None, description="pieces per note or coin, keyed by öre value")

    @model_validator(mode="after")
    def float_or_counts(self) -> OpenSessionIn:
        if self.opening_float is None and not self.counts:
            raise ValueError("give opening_float or counts")
        return self


class OpenSessionOut(BaseModel):
    session_id: int
    till_id: int
    opening_float: int


class CloseIn(Body):
    counted_cash: int | None = Field(default=None, ge=0, le=till_services.MAX_FLOAT * 10)
    counts: dict[str, int] | None = Field(default=None, description="pieces per note or coin, keyed by öre value")

    @model_validator(mode="after")
    def cash_or_counts(self) -> CloseIn:
        if self.counted_cash is None and not self.counts:
            raise ValueError("give counted_cash or counts")
        return self


class CashIn(Body):
    kind: Literal["cash_in", "cash_out", "no_sale"]
    amount: int = Field(default=0, ge=0, le=till_services.MAX_FLOAT)
    reason: str = Field(default="", max_length=200)


class CashOut(BaseModel):
    id: int
    kind: str
    amount: int
    reason: str
    at: str


def _counts(counts: dict[str, int] | None) -> dict[int, int] | None:
    """Counts keyed by öre value as text (JSON keys) to the services' {öre: pieces}."""
    if counts is None:
        return None
    try:
        return {int(value): pieces for value, pieces in counts.items()}
    except ValueError:
        raise ValidationFailed(_l("Unknown note or coin."), field="counts") from None


@bp.operation("POST", "/tills/<int:till_id>/session", summary="Open the till with a float", roles=COUNTER,
              body=OpenSessionIn, response=OpenSessionOut, status=201, errors=(404, 409))
def open_session(till_id: int, body: OpenSessionIn) -> Any:
    """Open a till session."""
    session = till_services.open_till(till_id, opening_float=body.opening_float, counts=_counts(body.counts),
                                 by=api_person())
    return {"session_id": session.id, "till_id": till_id, "opening_float": session.opening_float}


@bp.operation("POST", "/tills/<int:till_id>/cash", summary="Cash in, cash out, or the drawer opened without a sale",
              roles=COUNTER, body=CashIn, response=CashOut, status=201, errors=(404, 409))
def move_cash(till_id: int, body: CashIn) -> Any:
    """Journalled; counts in the expected cash of the X and Z reports."""
    movement = till_services.move_cash(till_id, body.kind, amount=body.amount, reason=body.reason, by=api_person())
    return {"id": movement.id, "kind": movement.kind, "amount": movement.amount, "reason": movement.reason,
            "at": movement.at.isoformat()}


@bp.operation("GET", "/tills/<int:till_id>/x-report", summary="The X report of the open session", roles=COUNTER,
              errors=(404, 409))
def x_report(till_id: int) -> Any:
    """Figures so far; closes nothing."""
    return till_services.take_x_report(till_id, by=api_person())


@bp.operation("POST", "/tills/<int:till_id>/session/close", summary="Count the drawer, Z report, close",
              roles=SUPERVISOR, body=CloseIn, errors=(404, 409))
def close_session(till_id: int, body: CloseIn) -> Any:
    """The Z report."""
    return till_services.close_till(till_id, counted_cash=body.counted_cash, counts=_counts(body.counts),
                               by=api_person())


@bp.operation("GET", "/tills/<int:till_id>/z-reports", summary="Every Z report of the till, newest first",
              roles=SUPERVISOR, errors=(404,))
def z_reports(till_id: int) -> Any:
    """As the journal keeps them."""
    till_services.get_till(till_id)
    return till_services.z_reports(till_id)
