"""JSON API of the counter: till sessions, sales, receipts, returns, reports, the journal, feedback."""

from __future__ import annotations

from typing import Any, Literal

from flask import Response
from pydantic import BaseModel, Field, model_validator

from boutique.api import ApiBlueprint, Body, api_person
from boutique.auth import ANY, COUNTER, SUPERVISOR

from . import feedback, journal, services
from .models import Sale
from .receipts import build_receipt, receipt_pdf

bp = ApiBlueprint("pos_api", __name__)


class OpenSessionIn(Body):
    opening_float: int = Field(ge=0, le=services.MAX_FLOAT)


class OpenSessionOut(BaseModel):
    session_id: int
    till_id: int
    opening_float: int


class LineIn(Body):
    code: str | None = Field(default=None, max_length=40)
    category: str | None = Field(default=None, max_length=40)
    price: int | None = Field(default=None, ge=0, le=10_000_000)

    @model_validator(mode="after")
    def code_or_category(self) -> LineIn:
        if self.code is None and (self.category is None or self.price is None):
            raise ValueError("a line needs a code, or a category and a price")
        return self


class PaymentIn(Body):
    method: Literal["cash", "card", "swish"]
    amount: int = Field(ge=0, le=100_000_000)
    reference: str = Field(default="", max_length=80)


class SaleIn(Body):
    till_id: int
    lines: list[LineIn] = Field(min_length=1, max_length=services.MAX_LINES)
    payments: list[PaymentIn] = Field(max_length=10)
    training: bool = False


class SaleLineOut(BaseModel):
    id: int
    code: str | None
    category: str
    description: str
    price: int
    vat_rate: int
    vat_amount: int


class PaymentOut(BaseModel):
    method: str
    amount: int
    tendered: int | None
    reference: str


class SaleOut(BaseModel):
    id: int
    kind: str
    till_id: int
    receipt_no: int
    at: str
    training: bool
    total: int
    rounding: int
    change: int
    original_sale_id: int | None
    lines: list[SaleLineOut]
    payments: list[PaymentOut]


class ApprovalIn(Body):
    username: str = Field(max_length=60)
    pin: str = Field(max_length=20)


class ReturnIn(Body):
    codes: list[str] = Field(min_length=1, max_length=services.MAX_LINES)
    method: Literal["cash", "card", "swish"]
    approval: ApprovalIn | None = None


class CloseIn(Body):
    counted_cash: int = Field(ge=0, le=services.MAX_FLOAT * 10)


class CategoryFeedbackOut(BaseModel):
    category: str
    listed: int
    sold: int
    sell_through: float
    median_days_to_sell: float | None
    median_price: int | None


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    first_bad: dict[str, Any] | None = None


def sale_json(sale: Sale) -> dict[str, Any]:
    """A sale with its lines and payments."""
    return {
        "id": sale.id, "kind": sale.kind, "till_id": sale.till_id, "receipt_no": sale.receipt_no,
        "at": sale.at.isoformat(), "training": sale.training, "total": sale.total, "rounding": sale.rounding,
        "change": sale.change, "original_sale_id": sale.original_sale_id,
        "lines": [{"id": line.id, "code": line.item.code if line.item else None, "category": line.category.key,
                   "description": line.description, "price": line.price, "vat_rate": line.vat_rate,
                   "vat_amount": line.vat_amount} for line in sale.lines],
        "payments": [{"method": p.method, "amount": p.amount, "tendered": p.tendered, "reference": p.reference}
                     for p in sale.payments],
    }


@bp.operation("POST", "/tills/<int:till_id>/session", summary="Open the till with a float", roles=COUNTER,
              body=OpenSessionIn, response=OpenSessionOut, status=201, errors=(404, 409))
def open_session(till_id: int, body: OpenSessionIn) -> Any:
    """Open a till session."""
    session = services.open_till(till_id, opening_float=body.opening_float, by=api_person())
    return {"session_id": session.id, "till_id": till_id, "opening_float": session.opening_float}


@bp.operation("POST", "/sales", summary="Ring up a sale", roles=COUNTER, body=SaleIn, response=SaleOut,
              status=201, errors=(404, 409))
def create_sale(body: SaleIn) -> Any:
    """A sale is all or nothing."""
    sale = services.ring_up(
        body.till_id,
        [services.LineRequest(code=line.code, category=line.category, price=line.price) for line in body.lines],
        [services.PaymentRequest(method=p.method, amount=p.amount, reference=p.reference) for p in body.payments],
        by=api_person(), training=body.training,
    )
    return sale_json(sale)


@bp.operation("GET", "/sales/<int:sale_id>", summary="A sale", roles=COUNTER, response=SaleOut, errors=(404,))
def get_sale(sale_id: int) -> Any:
    """A sale with its receipt number, lines and payments."""
    return sale_json(services.get_sale(sale_id))


@bp.operation("GET", "/sales/<int:sale_id>/receipt.pdf", summary="The receipt as PDF (KOPIA after the first)",
              roles=COUNTER, content_type="application/pdf", errors=(404,))
def sale_receipt(sale_id: int) -> Any:
    """Print the receipt."""
    sale, is_copy = services.print_receipt(sale_id, by=api_person())
    return Response(receipt_pdf(build_receipt(sale, is_copy=is_copy)), mimetype="application/pdf")


@bp.operation("POST", "/sales/<int:sale_id>/returns", summary="Return garments of a receipt", roles=COUNTER,
              body=ReturnIn, response=SaleOut, status=201, errors=(404, 409))
def create_return(sale_id: int, body: ReturnIn) -> Any:
    """A supervisor, or the counter with a supervisor's approval."""
    approver = services.check_approval(body.approval.username, body.approval.pin) if body.approval else None
    refund = services.return_items(sale_id, body.codes, method=body.method, by=api_person(), approved_by=approver)
    return sale_json(refund)


@bp.operation("GET", "/tills/<int:till_id>/x-report", summary="The X report of the open session", roles=COUNTER,
              errors=(404, 409))
def x_report(till_id: int) -> Any:
    """Figures so far; closes nothing."""
    return services.take_x_report(till_id, by=api_person())


@bp.operation("POST", "/tills/<int:till_id>/session/close", summary="Count the drawer, Z report, close",
              roles=SUPERVISOR, body=CloseIn, errors=(404, 409))
def close_session(till_id: int, body: CloseIn) -> Any:
    """The Z report."""
    return services.close_till(till_id, counted_cash=body.counted_cash, by=api_person())


@bp.operation("GET", "/feedback/categories", summary="What sells, per category", roles=ANY,
              response=CategoryFeedbackOut, many=True)
def categories_feedback() -> Any:
    """Listed, sold, sell-through, median days and price per category."""
    return feedback.category_feedback()


@bp.operation("GET", "/journal/verify", summary="Verify every till's journal", roles=SUPERVISOR,
              response=VerifyOut)
def verify_journal() -> Any:
    """Recompute the hash chains."""
    verdict = journal.verify()
    result: dict[str, Any] = {"ok": verdict.ok, "entries": verdict.entries}
    if verdict.first_bad:
        result["first_bad"] = verdict.first_bad
    return result
