"""Pages of the counter: tills, the sale, receipts, closing the day, sales feedback."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from boutique.auth import ANY, COUNTER, SUPERVISOR, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.i18n import EVENT_LABELS
from boutique.models import Till
from boutique.services import shop_of
from inventory import services as inventory

from . import feedback, services
from .forms import CloseTillForm, OpenTillForm, PayForm
from .receipts import build_receipt, receipt_pdf

bp = Blueprint("pos", __name__)

EVENT_LABELS.update({"till.closed": _l("Till closed")})


def _me() -> Any:
    return current_user._get_current_object()


def _cart(till_id: int) -> list[dict[str, Any]]:
    """The cart of this till in the signed session cookie (codes and quick lines, nothing else)."""
    return list(session.get("carts", {}).get(str(till_id), []))


def _save_cart(till_id: int, lines: list[dict[str, Any]]) -> None:
    carts = dict(session.get("carts", {}))
    carts[str(till_id)] = lines
    session["carts"] = carts


@bp.get("/till")
@roles_required(COUNTER)
def tills() -> Any:
    """The tills of this shop, open or closed."""
    shop = shop_of(_me())
    rows = db.session.scalars(select(Till).where(Till.shop_id == shop.id).order_by(Till.id)).all() if shop else []
    return render_template("pos/tills.html", tills=[(t, services.open_session(t.id)) for t in rows],
                           form=OpenTillForm())


@bp.post("/till/<int:till_id>/open")
@roles_required(COUNTER)
def open_till(till_id: int) -> Any:
    """Open the till with a counted float."""
    form = OpenTillForm()
    if form.validate_on_submit():
        try:
            services.open_till(till_id, opening_float=form.opening_float.data, by=_me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("The till is open."), "success")
            return redirect(url_for("pos.counter", till_id=till_id))
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("pos.tills"))


@bp.get("/till/<int:till_id>")
@roles_required(COUNTER)
def counter(till_id: int) -> Any:
    """The counter: scan garments into the cart and take payment."""
    till = services.get_till(till_id)
    till_session = services.open_session(till.id)
    if till_session is None:
        flash(_("The till is closed. Open it with a cash float first."), "error")
        return redirect(url_for("pos.tills"))
    lines = []
    for entry in _cart(till.id):
        try:
            item = inventory.get_item(entry["code"])
        except DomainError:
            continue
        lines.append(item)
    total = sum(item.price or 0 for item in lines)
    return render_template("pos/counter.html", till=till, lines=lines, total=total, pay_form=PayForm())


@bp.post("/till/<int:till_id>/scan")
@roles_required(COUNTER)
def scan(till_id: int) -> Any:
    """Add a scanned garment to the cart, or say plainly why not."""
    raw = request.form.get("code", "")
    try:
        item = inventory.get_item(raw)
        inventory.ensure_sellable(item)
    except DomainError as exc:
        if exc.code == "item_not_sellable":
            flash(_("Garment %(code)s cannot be sold: it is %(status)s.", code=exc.details.get("code", ""),
                    status=inventory.stage_name(exc.details.get("status", ""))), "error")
        else:
            flash(str(exc.message), "error")
        return redirect(url_for("pos.counter", till_id=till_id))
    lines = _cart(till_id)
    if any(entry.get("code") == item.code for entry in lines):
        flash(_("Garment %(code)s is already in the cart.", code=item.code), "error")
    else:
        lines.append({"code": item.code})
        _save_cart(till_id, lines)
    return redirect(url_for("pos.counter", till_id=till_id))


@bp.post("/till/<int:till_id>/remove/<code>")
@roles_required(COUNTER)
def remove(till_id: int, code: str) -> Any:
    """Take a garment out of the cart."""
    _save_cart(till_id, [entry for entry in _cart(till_id) if entry.get("code") != code])
    return redirect(url_for("pos.counter", till_id=till_id))


@bp.post("/till/<int:till_id>/pay")
@roles_required(COUNTER)
def pay(till_id: int) -> Any:
    """Complete the sale with one payment."""
    form = PayForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
        return redirect(url_for("pos.counter", till_id=till_id))
    cart = _cart(till_id)
    lines = [services.LineRequest(code=entry["code"]) for entry in cart]
    total = sum((inventory.get_item(entry["code"]).price or 0) for entry in cart)
    method = form.method.data
    amount = form.amount.data if method == "cash" and form.amount.data is not None else total
    try:
        sale = services.ring_up(till_id, lines,
                                [services.PaymentRequest(method=method, amount=amount,
                                                         reference=form.reference.data or "")],
                                by=_me(), training=bool(form.training.data))
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("pos.counter", till_id=till_id))
    _save_cart(till_id, [])
    return redirect(url_for("pos.receipt", sale_id=sale.id))


@bp.get("/sales/<int:sale_id>/receipt")
@roles_required(COUNTER)
def receipt(sale_id: int) -> Any:
    """The receipt to print (80 mm); a second print says KOPIA."""
    sale, is_copy = services.print_receipt(sale_id, by=_me())
    return render_template("pos/receipt.html", sale=sale, receipt=build_receipt(sale, is_copy=is_copy))


@bp.get("/sales/<int:sale_id>/receipt.pdf")
@roles_required(COUNTER)
def receipt_as_pdf(sale_id: int) -> Any:
    """The receipt as PDF; every print after the first is a copy."""
    sale, is_copy = services.print_receipt(sale_id, by=_me())
    return Response(receipt_pdf(build_receipt(sale, is_copy=is_copy)), mimetype="application/pdf")


@bp.route("/till/<int:till_id>/close", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def close(till_id: int) -> Any:
    """Count the drawer and close the day with a Z report."""
    till = services.get_till(till_id)
    form = CloseTillForm()
    if form.validate_on_submit():
        try:
            report = services.close_till(till_id, counted_cash=form.counted_cash.data, by=_me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return render_template("pos/report.html", report=report, till=till)
    try:
        report = services.x_report(till_id)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("pos.tills"))
    return render_template("pos/close.html", till=till, form=form, report=report)


@bp.get("/till/<int:till_id>/x-report")
@roles_required(COUNTER)
def x_report(till_id: int) -> Any:
    """The X report of the open session."""
    till = services.get_till(till_id)
    try:
        report = services.take_x_report(till_id, by=_me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("pos.tills"))
    return render_template("pos/report.html", report=report, till=till)


@bp.get("/feedback", endpoint="feedback")
@roles_required(ANY)
def feedback_page() -> Any:
    """What sold, at what price and how fast."""
    return render_template("pos/feedback.html", sales=feedback.recent_sales(),
                           categories=feedback.category_feedback())
