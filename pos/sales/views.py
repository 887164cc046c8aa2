"""Pages of the sale: the counter, payments and Swish, the customer's screen, receipts, returns."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import segno
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from boutique.auth import COUNTER, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.models import Person, Till
from boutique.pages import flash_form_errors, in_place_page, in_place_request, me
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services

from ..campaigns.prices import reason_text
from ..errors import UnknownSale
from ..tills import services as till_services
from . import returns as sale_returns
from . import services as sale_services
from .cart import Cart, operator
from .forms import PAYMENT_ICONS, DiscountForm, FindReceiptForm, PayForm, QuickKeyForm, ReturnForm
from .receipts import RECEIPT_LOCALE, barcode_svg, build_receipt, method_name, parse_receipt_code, receipt_pdf

bp = Blueprint("sales", __name__)


def _approver(cart: Cart) -> Person | None:
    return db.session.get(Person, cart.approved_by) if cart.approved_by is not None else None


def _to_counter(till_id: int) -> Any:
    """Back to the counter after a change: in place, its changing part at once (no redirect's round trip)."""
    if in_place_request():
        return in_place_page(counter(till_id), url_for("sales.counter", till_id=till_id))
    return redirect(url_for("sales.counter", till_id=till_id))


def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG (segno), for a phone to scan from the screen."""
    return Markup(segno.make(text, error="m").svg_inline(scale=6, border=4, omitsize=True))


def pictogram(name: str) -> str:
    """The pictogram file for a category, or the hanger when the shop has none drawn for it."""
    folder = Path(current_app.static_folder or "") / "img"
    return name if (folder / f"{name}.svg").exists() else "hanger"


def _cart_view(till: Till, cart: Cart) -> dict[str, Any]:
    """What the counter and the customer's screen show of a cart: lines, total, payments, what is due."""
    lines = sale_services.price_cart(till.id, cart.line_requests(), cart.sale_discount())
    total = sum(line.price for line in lines)
    return {"lines": lines, "total": total, "payments": cart.payment_requests(),
            "due": sale_services.amount_due(total, cart.payment_requests()) if lines else 0}


@bp.get("/till/<int:till_id>")
@roles_required(COUNTER)
def counter(till_id: int) -> Any:
    """The counter: scan garments or tap a quick key, give discounts, take payment."""
    till = till_services.get_till(till_id)
    if till_services.open_session(till.id) is None:
        flash(_("The till is closed. Open it with a cash float first."), "error")
        return redirect(url_for("tills.tills"))
    cart = Cart.load(till.id)
    person = operator(till.id)
    # In place, only what a scan, a quick key, a discount or a removal changes: the cart and the payment.
    return render_template(
        "pos/_till_live.html" if in_place_request() else "pos/counter.html", till=till, shop=till_services.shop_of_till(till), operator=person,
        training=till_services.in_training(till, person), cart=cart, **_cart_view(till, cart),
        categories=garment_categories.list_categories(), pay_form=PayForm(), quick_form=QuickKeyForm(),
        discount_form=DiscountForm(), icons=PAYMENT_ICONS, pictogram=pictogram, reason_text=reason_text)


@bp.post("/till/<int:till_id>/scan")
@roles_required(COUNTER)
def scan(till_id: int) -> Any:
    """Add a scanned garment to the cart, or say plainly why not."""
    try:
        item = sale_services.sellable_item(request.form.get("code", ""))
    except DomainError as exc:
        if exc.code == "item_not_sellable":
            flash(_("Garment %(code)s cannot be sold: it is %(status)s.", code=exc.details.get("code", ""),
                    status=garment_services.stage_name(exc.details.get("status", ""))), "error")
        else:
            flash(str(exc.message), "error")
        return _to_counter(till_id)
    cart = Cart.load(till_id)
    if cart.has_code(item.code):
        flash(_("Garment %(code)s is already in the cart.", code=item.code), "error")
    else:
        cart.lines.append({"code": item.code})
        cart.save(till_id)
    return _to_counter(till_id)


@bp.post("/till/<int:till_id>/quick")
@roles_required(COUNTER)
def quick_key(till_id: int) -> Any:
    """Add a garment without a code: its category at the flat price, or at an open price within the limits."""
    form = QuickKeyForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _to_counter(till_id)
    cart = Cart.load(till_id)
    line = {"category": form.category.data, "price": form.price.data}
    try:
        sale_services.price_cart(till_id, Cart(lines=[line]).line_requests())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return _to_counter(till_id)
    cart.lines.append(line)
    cart.save(till_id)
    return _to_counter(till_id)


@bp.post("/till/<int:till_id>/lines/<int:index>/remove")
@roles_required(COUNTER)
def remove(till_id: int, index: int) -> Any:
    """Take a line out of the cart."""
    cart = Cart.load(till_id)
    if 0 <= index < len(cart.lines):
        del cart.lines[index]
        cart.save(till_id)
    return _to_counter(till_id)


def _apply_discount(till_id: int, index: int | None) -> Any:
    """Give a discount on one line (index) or the whole sale; above the limit a supervisor's PIN approves it."""
    form = DiscountForm()
    cart = Cart.load(till_id)
    if not form.validate_on_submit() or (index is not None and not 0 <= index < len(cart.lines)):
        flash_form_errors(form)
        return _to_counter(till_id)
    discount = asdict(replace(form.discount.data, reason=form.reason.data))
    if index is None:
        cart.discount = discount
    else:
        cart.lines[index]["discount"] = discount
    try:
        approver = (till_services.check_approval(form.supervisor.data, form.supervisor_pin.data or "")
                    if form.supervisor.data else _approver(cart))
        sale_services.allow_discount(till_id, cart.line_requests(), cart.sale_discount(), by=operator(till_id),
                                approved_by=approver)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return _to_counter(till_id)
    cart.approved_by = approver.id if approver else None
    cart.save(till_id)
    flash(_("The discount is on the receipt."), "success")
    return _to_counter(till_id)


@bp.post("/till/<int:till_id>/lines/<int:index>/discount")
@roles_required(COUNTER)
def line_discount(till_id: int, index: int) -> Any:
    """A discount on one line, with a reason."""
    return _apply_discount(till_id, index)


@bp.post("/till/<int:till_id>/discount")
@roles_required(COUNTER)
def sale_discount(till_id: int) -> Any:
    """A discount on the whole sale, spread over its lines."""
    return _apply_discount(till_id, None)


@bp.post("/till/<int:till_id>/cancel")
@roles_required(COUNTER)
def cancel_sale(till_id: int) -> Any:
    """Empty the cart; nothing was sold."""
    Cart.clear(till_id)
    flash(_("The sale is cancelled. Nothing was sold."), "info")
    return _to_counter(till_id)


@bp.post("/till/<int:till_id>/pay")
@roles_required(COUNTER)
def pay(till_id: int) -> Any:
    """Take one payment; when the payments cover the total, the sale is done and the receipt shown."""
    form = PayForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _to_counter(till_id)
    cart = Cart.load(till_id)
    payment = sale_services.PaymentRequest(form.method.data, form.amount.data, form.reference.data or "")
    try:
        result = sale_services.checkout(till_id, cart.line_requests(), cart.payment_requests() + [payment],
                                   by=operator(till_id), discount=cart.sale_discount(), approved_by=_approver(cart))
    except DomainError as exc:
        flash(str(exc.message), "error")
        return _to_counter(till_id)
    if result.sale is not None:
        Cart.clear(till_id)
        shown_at = url_for("sales.receipt", sale_id=result.sale.id)
        if in_place_request():  # the receipt at once, in place of the counter (static/js/in-place.js)
            return in_place_page(receipt(result.sale.id), shown_at)
        return redirect(shown_at)
    cart.payments = [asdict(p) for p in result.payments]
    cart.swish = None
    cart.save(till_id)
    return _to_counter(till_id)


@bp.route("/till/<int:till_id>/swish", methods=["GET", "POST"])
@roles_required(COUNTER)
def swish(till_id: int) -> Any:
    """Show the customer the Swish QR code for what is due, then confirm that the payment arrived."""
    till = till_services.get_till(till_id)
    shop = till_services.shop_of_till(till)
    cart = Cart.load(till.id)
    if not shop.swish_number:
        flash(_("The shop has no Swish number yet. Ask a supervisor to add it."), "error")
        return _to_counter(till_id)
    view = _cart_view(till, cart)
    if not view["lines"] or view["due"] <= 0:
        return _to_counter(till_id)
    if request.method == "POST":
        form = PayForm()
        amount = form.amount.data if form.validate_on_submit() and form.amount.data else view["due"]
        cart.swish = min(amount, view["due"])
        cart.save(till.id)
        return redirect(url_for("sales.swish", till_id=till.id))
    amount = cart.swish or view["due"]
    payload = sale_services.swish_payload(shop, amount, str(sale_services.next_receipt_no(till.id)))
    return render_template("pos/swish.html", till=till, shop=shop, amount=amount, payload=payload,
                           qr=qr_svg(payload), pay_form=PayForm(), **view)


@bp.post("/till/<int:till_id>/swish/cancel")
@roles_required(COUNTER)
def swish_cancel(till_id: int) -> Any:
    """The Swish payment did not come: back to the payment buttons."""
    cart = Cart.load(till_id)
    cart.swish = None
    cart.save(till_id)
    return _to_counter(till_id)


@bp.get("/till/<int:till_id>/customer")
@roles_required(COUNTER)
def customer(till_id: int) -> Any:
    """The screen that faces the customer: what they buy, what is due, and the Swish QR code when asked."""
    till = till_services.get_till(till_id)
    shop = till_services.shop_of_till(till)
    cart = Cart.load(till.id)
    view = _cart_view(till, cart)
    qr = payload = None
    if cart.swish and shop.swish_number and view["due"] > 0:
        payload = sale_services.swish_payload(shop, cart.swish, str(sale_services.next_receipt_no(till.id)))
        qr = qr_svg(payload)
    with force_locale(RECEIPT_LOCALE):  # the customer reads the shop's language, like on the receipt
        return render_template("pos/customer.html", till=till, shop=shop, qr=qr, payload=payload,
                               amount=cart.swish, **view)


@bp.get("/sales/<int:sale_id>/receipt")
@roles_required(COUNTER)
def receipt(sale_id: int) -> Any:
    """The receipt to print (80 mm); a second print says KOPIA."""
    sale, is_copy = sale_services.print_receipt(sale_id, by=me())
    return render_template("pos/receipt.html", sale=sale, receipt=build_receipt(sale, is_copy=is_copy),
                           barcode_svg=barcode_svg)


@bp.get("/sales/<int:sale_id>/receipt.pdf")
@roles_required(COUNTER)
def receipt_as_pdf(sale_id: int) -> Any:
    """The receipt as PDF; every print after the first is a copy."""
    sale, is_copy = sale_services.print_receipt(sale_id, by=me())
    return Response(receipt_pdf(build_receipt(sale, is_copy=is_copy)), mimetype="application/pdf")


@bp.route("/till/<int:till_id>/returns", methods=["GET", "POST"])
@roles_required(COUNTER)
def returns(till_id: int) -> Any:
    """Find the receipt of a return: scan its barcode or type its number."""
    till = till_services.get_till(till_id)
    form = FindReceiptForm()
    if form.validate_on_submit():
        found = parse_receipt_code(form.receipt.data, till.id)
        try:
            if found is None:
                raise UnknownSale()
            sale = sale_services.find_sale(*found)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return redirect(url_for("sales.return_sale", till_id=till.id, sale_id=sale.id))
    return render_template("pos/returns.html", till=till, form=form)


@bp.route("/till/<int:till_id>/returns/<int:sale_id>", methods=["GET", "POST"])
@roles_required(COUNTER)
def return_sale(till_id: int, sale_id: int) -> Any:
    """Choose the lines to refund and how; the garments go back to stock."""
    till = till_services.get_till(till_id)
    sale = sale_services.get_sale(sale_id)
    returned = sale_returns.returned_line_ids(sale)
    form = ReturnForm()
    form.lines.choices = select_choices([(line.id, line.description) for line in sale.lines
                                         if line.id not in returned])
    if form.validate_on_submit():
        try:
            approver = (till_services.check_approval(form.supervisor.data, form.supervisor_pin.data or "")
                        if form.supervisor.data else None)
            refund = sale_returns.return_items(sale.id, line_ids=form.lines.data, method=form.method.data,
                                           by=operator(till.id), approved_by=approver, till_id=till.id)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return redirect(url_for("sales.receipt", sale_id=refund.id))
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("pos/return_sale.html", till=till, sale=sale, returned=returned, form=form,
                           operator=operator(till.id), icons=PAYMENT_ICONS, method_name=method_name)
