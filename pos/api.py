"""JSON API of the counter: till sessions, sales, receipts, returns, reports, the journal, feedback."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import Response
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field, model_validator

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import COUNTER, SUPERVISOR
from boutique.errors import ValidationFailed
from boutique.services import shop_of

from . import journal, services
from .models import Campaign, Sale
from .receipts import build_receipt, receipt_pdf

bp = ApiBlueprint("pos_api", __name__)


class OpenSessionIn(Body):
    opening_float: int | None = Field(default=None, ge=0, le=services.MAX_FLOAT)
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


class DiscountIn(Body):
    amount: int = Field(default=0, ge=0, le=10_000_000)
    percent: int = Field(default=0, ge=0, le=90)
    reason: str = Field(min_length=1, max_length=120)

    def as_discount(self) -> services.Discount:
        """The discount as the services take it."""
        return services.Discount(amount=self.amount, percent=self.percent, reason=self.reason)


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
    lines: list[LineIn] = Field(min_length=1, max_length=services.MAX_LINES)
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
    codes: list[str] = Field(default_factory=list, max_length=services.MAX_LINES)
    line_ids: list[Id] = Field(default_factory=list, max_length=services.MAX_LINES)
    method: Literal["cash", "card", "swish"]
    approval: ApprovalIn | None = None
    till_id: Id | None = None

    @model_validator(mode="after")
    def something_to_return(self) -> ReturnIn:
        if not self.codes and not self.line_ids:
            raise ValueError("name the garments (codes) or lines (line_ids) to return")
        return self


class CloseIn(Body):
    counted_cash: int | None = Field(default=None, ge=0, le=services.MAX_FLOAT * 10)
    counts: dict[str, int] | None = Field(default=None, description="pieces per note or coin, keyed by öre value")

    @model_validator(mode="after")
    def cash_or_counts(self) -> CloseIn:
        if self.counted_cash is None and not self.counts:
            raise ValueError("give counted_cash or counts")
        return self


class CashIn(Body):
    kind: Literal["cash_in", "cash_out", "no_sale"]
    amount: int = Field(default=0, ge=0, le=services.MAX_FLOAT)
    reason: str = Field(default="", max_length=200)


class CashOut(BaseModel):
    id: int
    kind: str
    amount: int
    reason: str
    at: str


class CampaignIn(Body):
    name: str = Field(min_length=1, max_length=80)
    starts_on: str = Field(description="YYYY-MM-DD")
    ends_on: str = Field(description="YYYY-MM-DD")
    percent: int = Field(ge=1, le=90)
    categories: list[str] = Field(default_factory=list, max_length=50)
    tag_colours: list[str] = Field(default_factory=list, max_length=10)
    shop_id: Id | None = None


class CampaignOut(BaseModel):
    id: int
    shop_id: int
    name: str
    starts_on: str
    ends_on: str
    percent: int
    categories: list[str]
    tag_colours: list[str]
    active: bool


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    first_bad: dict[str, Any] | None = None


def _counts(counts: dict[str, int] | None) -> dict[int, int] | None:
    """Counts keyed by öre value as text (JSON keys) to the services' {öre: pieces}."""
    if counts is None:
        return None
    try:
        return {int(value): pieces for value, pieces in counts.items()}
    except ValueError:
        raise ValidationFailed(_l("Unknown note or coin."), field="counts") from None


def sale_json(sale: Sale | services.Receipt) -> dict[str, Any]:
    """A sale with its lines and payments."""
    receipt = sale if isinstance(sale, services.Receipt) else services.receipt_of(sale)
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


@bp.operation("POST", "/tills/<int:till_id>/session", summary="Open the till with a float", roles=COUNTER,
              body=OpenSessionIn, response=OpenSessionOut, status=201, errors=(404, 409))
def open_session(till_id: int, body: OpenSessionIn) -> Any:
    """Open a till session."""
    session = services.open_till(till_id, opening_float=body.opening_float, counts=_counts(body.counts),
                                 by=api_person())
    return {"session_id": session.id, "till_id": till_id, "opening_float": session.opening_float}


@bp.operation("POST", "/sales", summary="Ring up a sale", roles=COUNTER, body=SaleIn, response=SaleOut,
              status=201, errors=(404, 409))
