"""Label printing: the print queue, label batches, manufacturer codes and direct label printers.

A garment needs a label when it is priced and whenever its price changes. Each print is a
`LabelPrint` row that remembers which pricing event it carried, so "waiting for a label"
is: priced, and its latest `item.priced` event is newer than the one its last label
carried. Event ids, not clock times, decide it, so two things in the same second (or under
a frozen test clock) still come out right.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db, use_case
from boutique.errors import DomainError, InvalidCheckDigit, MalformedCode, ValidationFailed
from boutique.models import Event, Person, record_event

from . import services
from .codes import is_internal_code, normalise_code
from .errors import UnknownItem, WrongStage
from .label_data import label_data_for
from .labels import LABEL_FORMATS, LabelData, brother_ql_raster, render_label_zpl, render_labels_pdf
from .models import Item, ManufacturerCode

# Where a label is printed from: the two station queues, one garment's page, or the API.
STATIONS = ("sorting", "pricing", "item", "api")
QUEUE_STATIONS = ("sorting", "pricing")
A4_PER_SHEET = 24
MAX_BATCH = 1000
# A garment in these states is out of the shop: a label for it would only confuse.
UNPRINTABLE = ("sold", "withdrawn", "consumed")
PRINTER_KINDS = ("none", "zpl", "brother_ql")


class LabelPrint(db.Model):
    """One garment's label printed once: by whom, where, in which format, and whether it was a reprint."""

    __tablename__ = "label_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    # The latest `item.priced` event when printed: the price this label carries.
    price_event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    station: Mapped[str] = mapped_column(String(20), default="")
    format: Mapped[str] = mapped_column(String(20))
    reprint: Mapped[bool] = mapped_column(default=False)


class ItemNotPrintable(DomainError):
    """The garment is sold, withdrawn or consumed: it gets no label."""

    code = "item_not_printable"
    status = 409
    default_message = _l("This garment gets no label now.")


class ManufacturerCodeTaken(DomainError):
    """The manufacturer's code is already linked to a garment."""

    code = "manufacturer_code_taken"
    status = 409
    default_message = _l("That code is already linked to another garment.")


class PrinterUnavailable(DomainError):
    """No label printer is set up, or it did not answer."""

    code = "printer_unavailable"
    status = 503
    default_message = _l("The label printer did not answer. Print the PDF instead.")


# --------------------------------------------------------------------------- scanning


def item_for_manufacturer_code(code: str) -> Item | None:
    """The garment a normalised manufacturer EAN is linked to, if any."""
    return db.session.scalar(
        select(Item).join(ManufacturerCode, ManufacturerCode.item_id == Item.id).where(ManufacturerCode.code == code))


def find_item_by_scan(raw: str) -> Item:
    """The garment a scan names: our own code, else a linked manufacturer EAN; errors name the code."""
    try:
        code = normalise_code(raw)
    except InvalidCheckDigit:
        raise InvalidCheckDigit(_l("The check digit of %(code)s is wrong. Scan it again.", code=raw.strip()),
                                code=raw) from None
    except MalformedCode:
        raise MalformedCode(_l("“%(code)s” is not a garment code. Scan it again.", code=raw.strip()),
                            code=raw) from None
    try:
        return services.get_item(code)  # our own codes and linked manufacturer EANs
    except UnknownItem:
        raise UnknownItem(_l("No garment has the code %(code)s.", code=code), code=code) from None


# --------------------------------------------------------------------------- the print queue


@dataclass(frozen=True)
class WaitingLabel:
    """A garment in the print queue: priced (or repriced) after its last label."""

    item: Item
    priced_at: datetime
    station: str
    new_price: bool


def _latest_price_events() -> Any:
    """Per item, the id of its latest `item.priced` event."""
    return (select(Event.subject_id.label("item_id"), func.max(Event.id).label("event_id"))
            .where(Event.subject_type == "item", Event.kind == "item.priced")
            .group_by(Event.subject_id).subquery())


def label_queue(shop_id: int | None, station: str | None = None) -> list[WaitingLabel]:
    """Priced garments of a shop waiting for a label, oldest first; `station` narrows to where they were priced."""
    latest = _latest_price_events()
    printed = (select(LabelPrint.item_id, func.max(LabelPrint.price_event_id).label("event_id"))
               .group_by(LabelPrint.item_id).subquery())
    stmt = (select(Item, Event)
            .join(latest, latest.c.item_id == Item.id)
            .join(Event, Event.id == latest.c.event_id)
            .outerjoin(printed, printed.c.item_id == Item.id)
            .where(Item.status == "priced",
                   or_(printed.c.event_id.is_(None), printed.c.event_id < latest.c.event_id))
            .order_by(Event.id))
    if shop_id is not None:
        stmt = stmt.where(Item.shop_id == shop_id)
    if station is not None:
        stmt = stmt.where(Event.station == station)
    return [WaitingLabel(item=item, priced_at=event.at, station=event.station,
                         new_price=(event.data or {}).get("previous_price") is not None)
            for item, event in db.session.execute(stmt)]


