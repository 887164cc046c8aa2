"""Pages of the donation: intake, donation cards, stages, the sorting station, finding what a code names, the kilo balance."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from boutique.auth import ANY, WAREHOUSE, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS
from boutique.pages import flash_form_errors, in_place_page, in_place_request, interface_locale, me
from boutique.services import shop_of

from ..garments import categories as garment_categories
from ..garments import services as garments
from ..garments.forms import COLOURS, MATERIALS, SIZES, ScanForm, chosen_size, condition_hints
from . import kilos, services
from .cards import barcode_svg, donation_code, donation_id_from_scan
from .forms import BatchStageForm, CloseDonationForm, DonationForm, SortForm, channel_name
from .models import Donation

bp = Blueprint("donations", __name__)


# What the sorting station remembers for the next garment: the taps, not what is typed.
SORT_MEMORY_KEYS = ("category", "colour", "material", "condition", "route")


@bp.get("/donations")
@roles_required(WAREHOUSE)
def donations() -> Any:
    """The sorting room's start: open donations, with several at once moved through unpacking and washing."""
    open_donations = db.session.scalars(
        select(Donation).where(Donation.stage != "closed").options(selectinload(Donation.items))
        .order_by(Donation.id.desc()).limit(200)).all()
    return render_template("inventory/donations.html", donations=open_donations, batch_form=BatchStageForm())


@bp.post("/donations/stage")
@roles_required(WAREHOUSE)
def advance_donations() -> Any:
    """Mark the ticked donations (one wash load) unpacked or washed together."""
    form = BatchStageForm()
    ids = [int(v) for v in request.form.getlist("donation_ids") if v.isdigit()]
    if not form.validate():
        flash_form_errors(form)
    else:
        try:
            moved = services.advance_donations(ids, form.stage.data, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("%(count)s donations are now %(stage)s.", count=len(moved),
                    stage=garments.stage_name(form.stage.data)), "success")
    return redirect(url_for("donations.donations"))


