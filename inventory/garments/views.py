"""Pages of the garment: the item page, valuation and pricing with their queues, withdrawals, labels, work logs and the categories."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from boutique.auth import ADMIN, ANY, SUPERVISOR, WAREHOUSE, roles_required
from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS
from boutique.models import Person
from boutique.pages import flash_form_errors, interface_locale, me, safe_next
from boutique.services import list_shops, shop_of

from ..labels import render_label_png
from ..labels.data import label_data_for, tag_colour_name
from . import categories as garment_categories
from . import prices, services, worklog
from .forms import CategoryForm, PriceForm, ValueForm, WithdrawForm, WorkLogForm, colour_name, withdraw_reason_name
from .models import Category, Item

bp = Blueprint("garments", __name__)


@bp.get("/items/<code>")
@roles_required(ANY)
def item(code: str) -> Any:
    """A garment: every attribute, valuation and pricing, withdrawal, its label and its history."""
    row = services.get_item(code)
    if row.code != code:
        return redirect(url_for("garments.item", code=row.code))
    suggestion = prices.suggest_price(row.category.key, row.brand, row.condition)
    value_form = ValueForm(data={"estimate": row.estimate})
    price_form = PriceForm(data={"price": row.price or row.estimate or suggestion.suggested})
    withdraw_form = _withdraw_form(row)
    return render_template("inventory/item.html", item=row, value_form=value_form, price_form=price_form,
                           withdraw_form=withdraw_form, suggestion=suggestion,
                           history=services.item_history(row), can_edit=current_user.role in WAREHOUSE,
                           can_price=services.may_price(me()))


def _withdraw_form(row: Item) -> WithdrawForm:
    form = WithdrawForm(data={"weight": row.weight_grams or row.category.typical_weight_grams})
    form.shop_id.choices = select_choices([(s.id, s.name) for s in list_shops() if s.id != row.shop_id])
    return form


def _back_to(code: str) -> Any:
    """Where a form on the item page or in a queue returns: the queue it came from, else the item."""
    target = request.form.get("next")
    return redirect(safe_next(target) if target else url_for("garments.item", code=code))


@bp.post("/items/<code>/valuation")
@roles_required(WAREHOUSE)
def value_item(code: str) -> Any:
    """Save an estimate."""
    form = ValueForm()
    if form.validate_on_submit():
        try:
            services.value_item(code, estimate=form.estimate.data, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Estimate saved."), "success")
    else:
        flash_form_errors(form)
    return _back_to(code)


@bp.post("/items/<code>/price")
@roles_required(WAREHOUSE)
def price_item(code: str) -> Any:
    """Save the price; the garment can then be sold."""
    form = PriceForm()
    if form.validate_on_submit():
        try:
            services.price_item(code, price=form.price.data, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Price saved. Print the label and put the garment out."), "success")
    else:
        flash_form_errors(form)
    return _back_to(code)


@bp.post("/items/<code>/withdraw")
@roles_required(WAREHOUSE)
def withdraw_item(code: str) -> Any:
    """Take a garment out of stock: recycling, waste, another shop or given away."""
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            item = services.withdraw_item(code, reason=form.reason.data, weight_grams=form.weight.data,
                                          shop_id=form.shop_id.data or None, note=form.note.data or "",
                                          by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("%(code)s: %(reason)s.", code=item.code, reason=withdraw_reason_name(form.reason.data)),
                  "success")
    else:
        flash_form_errors(form)
    return _back_to(code)


@bp.get("/items/<code>/label.png")
@roles_required(WAREHOUSE)
def item_label(code: str) -> Any:
    """The garment's label as a PNG at the printer's resolution (?dpi=203 or 300)."""
    dpi = request.args.get("dpi", 300, type=int)
    if dpi not in (203, 300):
        abort(400)
    row = services.get_item(code)
    return Response(render_label_png(label_data_for(row), dpi=dpi), mimetype="image/png")


@bp.get("/pricing")
@roles_required(WAREHOUSE)
def pricing_queue() -> Any:
    """The queues of garments to value and to price, each with a price suggestion."""
    tab = "value" if request.args.get("tab") == "value" else "price"
    shop = shop_of(me())
    shop_id = shop.id if shop else None
    rows = prices.valuation_queue(shop_id) if tab == "value" else prices.pricing_queue(shop_id)
    # The queue shows no days to sell; one statement per category for the whole queue.
    suggestions = prices.suggest_prices((row.category.key, row.brand, row.condition) for row in rows)
    row_forms: dict[str, FlaskForm] = {}
    for row in rows:
        key = (row.category.key, row.brand, row.condition)
        # Start from the estimate when there is one, else from the suggestion.
        start = row.estimate if row.estimate is not None and tab == "price" else suggestions[key].suggested
        row_forms[row.code] = (PriceForm(formdata=None, data={"price": start}) if tab == "price"
                               else ValueForm(formdata=None, data={"estimate": start}))
    return render_template("inventory/pricing.html", tab=tab, items=rows, suggestions=suggestions,
                           row_forms=row_forms, week_colour=services.tag_colour_for(utcnow()),
                           can_price=services.may_price(me()))


@bp.get("/work")
@roles_required(ANY)
def my_work() -> Any:
    """What I did today and this week; a supervisor also picks a participant to follow up."""
    today = shop_date(utcnow())
    monday, sunday = worklog.this_week(today)
    people = []
    if current_user.role in SUPERVISOR:
        people = db.session.scalars(select(Person).where(Person.active.is_(True))
                                    .order_by(Person.display_name)).all()
    return render_template("inventory/work.html", person=me(), today=worklog.work_log(current_user.id, today, today),
                           week=worklog.work_log(current_user.id, monday, sunday), people=people,
                           range_form=WorkLogForm(data={"start": monday, "end": today}))


@bp.get("/work/person")
@bp.get("/work/<int:person_id>")
@roles_required(ANY)
def person_work(person_id: int | None = None) -> Any:
    """A person's work over a date range: for that person and for supervisors only."""
    person_id = person_id if person_id is not None else request.args.get("person_id", current_user.id, type=int)
    if person_id != current_user.id and current_user.role not in SUPERVISOR:
        abort(403)
    person = db.get_or_404(Person, person_id)
    today = shop_date(utcnow())
    form = WorkLogForm(request.args)
    form.validate()
    start = form.start.data or today - timedelta(days=today.weekday())
    end = form.end.data or today
    try:
        log = worklog.work_log(person.id, start, end)
    except DomainError as exc:
        flash(str(exc.message), "error")
        log = worklog.work_log(person.id, end, end)
    return render_template("inventory/work_range.html", person=person, log=log, form=form)


