"""Pages of the counter: tills, the sale, Swish, the drawer, receipts, returns, reports, settings."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import segno
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from boutique.auth import COUNTER, SUPERVISOR, roles_required
from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS, localtime_filter
from boutique.models import Person, Till
from boutique.services import shop_of
from boutique.pages import flash_form_errors, me
from inventory import services as inventory
from inventory.label_data import tag_colour_name
from inventory.models import TAG_COLOURS

from . import services
from .cart import Cart, operator_id, set_operator
from .forms import (
    PAYMENT_ICONS,
    CampaignForm,
    CashMoveForm,
    CloseTillForm,
    CounterSettingsForm,
    DiscountForm,
    FindReceiptForm,
    MarkdownForm,
    OpenTillForm,
    PayForm,
    QuickKeyForm,
    ReturnForm,
    SwitchPersonForm,
)
from .errors import UnknownSale
from .pricing import markdowns_of, reason_text
from .receipts import RECEIPT_LOCALE, barcode_svg, build_receipt, method_name, parse_receipt_code, receipt_pdf

bp = Blueprint("pos", __name__)

EVENT_LABELS.update({
    "till.closed": _l("Till closed"), "till.person_switched": _l("Person at the till switched"),
    "till.training": _l("Training mode of a till"), "person.training": _l("Training mode of a person"),
    "campaign.created": _l("Campaign started"), "campaign.ended": _l("Campaign ended"),
    "markdowns.set": _l("Markdowns set"), "shop.counter_settings": _l("Counter settings changed"),
})


@bp.app_template_filter("isotime")
def isotime_filter(text: str | None) -> str:
    """Jinja filter: an ISO time kept in a report, shown in the shop's time zone."""
    return localtime_filter(datetime.fromisoformat(text)) if text else ""



def _operator(till_id: int) -> Person:
    """Who stands at the till: the person who switched in with their PIN, else the one signed in."""
    person_id = operator_id(till_id)
    person = db.session.get(Person, person_id) if person_id is not None else None
    return person if person is not None and person.active else me()


def _approver(cart: Cart) -> Person | None:
    return db.session.get(Person, cart.approved_by) if cart.approved_by is not None else None



def _to_counter(till_id: int) -> Any:
    return redirect(url_for("pos.counter", till_id=till_id))


def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG (segno), for a phone to scan from the screen."""
    return Markup(segno.make(text, error="m").svg_inline(scale=6, border=4, omitsize=True))


def pictogram(name: str) -> str:
    """The pictogram file for a category, or the hanger when the shop has none drawn for it."""
    folder = Path(current_app.static_folder or "") / "img"
    return name if (folder / f"{name}.svg").exists() else "hanger"


def _cart_view(till: Till, cart: Cart) -> dict[str, Any]:
    """What the counter and the customer's screen show of a cart: lines, total, payments, what is due."""
    lines = services.price_cart(till.id, cart.line_requests(), cart.sale_discount())
    total = sum(line.price for line in lines)
    return {"lines": lines, "total": total, "payments": cart.payment_requests(),
            "due": services.amount_due(total, cart.payment_requests()) if lines else 0}


# --------------------------------------------------------------------------- tills


@bp.get("/till")
@roles_required(COUNTER)
def tills() -> Any:
    """The tills of this shop, open or closed."""
    shop = shop_of(me())
    rows = db.session.scalars(select(Till).where(Till.shop_id == shop.id).order_by(Till.id)).all() if shop else []
    return render_template("pos/tills.html", tills=[(t, services.open_session(t.id)) for t in rows],
                           form=OpenTillForm())


@bp.post("/till/<int:till_id>/open")
@roles_required(COUNTER)
def open_till(till_id: int) -> Any:
    """Open the till with a float counted by notes and coins or as a sum."""
    form = OpenTillForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("pos.tills"))
    try:
        services.open_till(till_id, opening_float=form.opening_float.data, counts=form.counts(), by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("pos.tills"))
    flash(_("The till is open."), "success")
    return _to_counter(till_id)


# --------------------------------------------------------------------------- the sale


@bp.get("/till/<int:till_id>")
@roles_required(COUNTER)
def counter(till_id: int) -> Any:
    """The counter: scan garments or tap a quick key, give discounts, take payment."""
    till = services.get_till(till_id)
    if services.open_session(till.id) is None:
        flash(_("The till is closed. Open it with a cash float first."), "error")
        return redirect(url_for("pos.tills"))
    cart = Cart.load(till.id)
    operator = _operator(till.id)
    return render_template(
        "pos/counter.html", till=till, shop=services.shop_of_till(till), operator=operator,
        training=services.in_training(till, operator), cart=cart, **_cart_view(till, cart),
        categories=inventory.list_categories(), pay_form=PayForm(), quick_form=QuickKeyForm(),
        discount_form=DiscountForm(), icons=PAYMENT_ICONS, pictogram=pictogram, reason_text=reason_text)


