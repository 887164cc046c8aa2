"""Pages for printing labels: the station print queues, one garment's label, manufacturer codes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import NotFound as PageNotFound
from wtforms import DecimalField, HiddenField, IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from boutique.auth import WAREHOUSE, roles_required
from boutique.clock import shop_date, utcnow
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS
from boutique.services import shop_of
from boutique.pages import me, safe_next

from . import printing, services
from .print_api import pdf_response
from .views import bp

FORMAT_CHOICES = select_choices([("a4-3x8", _l("A4 sheet, 3 × 8 labels")), ("62mm", _l("62 mm tape")),
                                 ("62x29", _l("62 × 29 mm labels"))])
STATION_NAMES = {"sorting": _l("Sorting"), "pricing": _l("Pricing"), "item": _l("Garment page"), "api": _l("API")}


class MillimetreField(DecimalField):
    """Millimetres as typed in Swedish or English: "4,5" and "4.5" alike."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].replace(",", ".").strip()]
        if valuelist and valuelist[0] == "":
            self.data = None
            return
        try:
            self.data = Decimal(valuelist[0]) if valuelist else None
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value.")) from None


class PrintLabelsForm(FlaskForm):
    """Which format, and on an A4 sheet how many used labels to skip and the printer's margins."""

    format = RadioField(_l("Label format"), choices=FORMAT_CHOICES, default="a4-3x8", validators=[InputRequired()])
    skip = IntegerField(_l("Labels already used on the sheet"), default=0,
                        validators=[Optional(), NumberRange(min=0, max=printing.A4_PER_SHEET - 1)])
    margin_top = MillimetreField(_l("Top margin (mm)"), validators=[Optional(), NumberRange(min=0, max=50)])
    margin_left = MillimetreField(_l("Left margin (mm)"), validators=[Optional(), NumberRange(min=0, max=50)])
    station = HiddenField()

    def sheet_options(self) -> dict[str, Any]:
        """Skip and margins for an A4 sheet; the page shows them for every format, tape ignores them."""
        if self.format.data != "a4-3x8":
            return {}

        def mm(value: Decimal | None) -> float | None:
            return float(value) if value is not None else None

        return {"skip": self.skip.data or 0, "margin_top_mm": mm(self.margin_top.data),
                "margin_left_mm": mm(self.margin_left.data)}


class ManufacturerCodeForm(FlaskForm):
    """The EAN printed on a new garment's own tag."""

    ean = StringField(_l("The barcode on the garment's own tag"), validators=[InputRequired()])



def _print_form(station: str) -> PrintLabelsForm:
    return PrintLabelsForm(data={"format": session.get("label_format", "a4-3x8"), "skip": 0, "station": station})


@bp.get("/labels")
@roles_required(WAREHOUSE)
def label_queue_start() -> Any:
    """The print queue of the station this person printed from last (pricing at first)."""
    return redirect(url_for("inventory.label_queue", station=session.get("label_station", "pricing")))


@bp.get("/labels/<station>")
@roles_required(WAREHOUSE)
def label_queue(station: str) -> Any:
    """A station's print queue: the shop's garments priced there that still need a label."""
    if station not in printing.QUEUE_STATIONS:
        raise PageNotFound()
    session["label_station"] = station
    shop = shop_of(me())
    shop_id = shop.id if shop else None
    response = render_template(
        "inventory/print_queue.html", station=station, waiting=printing.label_queue(shop_id, station),
        counts=printing.queue_counts(shop_id), form=_print_form(station), station_names=STATION_NAMES,
        printer=printing.printer_settings())
    # Back from the PDF must show the queue as it is now, without what was just printed.
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/labels/print")
@roles_required(WAREHOUSE)
def print_labels() -> Any:
    """Print the chosen garments' labels: one PDF for the browser's print dialog, or straight to the printer."""
    form = PrintLabelsForm()
    back = safe_next(request.form.get("next") or url_for("inventory.label_queue_start"))
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    codes = request.form.getlist("codes")
    station = form.station.data if form.station.data in printing.STATIONS else "item"
    try:
        if request.form.get("action") == "printer":
            count = printing.send_labels_to_printer(codes, by=me(), station=station)
        else:
            pdf = printing.print_labels(codes, form.format.data, by=me(), station=station, **form.sheet_options())
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
        item = printing.find_item_by_scan(request.form.get("code", ""))
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(safe_next(request.form.get("next") or url_for("inventory.label_queue_start")))
    return redirect(url_for("inventory.item_label_page", code=item.code))


def _label_page(code: str, *, focus_ean: bool = False, ean_form: ManufacturerCodeForm | None = None) -> Any:
    row = services.get_item(code)
    return render_template("inventory/print_item.html", item=row, form=_print_form("item"),
                           ean_form=ean_form or ManufacturerCodeForm(formdata=None), focus_ean=focus_ean,
                           prints=printing.label_prints(row), eans=printing.manufacturer_codes(row),
                           printable=row.status not in printing.UNPRINTABLE, station_names=STATION_NAMES,
                           printer=printing.printer_settings())


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
            linked = printing.link_manufacturer_code(code, form.ean.data or "", by=me())
        except DomainError as exc:
            form.ean.errors = [str(exc.message)]
        else:
            flash(_("%(ean)s now finds this garment.", ean=linked.code), "success")
            return redirect(url_for("inventory.item_label_page", code=linked.item.code))
    return _label_page(code, focus_ean=True, ean_form=form), 422


EVENT_LABELS.update({
    # A print of a label that was printed before reads as a reprint in the history.
    "item.label_printed": lambda data: _l("Label reprinted") if data.get("reprint") else _l("Label printed"),
    "item.manufacturer_code_linked": _l("Manufacturer's code linked"),
})