@bp.get("/categories")
@roles_required(ADMIN)
def categories() -> Any:
    """The admin's list of categories."""
    return render_template("inventory/categories.html", categories=garment_categories.list_all_categories())


@bp.route("/categories/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def new_category() -> Any:
    """Create a category."""
    return _category_page(None)


@bp.route("/categories/<key>", methods=["GET", "POST"])
@roles_required(ADMIN)
def edit_category(key: str) -> Any:
    """Change a category: names, pictogram, flat price, typical weight and climate factor."""
    existing = garment_categories.find_category(key)
    if existing is None:
        abort(404)
    return _category_page(existing)


def _category_page(existing: Category | None) -> Any:
    data = None
    if existing is not None and request.method == "GET":
        data = {name: getattr(existing, name) for name in garment_categories.CATEGORY_FIELDS}
        data.update(key=existing.key, typical_weight=existing.typical_weight_grams,
                    name_ar=(existing.other_names or {}).get("ar", ""))
    form = CategoryForm(data=data)
    form.pictogram.choices = select_choices([(p, p) for p in garment_categories.pictograms()])
    if form.validate_on_submit():
        try:
            saved = garment_categories.save_category(
                existing.key if existing else form.key.data or "", name_sv=form.name_sv.data or "",
                name_en=form.name_en.data or "", pictogram=form.pictogram.data, default_price=form.default_price.data,
                typical_weight_grams=form.typical_weight.data, co2e_grams_per_kg=form.co2e_grams_per_kg.data,
                co2e_source=form.co2e_source.data or "", size_scale=form.size_scale.data,
                active=form.active.data, other_names={"ar": form.name_ar.data or ""}, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Category %(name)s saved.", name=saved.name(interface_locale())), "success")
            return redirect(url_for("garments.categories"))
    elif form.errors:
        flash_form_errors(form)
    return render_template("inventory/category.html", form=form, category=existing)


EVENT_LABELS.update({
    "item.sorted": _l("Sorted"), "item.valued": _l("Valued"), "item.priced": _l("Priced"),
    "item.sold": _l("Sold"), "item.returned": _l("Returned"), "item.withdrawn": _l("Withdrawn"),
    "item.transferred": _l("Moved to another shop"), "category.created": _l("Category created"),
    "category.changed": _l("Category changed"),
})


@bp.record_once
def _template_names(state: Any) -> None:
    """Names of stages, statuses, colours, reasons and kinds of work for every template, macros included."""
    state.app.jinja_env.globals.update(stage_name=services.stage_name, tag_colour_name=tag_colour_name,
                                       colour_name=colour_name, withdraw_reason_name=withdraw_reason_name,
                                       work_names=worklog.WORK_NAMES)
