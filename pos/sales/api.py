"""JSON API of the sale: ringing up, sales and receipts, returns."""

from __future__ import annotations

from typing import Any, Literal

from flask import Response
from pydantic import BaseModel, Field, model_validator

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import COUNTER

from ..campaigns import prices
from ..models import Sale
from ..tills import services as till_services
from . import register
from . import returns as sale_returns
from . import services as sale_services
from .receipts import build_receipt, receipt_pdf

bp = ApiBlueprint("sales_api", __name__)


class DiscountIn(Body):
    amount: int = Field(default=0, ge=0, le=10_000_000)
    percent: int = Field(default=0, ge=0, le=90)
    reason: str = Field(min_length=1, max_length=120)

    def as_discount(self) -> prices.Discount:
        """The discount as the services take it."""
        return prices.Discount(amount=self.amount, percent=self.percent, reason=self.reason)


class LineIn(Body):
    code: str | None = Field(default=None, max_length=40)
    category: str | None = Field(default=None, max_length=40)
    price: int | None = Field(default=None, ge=0, le=10_000_000, description="open price; omitted: the flat price")
    discount: DiscountIn | None = None

    @model_validator(mode="after")
    def code_or_category(self) -> LineIn:
        if self.code is None and self.category is None:
            raise ValueError("a line needs a code or a category")
        return self


class PaymentIn(Body):
    method: Literal["cash", "card", "swish"]
    amount: int = Field(ge=0, le=100_000_000)
    reference: str = Field(default="", max_length=80)


class ApprovalIn(Body):
    username: str = Field(max_length=60)
    pin: str = Field(max_length=20)


class SaleIn(Body):
    till_id: Id
    lines: list[LineIn] = Field(min_length=1, max_length=sale_services.MAX_LINES)
    payments: list[PaymentIn] = Field(max_length=10)
    training: bool = False
    discount: DiscountIn | None = None
    approval: ApprovalIn | None = None


class SaleLineOut(BaseModel):
    id: int
    code: str | None
    category: str
    description: str
    list_price: int
    markdown: int
    markdown_reason: str
    discount: int
    discount_reason: str
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
    person: str
    approved_by: str | None
    control_code: str
    lines: list[SaleLineOut]
    payments: list[PaymentOut]


class ReturnIn(Body):
    codes: list[str] = Field(default_factory=list, max_length=sale_services.MAX_LINES)
    line_ids: list[Id] = Field(default_factory=list, max_length=sale_services.MAX_LINES)
    method: Literal["cash", "card", "swish"]
    approval: ApprovalIn | None = None
    till_id: Id | None = None

    @model_validator(mode="after")
    def something_to_return(self) -> ReturnIn:
        if not self.codes and not self.line_ids:
            raise ValueError("name the garments (codes) or lines (line_ids) to return")
        return self


def sale_json(sale: Sale | register.Receipt) -> dict[str, Any]:
    """A sale with its lines and payments."""
    receipt = sale if isinstance(sale, register.Receipt) else register.receipt_of(sale)
    return {
        "id": receipt.id, "kind": receipt.kind, "till_id": receipt.till_id, "receipt_no": receipt.receipt_no,
        "at": receipt.at.isoformat(), "training": receipt.training, "total": receipt.total,
        "rounding": receipt.rounding, "change": receipt.change, "original_sale_id": receipt.original_sale_id,
        "person": receipt.person, "approved_by": receipt.approved_by, "control_code": receipt.control_code,
        "lines": [{"id": line.id, "code": line.code, "category": line.category, "description": line.description,
                   "list_price": line.list_price, "markdown": line.markdown, "markdown_reason": line.markdown_reason,
                   "discount": line.discount, "discount_reason": line.discount_reason, "price": line.price,
                   "vat_rate": line.vat_rate, "vat_amount": line.vat_amount} for line in receipt.lines],
        "payments": [{"method": p.method, "amount": p.amount, "tendered": p.tendered, "reference": p.reference}
                     for p in receipt.payments],
    }


@bp.operation("POST", "/sales", summary="Ring up a sale", roles=COUNTER, body=SaleIn, response=SaleOut,
              status=201, errors=(404, 409))
def create_sale(body: SaleIn) -> Any:
    """A sale is all or nothing; the answer is the receipt as written (nothing is read back)."""
    approver = till_services.check_approval(body.approval.username, body.approval.pin) if body.approval else None
    receipt = sale_services.sell(
        body.till_id,
        [prices.LineRequest(code=line.code, category=line.category, price=line.price,
                              discount=line.discount.as_discount() if line.discount else None)
         for line in body.lines],
        [sale_services.PaymentRequest(method=p.method, amount=p.amount, reference=p.reference) for p in body.payments],
        by=api_person(), training=body.training, discount=body.discount.as_discount() if body.discount else None,
        approved_by=approver,
    )
    return sale_json(receipt)


@bp.operation("GET", "/sales/<int:sale_id>", summary="A sale", roles=COUNTER, response=SaleOut, errors=(404,))
def get_sale(sale_id: int) -> Any:
    """A sale with its receipt number, lines and payments."""
    return sale_json(sale_services.get_sale(sale_id))


@bp.operation("GET", "/sales/<int:sale_id>/receipt.pdf", summary="The receipt as PDF (KOPIA after the first)",
              roles=COUNTER, content_type="application/pdf", errors=(404,))
def sale_receipt(sale_id: int) -> Any:
    """Print the receipt."""
    sale, is_copy = sale_services.print_receipt(sale_id, by=api_person())
    return Response(receipt_pdf(build_receipt(sale, is_copy=is_copy)), mimetype="application/pdf")


@bp.operation("POST", "/sales/<int:sale_id>/returns", summary="Return garments of a receipt", roles=COUNTER,
              body=ReturnIn, response=SaleOut, status=201, errors=(404, 409))
def create_return(sale_id: int, body: ReturnIn) -> Any:
    """A supervisor, or the counter with a supervisor's approval."""
    approver = till_services.check_approval(body.approval.username, body.approval.pin) if body.approval else None
    refund = sale_returns.return_items(sale_id, body.codes, line_ids=body.line_ids, method=body.method, by=api_person(),
                                   approved_by=approver, till_id=body.till_id)
    return sale_json(refund)


@bp.operation("GET", "/tills/<int:till_id>/receipts/<int:receipt_no>", summary="A receipt by till and number",
              roles=COUNTER, response=SaleOut, errors=(404,))
def receipt_by_number(till_id: int, receipt_no: int) -> Any:
    """What a scanned receipt barcode ("R<till>-<number>") finds."""
    return sale_json(sale_services.find_sale(till_id, receipt_no))