def create_sale(body: SaleIn) -> Any:
    """A sale is all or nothing; the answer is the receipt as written (nothing is read back)."""
    approver = services.check_approval(body.approval.username, body.approval.pin) if body.approval else None
    receipt = services.sell(
        body.till_id,
        [services.LineRequest(code=line.code, category=line.category, price=line.price,
                              discount=line.discount.as_discount() if line.discount else None)
         for line in body.lines],
        [services.PaymentRequest(method=p.method, amount=p.amount, reference=p.reference) for p in body.payments],
        by=api_person(), training=body.training, discount=body.discount.as_discount() if body.discount else None,
        approved_by=approver,
    )
    return sale_json(receipt)


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
    refund = services.return_items(sale_id, body.codes, line_ids=body.line_ids, method=body.method, by=api_person(),
                                   approved_by=approver, till_id=body.till_id)
    return sale_json(refund)


@bp.operation("GET", "/tills/<int:till_id>/receipts/<int:receipt_no>", summary="A receipt by till and number",
              roles=COUNTER, response=SaleOut, errors=(404,))
def receipt_by_number(till_id: int, receipt_no: int) -> Any:
    """What a scanned receipt barcode ("R<till>-<number>") finds."""
    return sale_json(services.find_sale(till_id, receipt_no))


@bp.operation("POST", "/tills/<int:till_id>/cash", summary="Cash in, cash out, or the drawer opened without a sale",
              roles=COUNTER, body=CashIn, response=CashOut, status=201, errors=(404, 409))
def move_cash(till_id: int, body: CashIn) -> Any:
    """Journalled; counts in the expected cash of the X and Z reports."""
    movement = services.move_cash(till_id, body.kind, amount=body.amount, reason=body.reason, by=api_person())
    return {"id": movement.id, "kind": movement.kind, "amount": movement.amount, "reason": movement.reason,
            "at": movement.at.isoformat()}


@bp.operation("GET", "/tills/<int:till_id>/x-report", summary="The X report of the open session", roles=COUNTER,
              errors=(404, 409))
def x_report(till_id: int) -> Any:
    """Figures so far; closes nothing."""
    return services.take_x_report(till_id, by=api_person())


@bp.operation("POST", "/tills/<int:till_id>/session/close", summary="Count the drawer, Z report, close",
              roles=SUPERVISOR, body=CloseIn, errors=(404, 409))
def close_session(till_id: int, body: CloseIn) -> Any:
    """The Z report."""
    return services.close_till(till_id, counted_cash=body.counted_cash, counts=_counts(body.counts),
                               by=api_person())


@bp.operation("GET", "/tills/<int:till_id>/z-reports", summary="Every Z report of the till, newest first",
              roles=SUPERVISOR, errors=(404,))
def z_reports(till_id: int) -> Any:
    """As the journal keeps them."""
    services.get_till(till_id)
    return services.z_reports(till_id)


def campaign_json(campaign: Campaign) -> dict[str, Any]:
    """A campaign."""
    return {"id": campaign.id, "shop_id": campaign.shop_id, "name": campaign.name,
            "starts_on": campaign.starts_on.isoformat(), "ends_on": campaign.ends_on.isoformat(),
            "percent": campaign.percent, "categories": campaign.categories, "tag_colours": campaign.tag_colours,
            "active": campaign.active}


@bp.operation("POST", "/campaigns", summary="Start a campaign", roles=SUPERVISOR, body=CampaignIn,
              response=CampaignOut, status=201)
def create_campaign(body: CampaignIn) -> Any:
    """A percentage off for a date range, on some categories or tag colours."""
    person = api_person()
    shop = shop_of(person)
    shop_id = body.shop_id or (shop.id if shop else 0)
    try:
        starts_on, ends_on = date.fromisoformat(body.starts_on), date.fromisoformat(body.ends_on)
    except ValueError:
        raise ValidationFailed(_l("Write dates as YYYY-MM-DD."), field="starts_on") from None
    return campaign_json(services.create_campaign(
        shop_id, name=body.name, starts_on=starts_on, ends_on=ends_on, percent=body.percent,
        categories=body.categories, tag_colours=body.tag_colours, by=person))


@bp.operation("GET", "/journal/verify", summary="Verify every till's journal", roles=SUPERVISOR,
              response=VerifyOut)
def verify_journal() -> Any:
    """Recompute the hash chains."""
    verdict = journal.verify()
    result: dict[str, Any] = {"ok": verdict.ok, "entries": verdict.entries}
    if verdict.first_bad:
        result["first_bad"] = verdict.first_bad
    return result