@bp.post("/till/<int:till_id>/scan")
@roles_required(COUNTER)
def scan(till_id: int) -> Any:
    """Add a scanned garment to the cart, or say plainly why not."""
    try:
        item = services.sellable_item(request.form.get("code", ""))
    except DomainError as exc:
        if exc.code == "item_not_sellable":
            flash(_("Garment %(code)s cannot be sold: it is %(status)s.", code=exc.details.get("code", ""),
                    status=inventory.stage_name(exc.details.get("status", ""))), "error")
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
        services.price_cart(till_id, Cart(lines=[line]).line_requests())
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
        approver = (services.check_approval(form.supervisor.data, form.supervisor_pin.data or "")
                    if form.supervisor.data else _approver(cart))
        services.allow_discount(till_id, cart.line_requests(), cart.sale_discount(), by=_operator(till_id),
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
    payment = services.PaymentRequest(form.method.data, form.amount.data, form.reference.data or "")
    try:
        result = services.checkout(till_id, cart.line_requests(), cart.payment_requests() + [payment],
                                   by=_operator(till_id), discount=cart.sale_discount(), approved_by=_approver(cart))
    except DomainError as exc:
        flash(str(exc.message), "error")
        return _to_counter(till_id)
    if result.sale is not None:
        Cart.clear(till_id)
        return redirect(url_for("pos.receipt", sale_id=result.sale.id))
    cart.payments = [asdict(p) for p in result.payments]
    cart.swish = None
    cart.save(till_id)
    return _to_counter(till_id)


@bp.route("/till/<int:till_id>/swish", methods=["GET", "POST"])
@roles_required(COUNTER)
def swish(till_id: int) -> Any:
    """Show the customer the Swish QR code for what is due, then confirm that the payment arrived."""
    till = services.get_till(till_id)
    shop = services.shop_of_till(till)
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
        return redirect(url_for("pos.swish", till_id=till.id))
    amount = cart.swish or view["due"]
    payload = services.swish_payload(shop, amount, str(services.next_receipt_no(till.id)))
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
    till = services.get_till(till_id)
    shop = services.shop_of_till(till)
    cart = Cart.load(till.id)
    view = _cart_view(till, cart)
    qr = payload = None
    if cart.swish and shop.swish_number and view["due"] > 0:
        payload = services.swish_payload(shop, cart.swish, str(services.next_receipt_no(till.id)))
        qr = qr_svg(payload)
    with force_locale(RECEIPT_LOCALE):  # the customer reads the shop's language, like on the receipt
        return render_template("pos/customer.html", till=till, shop=shop, qr=qr, payload=payload,
                               amount=cart.swish, **view)


@bp.route("/till/<int:till_id>/person", methods=["GET", "POST"])
@roles_required(COUNTER)
def switch_person(till_id: int) -> Any:
    """Hand the till to another person with their PIN, so every sale names who made it."""
    till = services.get_till(till_id)
    form = SwitchPersonForm()
    form.username.choices = select_choices([(p.username, p.display_name)
                                            for p in services.counter_people(till.shop_id)])
    if form.validate_on_submit():
        try:
            person = services.switch_person(till.id, form.username.data, form.pin.data, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            set_operator(till.id, person.id)
            flash(_("%(name)s is at the till now.", name=person.display_name), "success")
            return _to_counter(till.id)
    return render_template("pos/person.html", till=till, form=form, operator=_operator(till.id))


# --------------------------------------------------------------------------- the drawer


@bp.route("/till/<int:till_id>/drawer", methods=["GET", "POST"])
@roles_required(COUNTER)
def drawer(till_id: int) -> Any:
    """Put cash in or take it out with a reason, or open the drawer without a sale."""
    till = services.get_till(till_id)
    form = CashMoveForm()
    if form.validate_on_submit():
        try:
            services.move_cash(till.id, form.kind.data, amount=form.amount.data, reason=form.reason.data,
                               by=_operator(till.id))
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Cash put in.") if form.kind.data == "cash_in" else _("Cash taken out."), "success")
            return _to_counter(till.id)
    return render_template("pos/drawer.html", till=till, form=form)


@bp.post("/till/<int:till_id>/no-sale")
@roles_required(COUNTER)
def no_sale(till_id: int) -> Any:
    """Open the drawer without a sale; it is written in the journal."""
    try:
        services.move_cash(till_id, "no_sale", reason=request.form.get("reason", ""), by=_operator(till_id))
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The drawer is open. This is written in the journal."), "info")
    return _to_counter(till_id)


# --------------------------------------------------------------------------- receipts


@bp.get("/sales/<int:sale_id>/receipt")
@roles_required(COUNTER)
def receipt(sale_id: int) -> Any:
    """The receipt to print (80 mm); a second print says KOPIA."""
    sale, is_copy = services.print_receipt(sale_id, by=me())
    return render_template("pos/receipt.html", sale=sale, receipt=build_receipt(sale, is_copy=is_copy),
                           barcode_svg=barcode_svg)


@bp.get("/sales/<int:sale_id>/receipt.pdf")
@roles_required(COUNTER)
def receipt_as_pdf(sale_id: int) -> Any:
    """The receipt as PDF; every print after the first is a copy."""
    sale, is_copy = services.print_receipt(sale_id, by=me())
    return Response(receipt_pdf(build_receipt(sale, is_copy=is_copy)), mimetype="application/pdf")


# --------------------------------------------------------------------------- returns


@bp.route("/till/<int:till_id>/returns", methods=["GET", "POST"])
@roles_required(COUNTER)
def returns(till_id: int) -> Any:
    """Find the receipt of a return: scan its barcode or type its number."""
    till = services.get_till(till_id)
    form = FindReceiptForm()
    if form.validate_on_submit():
        found = parse_receipt_code(form.receipt.data, till.id)
        try:
            if found is None:
                raise UnknownSale()
            sale = services.find_sale(*found)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return redirect(url_for("pos.return_sale", till_id=till.id, sale_id=sale.id))
    return render_template("pos/returns.html", till=till, form=form)


@bp.route("/till/<int:till_id>/returns/<int:sale_id>", methods=["GET", "POST"])
@roles_required(COUNTER)
def return_sale(till_id: int, sale_id: int) -> Any:
    """Choose the lines to refund and how; the garments go back to stock."""
    till = services.get_till(till_id)
    sale = services.get_sale(sale_id)
    returned = services.returned_line_ids(sale)
    form = ReturnForm()
    form.lines.choices = select_choices([(line.id, line.description) for line in sale.lines
                                         if line.id not in returned])
    if form.validate_on_submit():
        try:
            approver = (services.check_approval(form.supervisor.data, form.supervisor_pin.data or "")
                        if form.supervisor.data else None)
            refund = services.return_items(sale.id, line_ids=form.lines.data, method=form.method.data,
                                           by=_operator(till.id), approved_by=approver, till_id=till.id)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return redirect(url_for("pos.receipt", sale_id=refund.id))
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("pos/return_sale.html", till=till, sale=sale, returned=returned, form=form,
                           operator=_operator(till.id), icons=PAYMENT_ICONS, method_name=method_name)


# --------------------------------------------------------------------------- reports


@bp.route("/till/<int:till_id>/close", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def close(till_id: int) -> Any:
    """Count the drawer by notes and coins and close the day with a Z report."""
    till = services.get_till(till_id)
    form = CloseTillForm()
    if form.validate_on_submit():
        try:
            report = services.close_till(till_id, counted_cash=form.counted_cash.data, counts=form.counts(),
                                         by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            Cart.clear(till_id)
            return _legal_report(report, till)
    elif request.method == "POST":
        flash_form_errors(form)
    try:
        report = services.x_report(till_id)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("pos.tills"))
    return render_template("pos/close.html", till=till, form=form, report=report)


LEGAL_LOCALES = ("sv", "en")


def _legal_report(report: Any, till: Any) -> str:
    """An X or Z report page: in Swedish or English as the interface is, else in Swedish.

    A cash-register inspector reads the reports; they stay in the shop's legal languages
    whatever language the person at the till works in.
    """
    locale = str(get_locale() or RECEIPT_LOCALE)
    locale = locale if locale in LEGAL_LOCALES else RECEIPT_LOCALE
    with force_locale(locale):
        return render_template("pos/report.html", report=report, till=till,
                               category_names=inventory.category_names(locale))


@bp.get("/till/<int:till_id>/x-report")
@roles_required(COUNTER)
def x_report(till_id: int) -> Any:
    """The X report of the open session, printable."""
    till = services.get_till(till_id)
    try:
        report = services.take_x_report(till_id, by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("pos.tills"))
    return _legal_report(report, till)


@bp.get("/till/<int:till_id>/z-reports")
@roles_required(SUPERVISOR)
def z_reports(till_id: int) -> Any:
    """Every Z report of the till, to look at or print again."""
    till = services.get_till(till_id)
    return render_template("pos/z_reports.html", till=till, reports=services.z_reports(till.id))


@bp.get("/till/<int:till_id>/z-reports/<int:z_number>")
@roles_required(SUPERVISOR)
def z_report(till_id: int, z_number: int) -> Any:
    """One Z report as it was taken."""
    till = services.get_till(till_id)
    report = next((r for r in services.z_reports(till.id) if r.get("z_number") == z_number), None)
    if report is None:
        flash(_("No Z report has this number."), "error")
        return redirect(url_for("pos.z_reports", till_id=till.id))
    return _legal_report(report, till)


# --------------------------------------------------------------------------- settings


@bp.get("/counter/settings")
@roles_required(SUPERVISOR)
def settings() -> Any:
    """Campaigns, markdowns, training mode and the counter's limits."""
    shop = shop_of(me())
    if shop is None:
        flash(_("Create a shop first."), "error")
        return redirect(url_for("boutique.home"))
    categories = inventory.list_categories()
    campaign_form = CampaignForm(starts_on=shop_date(utcnow()), ends_on=shop_date(utcnow()) + timedelta(days=6))
    campaign_form.categories.choices = select_choices([(c.key, c.name(_current_locale())) for c in categories])
    campaign_form.tag_colours.choices = select_choices([(c, tag_colour_name(c)) for c in TAG_COLOURS])
    steps = markdowns_of(shop.id)[::-1]
    markdown_form = MarkdownForm(data={f"{field}{n}": getattr(step, attr) for n, step in enumerate(steps[:3], 1)
                                       for field, attr in (("weeks", "after_weeks"), ("percent", "percent"))})
    settings_form = CounterSettingsForm(obj=shop)
    return render_template(
        "pos/settings.html", shop=shop, campaigns=services.campaigns(shop.id), campaign_form=campaign_form,
        markdown_form=markdown_form, settings_form=settings_form, tag_colour_name=tag_colour_name,
        tills=db.session.scalars(select(Till).where(Till.shop_id == shop.id).order_by(Till.id)).all(),
        people=services.counter_people(shop.id), category_names={c.key: c.name(_current_locale())
                                                               for c in categories})


def _current_locale() -> str:
    return str(get_locale() or "sv")


@bp.post("/counter/campaigns")
@roles_required(SUPERVISOR)
def new_campaign() -> Any:
    """Start a campaign."""
    shop = shop_of(me())
    form = CampaignForm()
    form.categories.choices = select_choices([(c.key, c.key) for c in inventory.list_categories()])
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
        return redirect(url_for("pos.settings"))
    try:
        services.create_campaign(shop.id, name=form.name.data, starts_on=form.starts_on.data,
                                 ends_on=form.ends_on.data, percent=form.percent.data,
                                 categories=form.categories.data or [], tag_colours=form.tag_colours.data or [],
                                 by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The campaign is saved."), "success")
    return redirect(url_for("pos.settings"))


@bp.post("/counter/campaigns/<int:campaign_id>/end")
@roles_required(SUPERVISOR)
def end_campaign(campaign_id: int) -> Any:
    """Stop a campaign now."""
    services.end_campaign(campaign_id, by=me())
    flash(_("The campaign is ended."), "success")
    return redirect(url_for("pos.settings"))


@bp.post("/counter/markdowns")
@roles_required(SUPERVISOR)
def markdowns() -> Any:
    """Set the tag-colour markdown steps."""
    shop = shop_of(me())
    form = MarkdownForm()
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
        return redirect(url_for("pos.settings"))
    services.set_markdowns(shop.id, form.steps(), by=me())
    flash(_("The markdowns are saved."), "success")
    return redirect(url_for("pos.settings"))


@bp.post("/counter/limits")
@roles_required(SUPERVISOR)
def counter_settings() -> Any:
    """Save the counter's limits, the Swish number and the VAT mode."""
    shop = shop_of(me())
    form = CounterSettingsForm()
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
        return redirect(url_for("pos.settings"))
    try:
        services.update_counter_settings(
            shop.id, by=me(), discount_approval_percent=form.discount_approval_percent.data,
            open_price_min=form.open_price_min.data, open_price_max=form.open_price_max.data,
            swish_number=form.swish_number.data or "", vat_mode=form.vat_mode.data)
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The settings are saved."), "success")
    return redirect(url_for("pos.settings"))


@bp.post("/counter/training/till/<int:till_id>")
@roles_required(SUPERVISOR)
def till_training(till_id: int) -> Any:
    """Switch training mode for a till."""
    till = services.set_till_training(till_id, request.form.get("on") == "1", by=me())
    flash(_("Training mode is on for %(name)s.", name=till.name) if till.training
          else _("Training mode is off for %(name)s.", name=till.name), "success")
    return redirect(url_for("pos.settings"))


@bp.post("/counter/training/person/<int:person_id>")
@roles_required(SUPERVISOR)
def person_training(person_id: int) -> Any:
    """Switch training mode for a person."""
    person = services.set_person_training(person_id, request.form.get("on") == "1", by=me())
    flash(_("Training mode is on for %(name)s.", name=person.display_name) if person.training
          else _("Training mode is off for %(name)s.", name=person.display_name), "success")
    return redirect(url_for("pos.settings"))