def queue_counts(shop_id: int | None) -> dict[str, int]:
    """How many labels wait at each station."""
    counts = {station: 0 for station in QUEUE_STATIONS}
    for waiting in label_queue(shop_id):
        counts[waiting.station] = counts.get(waiting.station, 0) + 1
    return counts


def label_prints(item: Item) -> list[LabelPrint]:
    """Every label printed for a garment, oldest first."""
    return list(db.session.scalars(select(LabelPrint).where(LabelPrint.item_id == item.id).order_by(LabelPrint.id)))


# --------------------------------------------------------------------------- printing


def printable_items(codes: Sequence[str]) -> list[Item]:
    """The garments the codes name, in order and each once; the first bad code stops the whole batch."""
    if not codes:
        raise ValidationFailed(_l("Choose at least one garment."), field="codes")
    if len(codes) > MAX_BATCH:
        raise ValidationFailed(_l("Print at most %(n)s labels at a time.", n=MAX_BATCH), field="codes")
    items: dict[int, Item] = {}
    for index, raw in enumerate(codes):
        try:
            item = find_item_by_scan(raw)
        except DomainError as exc:
            exc.details.setdefault("field", f"codes.{index}")
            raise
        if item.status in UNPRINTABLE:
            raise ItemNotPrintable(
                _l("Garment %(code)s is %(status)s, so it gets no label.", code=item.code,
                   status=services.stage_name(item.status)),
                code=item.code, status=item.status, field=f"codes.{index}")
        items.setdefault(item.id, item)
    return list(items.values())


def label_for(item: Item) -> LabelData:
    """What goes on a garment's label (redesign credits come with the redesign issue)."""
    return label_data_for(item)


def _check_sheet_options(fmt: str, skip: int, margin_top_mm: float | None, margin_left_mm: float | None) -> None:
    if fmt not in LABEL_FORMATS:
        raise ValidationFailed(_l("Unknown label format."), field="format")
    if fmt != "a4-3x8":
        if skip:
            raise ValidationFailed(_l("Skipping labels is for A4 sheets only."), field="skip")
        if margin_top_mm is not None or margin_left_mm is not None:
            raise ValidationFailed(_l("Margins are for A4 sheets only."),
                                   field="margin_top_mm" if margin_top_mm is not None else "margin_left_mm")
    if not 0 <= skip < A4_PER_SHEET:
        raise ValidationFailed(_l("Skip from 0 to %(n)s labels.", n=A4_PER_SHEET - 1), field="skip")
    for name, value in (("margin_top_mm", margin_top_mm), ("margin_left_mm", margin_left_mm)):
        if value is not None and not 0 <= value <= 50:
            raise ValidationFailed(_l("A margin is from 0 to 50 mm."), field=name)


def print_labels(
    codes: Sequence[str],
    fmt: str,
    *,
    by: Person,
    station: str,
    skip: int = 0,
    margin_top_mm: float | None = None,
    margin_left_mm: float | None = None,
) -> bytes:
    """One PDF of the garments' labels; each print is recorded, and nothing is unless every code is good.

    The PDF is drawn before the write transaction opens: a 1,000-label batch takes a second
    or two, and on SQLite the till must not wait for the write lock that long.
    """
    _check_sheet_options(fmt, skip, margin_top_mm, margin_left_mm)
    items = printable_items(codes)
    pdf = render_labels_pdf([label_for(item) for item in items], fmt, skip=skip, margin_top_mm=margin_top_mm,
                            margin_left_mm=margin_left_mm)
    record_label_prints([item.id for item in items], by=by, station=station, fmt=fmt)
    return pdf


