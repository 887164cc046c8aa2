"""X and Z reports: the session's figures, summed in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select

from boutique.clock import utcnow
from boutique.db import db
from boutique.models import Shop, Till
from inventory.garments.models import Category

from ..models import CashMovement, JournalEntry, Payment, Sale, SaleLine, TillSession


def build_report(till: Till, session: TillSession, kind: str) -> dict[str, Any]:
    """The report fields of the API contract for one session; money in öre."""
    shop = db.session.get(Shop, till.shop_id)
    in_session = (Sale.session_id == session.id)
    real = in_session & Sale.training.is_(False)

    def one(query: Any) -> Any:
        return db.session.execute(query).one()

    sales_count, sales_total = one(select(func.count(Sale.id), func.coalesce(func.sum(Sale.total), 0))
                                   .where(real, Sale.kind == "sale"))
    returns_count, returns_total = one(select(func.count(Sale.id), func.coalesce(func.sum(Sale.total), 0))
                                       .where(real, Sale.kind == "return"))
    training_count, training_total = one(select(func.count(Sale.id), func.coalesce(func.sum(Sale.total), 0))
                                         .where(in_session, Sale.training.is_(True)))
    items_sold = db.session.scalar(
        select(func.count(SaleLine.id)).join(Sale).where(real, Sale.kind == "sale")) or 0
    per_category = {key: int(amount) for key, amount in db.session.execute(
        select(Category.key, func.sum(SaleLine.price)).join(Sale, SaleLine.sale_id == Sale.id)
        .join(Category, SaleLine.category_id == Category.id).where(real).group_by(Category.key)
        .order_by(Category.key))}
    vat = {str(rate): int(amount) for rate, amount in db.session.execute(
        select(SaleLine.vat_rate, func.sum(SaleLine.vat_amount)).join(Sale).where(real, SaleLine.vat_rate > 0)
        .group_by(SaleLine.vat_rate).order_by(SaleLine.vat_rate))}
    payments = {method: int(amount) for method, amount in db.session.execute(
        select(Payment.method, func.sum(Payment.amount)).join(Sale).where(real).group_by(Payment.method)
        .order_by(Payment.method))}
    rounding = db.session.scalar(select(func.coalesce(func.sum(Sale.rounding), 0)).where(real)) or 0
    journal_counts = dict(db.session.execute(
        select(JournalEntry.kind, func.count(JournalEntry.id))
        .where(JournalEntry.till_id == till.id, JournalEntry.at >= session.opened_at)
        .group_by(JournalEntry.kind)).all())
    movements = {kind: (int(count), int(amount)) for kind, count, amount in db.session.execute(
        select(CashMovement.kind, func.count(CashMovement.id), func.coalesce(func.sum(CashMovement.amount), 0))
        .where(CashMovement.session_id == session.id).group_by(CashMovement.kind))}
    cash_in, cash_out = movements.get("cash_in", (0, 0)), movements.get("cash_out", (0, 0))
    discounts = db.session.scalar(
        select(func.coalesce(func.sum(SaleLine.list_price - SaleLine.price), 0)).join(Sale)
        .where(real, Sale.kind == "sale")) or 0
    copies_amount = db.session.scalar(
        select(func.coalesce(func.sum(case((Sale.prints > 1, (Sale.prints - 1) * Sale.total), else_=0)), 0))
        .where(in_session)) or 0
    expected_cash = session.opening_float + payments.get("cash", 0) + cash_in[1] - cash_out[1]
    return {
        "kind": kind,
        "shop": {"id": shop.id, "name": shop.name, "org_no": shop.org_no} if shop else None,
        "till": {"id": till.id, "name": till.name},
        "session_id": session.id,
        "opened_at": session.opened_at.isoformat(),
        "generated_at": utcnow().isoformat(),
        "vat_mode": shop.vat_mode if shop else "exempt",
        "total_sales": int(sales_total),
        "sales_per_category": per_category,
        "vat": vat,
        "opening_float": session.opening_float,
        "receipts": int(sales_count),
        "items_sold": int(items_sold),
        "no_sale_openings": movements.get("no_sale", (0, 0))[0],
        "cash_in": {"count": cash_in[0], "amount": cash_in[1]},
        "cash_out": {"count": cash_out[0], "amount": cash_out[1]},
        "copies": {"count": int(journal_counts.get("copy", 0)), "amount": int(copies_amount)},
        "training": {"count": int(training_count), "amount": int(training_total)},
        "payments": payments,
        "rounding": int(rounding),
        "returns": {"count": int(returns_count), "amount": int(returns_total)},
        "discounts": int(discounts),
        "expected_cash": int(expected_cash),
        "grand_totals": {"sales": till.grand_sales, "returns": till.grand_returns,
                         "net": till.grand_sales + till.grand_returns},
    }