@bp.route("/donations/new", methods=["GET", "POST"])
@roles_required(WAREHOUSE)
def new_donation() -> Any:
    """Intake: register a donation by channel and weight."""
    form = DonationForm()
    shop = shop_of(me())
    if shop is None:
        flash(_("Create a shop first."), "error")
        return redirect(url_for("boutique.home"))
    if form.validate_on_submit():
        try:
            donation = services.receive_donation(shop_id=shop.id, channel=form.channel.data,
                                                 weight_grams=form.weight.data, bags=form.bags.data,
                                                 note=form.note.data or "", by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Donation %(id)s received.", id=donation.id), "success")
            return redirect(url_for("donations.donation", donation_id=donation.id))
    return render_template("inventory/new_donation.html", form=form, shop=shop)


@bp.get("/donations/<int:donation_id>")
@roles_required(WAREHOUSE)
def donation(donation_id: int) -> Any:
    """A donation's card: its code, stage, the next step, its kilo balance, its garments and its history."""
    row = services.get_donation(donation_id)
    return render_template("inventory/donation.html", donation=row, close_form=CloseDonationForm(),
                           next_stage=services.NEXT_STAGE.get(row.stage), card_code=donation_code(row.id),
                           remaining=services.remaining_grams(row), balance=kilos.donation_balance(row.id),
                           history=services.donation_history(row))


@bp.get("/donations/<int:donation_id>/card")
@roles_required(WAREHOUSE)
def donation_card(donation_id: int) -> Any:
    """The donation's card to print and put on the bag: its number and barcode."""
    row = services.get_donation(donation_id)
    return render_template("inventory/donation_card.html", donation=row, card_code=donation_code(row.id))


@bp.post("/donations/<int:donation_id>/stage")
@roles_required(WAREHOUSE)
def advance_donation(donation_id: int) -> Any:
    """Move a donation one step forward."""
    form = CloseDonationForm()
    stage = request.form.get("stage", "")
    if not form.validate():
        flash_form_errors(form)
        return redirect(url_for("donations.donation", donation_id=donation_id))
    try:
        services.advance_donation(donation_id, stage, by=me(), recycled_grams=form.recycled.data or 0,
                                  discarded_grams=form.discarded.data)
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The donation is now %(stage)s.", stage=garments.stage_name(stage)), "success")
    return redirect(url_for("donations.donation", donation_id=donation_id))


@bp.route("/sort", methods=["GET", "POST"])
@roles_required(WAREHOUSE)
def sort_start() -> Any:
    """The sorting station's first step: scan the bag's donation card, or pick the donation."""
    form = ScanForm()
    if form.validate_on_submit():
        try:
            donation_id = donation_id_from_scan(form.code.data or "")
            services.get_donation(donation_id)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            return redirect(url_for("donations.sorting_station", donation_id=donation_id))
    ready = db.session.scalars(select(Donation).where(Donation.stage.in_(("washed", "sorted")))
                               .order_by(Donation.id)).all()
    return render_template("inventory/sort_start.html", form=form, donations=ready)


@bp.route("/donations/<int:donation_id>/sort", methods=["GET", "POST"])
@roles_required(WAREHOUSE)
def sorting_station(donation_id: int) -> Any:
    """The sorting station: one garment at a time; the last choices stay for the next one."""
    donation_row = services.get_donation(donation_id)
    categories = garment_categories.list_categories()
    remembered = session.get("sort_memory", {})
    form = SortForm(data=remembered if request.method == "GET" else None)
    form.category.choices = select_choices([(c.key, c.name(interface_locale())) for c in categories])
    scales = {c.key: c.size_scale for c in categories}
    size = remembered.get("size", "")
    if request.method == "POST":
        size = chosen_size(request.form, scales.get(form.category.data or "", "none"))
    if form.validate_on_submit():
        try:
            item = services.sort_item(
                donation_id=donation_id, category=form.category.data, condition=int(form.condition.data),
                route=form.route.data, size=size, colour=form.colour.data or "",
                brand=form.brand.data or "", material=form.material.data or "", weight_grams=form.weight.data,
                by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            session["sort_memory"] = {"size": size, **{k: getattr(form, k).data for k in SORT_MEMORY_KEYS}}
            flash(_("Saved garment %(code)s.", code=item.code), "success")
            if not in_place_request():
                return redirect(url_for("donations.sorting_station", donation_id=donation_id))
            # In place the answer is the next garment's form at once, saving the redirect's round trip.
            form = SortForm(formdata=None, data=session["sort_memory"])
            form.category.choices = select_choices([(c.key, c.name(interface_locale())) for c in categories])
    elif form.errors:
        flash_form_errors(form)
    # In place, only what a save changes; the brand and material suggestions stay on the page.
    in_place = in_place_request()
    page = render_template("inventory/_sort_live.html" if in_place else "inventory/sort.html", form=form,
                           donation=donation_row, categories=categories, size=size, sizes=SIZES, colours=COLOURS,
                           materials=MATERIALS, condition_hints=condition_hints(),
                           brands=[] if in_place else garments.known_brands(),
                           remaining=services.remaining_grams(donation_row),
                           sorted_count=services.sorted_count(donation_id), recent=services.last_sorted(donation_id))
    return in_place_page(page, url_for("donations.sorting_station", donation_id=donation_id)) if in_place else page


@bp.route("/find", methods=["GET", "POST"])
@roles_required(ANY)
def find_item() -> Any:
    """Scan or type a code to open the garment (or a donation card to open the donation)."""
    form = ScanForm()
    if form.validate_on_submit():
        try:
            found = services.find_scanned(form.code.data or "")
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            if isinstance(found, Donation):
                return redirect(url_for("donations.donation", donation_id=found.id))
            return redirect(url_for("garments.item", code=found.code))
    return render_template("inventory/find.html", form=form)


@bp.get("/kilos")
@roles_required(WAREHOUSE)
def kilo_balance() -> Any:
    """The shop's kilo balance: donated kilos in, and where they went."""
    shop = shop_of(me())
    if shop is None:
        abort(404)
    return render_template("inventory/kilos.html", shop=shop, balance=kilos.shop_balance(shop.id))


EVENT_LABELS.update({
    "donation.received": _l("Donation received"), "donation.unpacked": _l("Unpacked"),
    "donation.washed": _l("Washed"), "donation.sorted": _l("Sorting started"), "donation.closed": _l("Closed"),
})


@bp.record_once
def _template_names(state: Any) -> None:
    """Names of donation channels, and the donation card's barcode, for every template."""
    state.app.jinja_env.globals.update(channel_name=channel_name, barcode_svg=barcode_svg)