@use_case
def record_label_prints(item_ids: list[int], *, by: Person, station: str, fmt: str) -> list[LabelPrint]:
    """Remember that these garments got a label; an event per garment says whether it was a reprint."""
    if station not in STATIONS:
        raise ValidationFailed(_l("Unknown station."), field="station")
    printed_before = set(db.session.scalars(
        select(LabelPrint.item_id).where(LabelPrint.item_id.in_(item_ids)).distinct()))
    latest_price = {item_id: event_id for item_id, event_id in db.session.execute(
        select(Event.subject_id, func.max(Event.id))
        .where(Event.subject_type == "item", Event.kind == "item.priced", Event.subject_id.in_(item_ids))
        .group_by(Event.subject_id))}
    items = {item.id: item for item in db.session.scalars(select(Item).where(Item.id.in_(item_ids)))}
    prints = []
    for item_id in item_ids:
        item = items[item_id]
        reprint = item_id in printed_before
        prints.append(LabelPrint(item_id=item_id, price_event_id=latest_price.get(item_id), printed_at=utcnow(),
                                 by_id=by.id, station=station, format=fmt, reprint=reprint))
        record_event("item.label_printed", "item", item_id, by, shop_id=item.shop_id, station=station,
                     format=fmt, reprint=reprint)
    db.session.add_all(prints)
    return prints


# --------------------------------------------------------------------------- manufacturer codes


@use_case
def link_manufacturer_code(item_code: str, ean: str, *, by: Person) -> ManufacturerCode:
    """Link a manufacturer's EAN-13 or EAN-8 to a garment, so scanning its own tag finds it."""
    item = services.get_item(item_code)
    try:
        code = normalise_code(ean)
    except DomainError as exc:
        raise type(exc)(exc.message, field="ean", code=ean) from None
    if is_internal_code(code, current_app.config["ITEM_CODE_PREFIX"]):
        raise ValidationFailed(_l("%(code)s is one of the shop's own codes, not a manufacturer's.", code=code),
                               field="ean", code=code)
    if item.status in UNPRINTABLE:
        raise WrongStage(_l("Garment %(code)s is %(status)s.", code=item.code,
                            status=services.stage_name(item.status)), code=item.code, status=item.status)
    linked = ManufacturerCode(code=code, item_id=item.id, linked_at=utcnow(), linked_by_id=by.id)
    try:
        # The unique index settles two stations linking the same EAN at once.
        with db.session.begin_nested():
            db.session.add(linked)
    except IntegrityError:
        other = item_for_manufacturer_code(code)
        raise ManufacturerCodeTaken(
            _l("%(ean)s is already linked to garment %(code)s.", ean=code, code=other.code if other else "?"),
            ean=code, code=other.code if other else None) from None
    record_event("item.manufacturer_code_linked", "item", item.id, by, shop_id=item.shop_id, ean=code)
    return linked


def manufacturer_codes(item: Item) -> list[str]:
    """The manufacturer EANs linked to a garment."""
    return list(db.session.scalars(
        select(ManufacturerCode.code).where(ManufacturerCode.item_id == item.id).order_by(ManufacturerCode.id)))


# --------------------------------------------------------------------------- direct printers


@dataclass(frozen=True)
class PrinterSettings:
    """LABEL_PRINTER from the configuration: which kind of printer, where, and its resolution."""

    kind: str = "none"
    host: str = ""
    port: int = 9100
    dpi: int = 203
    media: str = "62"
    timeout: float = 10.0


def printer_settings() -> PrinterSettings:
    """The configured label printer; kind "none" (the default) means print the PDF from the browser."""
    raw = dict(current_app.config.get("LABEL_PRINTER") or {})
    settings = PrinterSettings(**{k: v for k, v in raw.items() if k in PrinterSettings.__dataclass_fields__})
    if settings.kind not in PRINTER_KINDS:
        raise ValueError(f"LABEL_PRINTER kind must be one of {PRINTER_KINDS}, got {settings.kind!r}")
    if settings.kind != "none" and not settings.host:
        raise ValueError("LABEL_PRINTER needs a host")
    return settings


def printer_payload(labels: list[LabelData], settings: PrinterSettings) -> bytes:
    """The bytes a direct printer takes: ZPL II text, or Brother QL raster commands."""
    if settings.kind == "zpl":
        return "".join(render_label_zpl(label, dpi=settings.dpi) for label in labels).encode("utf-8")
    return brother_ql_raster(labels, media=settings.media)


def send_raw(host: str, port: int, payload: bytes, timeout: float = 10.0) -> None:
    """Send bytes to a printer's raw TCP port (9100), as every network label printer accepts."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(payload)
    except OSError as exc:
        raise PrinterUnavailable(host=host, port=port, reason=str(exc)) from None


def send_labels_to_printer(codes: Sequence[str], *, by: Person, station: str) -> int:
    """Print the garments' labels straight on the configured printer; returns how many were sent."""
    settings = printer_settings()
    if settings.kind == "none":
        raise PrinterUnavailable(_l("No label printer is set up. Print the PDF instead."))
    items = printable_items(codes)
    send_raw(settings.host, settings.port, printer_payload([label_for(item) for item in items], settings),
             settings.timeout)
    record_label_prints([item.id for item in items], by=by, station=station, fmt=settings.kind)
    return len(items)
