"""Pages of a till: opening it, the drawer, who stands at it, training mode, X and Z reports, closing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boutique.auth import COUNTER, SUPERVISOR, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS, localtime_filter
from boutique.models import Till
from boutique.pages import flash_form_errors, me
from boutique.services import shop_of
from inventory.garments import categories as garment_categories

from ..sales.cart import Cart, operator, set_operator
from ..sales.receipts import RECEIPT_LOCALE
from . import services as till_services
from .forms import CashMoveForm, CloseTillForm, OpenTillForm, SwitchPersonForm

bp = Blueprint("tills", __name__)

EVENT_LABELS.update({
    "till.closed": _l("Till closed"), "till.person_switched": _l("Person at the till switched"),
    "till.training": _l("Training mode of a till"), "person.training": _l("Training mode of a person"),
})


@bp.app_template_filter("isotime")
def isotime_filter(text: str | None) -> str:
    """Jinja filter: an ISO time kept in a report, shown in the shop's time zone."""
    return localtime_filter(datetime.fromisoformat(text)) if text else ""


@bp.get("/till")
@roles_required(COUNTER)
def tills() -> Any:
    """The tills of this shop, open or closed."""
    shop = shop_of(me())
    rows = db.session.scalars(select(Till).where(Till.shop_id == shop.id).order_by(Till.id)).all() if shop else []
    return render_template("pos/tills.html", tills=[(t, till_services.open_session(t.id)) for t in rows],
                           form=OpenTillForm())


@bp.post("/till/<int:till_id>/open")
@roles_required(COUNTER)
def open_till(till_id: int) -> Any:
    """Open the till with a float counted by notes and coins or as a sum."""
    form = OpenTillForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("tills.tills"))
    try:
        till_services.open_till(till_id, opening_float=form.opening_float.data, counts=form.counts(), by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("tills.tills"))
    flash(_("The till is open."), "success")
    return redirect(url_for("sales.counter", till_id=till_id))


@bp.route("/till/<int:till_id>/person", methods=["GET", "POST"])
@roles_required(COUNTER)
def switch_person(till_id: int) -> Any:
    """Hand the till to another person with their PIN, so every sale names who made it."""
    till = till_services.get_till(till_id)
    form = SwitchPersonForm()
    form.username.choices = select_choices([(p.username, p.display_name)
                                            for p in till_services.counter_people(till.shop_id)])
    if form.validate_on_submit():
        try:
            person = till_services.switch_person(till.id, form.username.data, form.pin.data, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            set_operator(till.id, person.id)
            flash(_("%(name)s is at the till now.", name=person.display_name), "success")
            return redirect(url_for("sales.counter", till_id=till.id))
    return render_template("pos/person.html", till=till, form=form, operator=operator(till.id))


@bp.route("/till/<int:till_id>/drawer", methods=["GET", "POST"])
@roles_required(COUNTER)
def drawer(till_id: int) -> Any:
    """Put cash in or take it out with a reason, or open the drawer without a sale."""
    till = till_services.get_till(till_id)
    form = CashMoveForm()
    if form.validate_on_submit():
        try:
            till_services.move_cash(till.id, form.kind.data, amount=form.amount.data, reason=form.reason.data,
                               by=operator(till.id))
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Cash put in.") if form.kind.data == "cash_in" else _("Cash taken out."), "success")
            return redirect(url_for("sales.counter", till_id=till.id))
    return render_template("pos/drawer.html", till=till, form=form)


@bp.post("/till/<int:till_id>/no-sale")
@roles_required(COUNTER)
def no_sale(till_id: int) -> Any:
    """Open the drawer without a sale; it is written in the journal."""
    try:
        till_services.move_cash(till_id, "no_sale", reason=request.form.get("reason", ""), by=operator(till_id))
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The drawer is open. This is written in the journal."), "info")
    return redirect(url_for("sales.counter", till_id=till_id))


@bp.route("/till/<int:till_id>/close", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def close(till_id: int) -> Any:
    """Count the drawer by notes and coins and close the day with a Z report."""
    till = till_services.get_till(till_id)
    form = CloseTillForm()
    if form.validate_on_submit():
        try:
            report = till_services.close_till(till_id, counted_cash=form.counted_cash.data, counts=form.counts(),
                                         by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            Cart.clear(till_id)
            return _legal_report(report, till)
    elif request.method == "POST":
        flash_form_errors(form)
    try:
        report = till_services.x_report(till_id)
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("tills.tills"))
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
                               category_names=garment_categories.category_names(locale))


@bp.get("/till/<int:till_id>/x-report")
@roles_required(COUNTER)
def x_report(till_id: int) -> Any:
    """The X report of the open session, printable."""
    till = till_services.get_till(till_id)
    try:
        report = till_services.take_x_report(till_id, by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("tills.tills"))
    return _legal_report(report, till)


@bp.get("/till/<int:till_id>/z-reports")
@roles_required(SUPERVISOR)
def z_reports(till_id: int) -> Any:
    """Every Z report of the till, to look at or print again."""
    till = till_services.get_till(till_id)
    return render_template("pos/z_reports.html", till=till, reports=till_services.z_reports(till.id))


@bp.get("/till/<int:till_id>/z-reports/<int:z_number>")
@roles_required(SUPERVISOR)
def z_report(till_id: int, z_number: int) -> Any:
    """One Z report as it was taken."""
    till = till_services.get_till(till_id)
    report = next((r for r in till_services.z_reports(till.id) if r.get("z_number") == z_number), None)
    if report is None:
        flash(_("No Z report has this number."), "error")
        return redirect(url_for("tills.z_reports", till_id=till.id))
    return _legal_report(report, till)


@bp.post("/counter/training/till/<int:till_id>")
@roles_required(SUPERVISOR)
def till_training(till_id: int) -> Any:
    """Switch training mode for a till."""
    till = till_services.set_till_training(till_id, request.form.get("on") == "1", by=me())
    flash(_("Training mode is on for %(name)s.", name=till.name) if till.training
          else _("Training mode is off for %(name)s.", name=till.name), "success")
    return redirect(url_for("campaigns.settings"))


@bp.post("/counter/training/person/<int:person_id>")
@roles_required(SUPERVISOR)
def person_training(person_id: int) -> Any:
    """Switch training mode for a person."""
    person = till_services.set_person_training(person_id, request.form.get("on") == "1", by=me())
    flash(_("Training mode is on for %(name)s.", name=person.display_name) if person.training
          else _("Training mode is off for %(name)s.", name=person.display_name), "success")
    return redirect(url_for("campaigns.settings"))
