"""Pages of the sorting room: intake, donation cards, the sorting station, the item page, labels."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from boutique.auth import ANY, WAREHOUSE, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.i18n import EVENT_LABELS
from boutique.forms import select_choices
from boutique.services import shop_of

from . import services
from .forms import CloseDonationForm, DonationForm, PriceForm, ScanForm, SortForm, ValueForm, channel_name
from .label_data import label_data_for, tag_colour_name
from .labels import render_label_png
from .models import Donation

bp = Blueprint("inventory", __name__)

SORT_MEMORY_KEYS = ("category", "size", "colour", "brand", "material", "condition", "route")


def _me() -> Any:
    return current_user._get_current_object()


@bp.get("/donations")
@roles_required(WAREHOUSE)
def donations() -> Any:
    """Donations still moving through the sorting room."""
    open_donations = db.session.scalars(
        select(Donation).where(Donation.stage != "closed").order_by(Donation.id.desc()).limit(200)).all()
    return render_template("inventory/donations.html", donations=open_donations)


@bp.route("/donations/new", methods=["GET", "POST"])
@roles_required(WAREHOUSE)
def new_donation() -> Any:
    """Intake: register a donation by channel and weight."""
    form = DonationForm()
    shop = shop_of(_me())
    if shop is None:
        flash(_("Create a shop first."), "error")
        return redirect(url_for("boutique.home"))
    if form.validate_on_submit():
        try:
            donation = services.receive_donation(shop_id=shop.id, channel=form.channel.data,
                                                 weight_grams=form.weight.data, bags=form.bags.data,
                                                 note=form.note.data or "", by=_me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Donation %(id)s received.", id=donation.id), "success")
            return redirect(url_for("inventory.donation", donation_id=donation.id))
    return render_template("inventory/new_donation.html", form=form, shop=shop)


@bp.get("/donations/<int:donation_id>")
@roles_required(WAREHOUSE)
def donation(donation_id: int) -> Any:
    """A donation's card: its stage, the next step, its garments and its history."""
    item = services.get_donation(donation_id)
    return render_template("inventory/donation.html", donation=item, close_form=CloseDonationForm(),
                           next_stage=services.NEXT_STAGE.get(item.stage),
                           history=services.donation_history(item))


@bp.post("/donations/<int:donation_id>/stage")
@roles_required(WAREHOUSE)
def advance_donation(donation_id: int) -> Any:
    """Move a donation one step forward."""
    form = CloseDonationForm()
    stage = request.form.get("stage", "")
    if not form.validate():
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
        return redirect(url_for("inventory.donation", donation_id=donation_id))
    try:
        services.advance_donation(donation_id, stage, by=_me(), recycled_grams=form.recycled.data or 0,
                                  discarded_grams=form.discarded.data or 0)
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The donation is now %(stage)s.", stage=services.stage_name(stage)), "success")
    return redirect(url_for("inventory.donation", donation_id=donation_id))


@bp.route("/donations/<int:donation_id>/sort", methods=["GET", "POST"])
@roles_required(WAREHOUSE)
def sorting_station(donation_id: int) -> Any:
    """The sorting station: one garment at a time; the last choices stay for the next one."""
    donation_row = services.get_donation(donation_id)
    categories = services.list_categories()
    locale = str(get_locale())
    remembered = session.get("sort_memory", {})
    form = SortForm(data=remembered if request.method == "GET" else None)
    form.category.choices = select_choices([(c.key, c.name(locale)) for c in categories])
    if form.validate_on_submit():
        try:
            item = services.sort_item(
                donation_id=donation_id, category=form.category.data, condition=int(form.condition.data),
                route=form.route.data, size=form.size.data or "", colour=form.colour.data or "",
                brand=form.brand.data or "", material=form.material.data or "", weight_grams=form.weight.data,
                by=_me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            session["sort_memory"] = {k: getattr(form, k).data for k in SORT_MEMORY_KEYS}
            flash(_("Saved garment %(code)s.", code=item.code), "success")
            return redirect(url_for("inventory.sorting_station", donation_id=donation_id, last=item.code))
    return render_template("inventory/sort.html", form=form, donation=donation_row, categories=categories,
                           last_code=request.args.get("last"))


@bp.route("/find", methods=["GET", "POST"])
@roles_required(ANY)
def find_item() -> Any:
    """Scan or type a code to open the garment."""
    form = ScanForm()
    if form.validate_on_submit():
        try:
            item = services.get_item(form.code.data or "")
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return redirect(url_for("inventory.item", code=item.code))
    return render_template("inventory/find.html", form=form)


@bp.get("/items/<code>")
@roles_required(ANY)
def item(code: str) -> Any:
    """A garment: every attribute, valuation and pricing, its label and its history."""
    row = services.get_item(code)
    if row.code != code:
        return redirect(url_for("inventory.item", code=row.code))
    value_form = ValueForm(data={"estimate": row.estimate})
    price_form = PriceForm(data={"price": row.price or row.estimate or row.category.default_price})
    return render_template("inventory/item.html", item=row, value_form=value_form, price_form=price_form,
                           history=services.item_history(row), can_edit=current_user.role in WAREHOUSE)


@bp.post("/items/<code>/valuation")
@roles_required(WAREHOUSE)
def value_item(code: str) -> Any:
    """Save an estimate."""
    form = ValueForm()
    if form.validate_on_submit():
        try:
            services.value_item(code, estimate=form.estimate.data, by=_me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Estimate saved."), "success")
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("inventory.item", code=code))


@bp.post("/items/<code>/price")
@roles_required(WAREHOUSE)
def price_item(code: str) -> Any:
    """Save the price; the garment can then be sold."""
    form = PriceForm()
    if form.validate_on_submit():
        try:
            services.price_item(code, price=form.price.data, by=_me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Price saved. Print the label and put the garment out."), "success")
    else:
        flash(" ".join(e for errs in form.errors.values() for e in errs), "error")
    return redirect(url_for("inventory.item", code=code))


@bp.get("/items/<code>/label.png")
@roles_required(WAREHOUSE)
def item_label(code: str) -> Any:
    """The garment's label as a PNG at the printer's resolution (?dpi=203 or 300)."""
    dpi = request.args.get("dpi", 300, type=int)
    if dpi not in (203, 300):
        abort(400)
    row = services.get_item(code)
    return Response(render_label_png(label_data_for(row), dpi=dpi), mimetype="image/png")


EVENT_LABELS.update({
    "donation.received": _l("Donation received"), "donation.unpacked": _l("Unpacked"),
    "donation.washed": _l("Washed"), "donation.sorted": _l("Sorting started"), "donation.closed": _l("Closed"),
    "item.sorted": _l("Sorted"), "item.valued": _l("Valued"), "item.priced": _l("Priced"),
    "item.sold": _l("Sold"), "item.returned": _l("Returned"), "item.withdrawn": _l("Withdrawn"),
    "item.transferred": _l("Moved to another shop"),
})


@bp.record_once
def _template_names(state: Any) -> None:
    """Names of stages, channels and tag colours for every template, macros included."""
    state.app.jinja_env.globals.update(stage_name=services.stage_name, channel_name=channel_name,
                                       tag_colour_name=tag_colour_name)
