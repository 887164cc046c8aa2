"""Pages for printing labels: the station print queues, one garment's label, manufacturer codes."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.exceptions import NotFound as PageNotFound

from boutique.auth import WAREHOUSE, roles_required
from boutique.clock import shop_date, utcnow
from boutique.errors import DomainError
from boutique.i18n import EVENT_LABELS
from boutique.pages import me, safe_next
from boutique.services import shop_of

from ..garments import services as garment_services
from . import printers, queue, services
from .api import pdf_response
from .forms import ManufacturerCodeForm, PrintLabelsForm

bp = Blueprint("labels", __name__)

STATION_NAMES = {"sorting": _l("Sorting"), "pricing": _l("Pricing"), "item": _l("Garment page"), "api": _l("API")}


def _print_form(station: str) -> PrintLabelsForm:
    return PrintLabelsForm(data={"format": session.get("label_format", "a4-3x8"), "skip": 0, "station": station})


@bp.get("/labels")
@roles_required(WAREHOUSE)
def label_queue_start() -> Any:
    """The print queue of the station this person printed from last (pricing at first)."""
    return redirect(url_for("labels.label_queue", station=session.get("label_station", "pricing")))


@bp.get("/labels/<station>")
@roles_required(WAREHOUSE)
def label_queue(station: str) -> Any:
    """A station's print queue: the shop's garments priced there that still need a label."""
    if station not in queue.QUEUE_STATIONS:
        raise PageNotFound()
    session["label_station"] = station
    shop = shop_of(me())
    shop_id = shop.id if shop else None
    response = render_template(
        "labels/queue.html", station=station, waiting=queue.label_queue(shop_id, station),
        counts=queue.queue_counts(shop_id), form=_print_form(station), station_names=STATION_NAMES,
        printer=printers.printer_settings())
    # Back from the PDF must show the queue as it is now, without what was just printed.
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/labels/print")
@roles_required(WAREHOUSE)
def print_labels() -> Any:
    """Print the chosen garments' labels: one PDF for the browser's print dialog, or straight to the printer."""
    form = PrintLabelsForm()
    back = safe_next(request.form.get("next") or url_for("labels.label_queue_start"))
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    codes = request.form.getlist("codes")
    station = form.station.data if form.station.data in services.STATIONS else "item"
    try:
        if request.form.get("action") == "printer":
            count = printers.send_labels_to_printer(codes, by=me(), station=station)
        else:
            pdf = services.print_labels(codes, form.format.data, by=me(), station=station, **form.sheet_options())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(back)
    if request.form.get("action") == "printer":
        flash(ngettext("Sent %(num)d label to the printer.", "Sent %(num)d labels to the printer.", count), "success")
        return redirect(back)
    session["label_format"] = form.format.data
    return pdf_response(pdf, f"labels-{shop_date(utcnow()).isoformat()}.pdf")


@bp.post("/labels/scan")
@roles_required(WAREHOUSE)
def scan_for_label() -> Any:
    """A garment scanned at a print station: open its label page to print it again."""
    try:
        item = services.find_item_by_scan(request.form.get("code", ""))
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(safe_next(request.form.get("next") or url_for("labels.label_queue_start")))
    return redirect(url_for("labels.item_label_page", code=item.code))


def _label_page(code: str, *, focus_ean: bool = False, ean_form: ManufacturerCodeForm | None = None) -> Any:
    row = garment_services.get_item(code)
    return render_template("labels/item.html", item=row, form=_print_form("item"),
                           ean_form=ean_form or ManufacturerCodeForm(formdata=None), focus_ean=focus_ean,
                           prints=queue.label_prints(row), eans=services.manufacturer_codes(row),
                           printable=row.status not in services.UNPRINTABLE, station_names=STATION_NAMES,
                           printer=printers.printer_settings())


@bp.get("/items/<code>/label")
@roles_required(WAREHOUSE)
def item_label_page(code: str) -> Any:
    """One garment's label: preview, print it (again), the prints so far and its manufacturer codes."""
    return _label_page(code)


@bp.get("/items/<code>/manufacturer-code")
@roles_required(WAREHOUSE)
def manufacturer_code_page(code: str) -> Any:
    """The garment's label page with the manufacturer's barcode field ready for a scan."""
    return _label_page(code, focus_ean=True)


@bp.post("/items/<code>/manufacturer-code")
@roles_required(WAREHOUSE)
def link_manufacturer_code(code: str) -> Any:
    """Link the barcode on a new garment's own tag, so scanning that tag finds the garment."""
    form = ManufacturerCodeForm()
    if form.validate_on_submit():
        try:
            linked = services.link_manufacturer_code(code, form.ean.data or "", by=me())
        except DomainError as exc:
            form.ean.errors = [str(exc.message)]
        else:
            flash(_("%(ean)s now finds this garment.", ean=linked.code), "success")
            return redirect(url_for("labels.item_label_page", code=linked.item.code))
    return _label_page(code, focus_ean=True, ean_form=form), 422


EVENT_LABELS.update({
    # A print of a label that was printed before reads as a reprint in the history.
    "item.label_printed": lambda data: _l("Label reprinted") if data.get("reprint") else _l("Label printed"),
    "item.manufacturer_code_linked": _l("Manufacturer's code linked"),
})
