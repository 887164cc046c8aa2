"""Printing labels: scanning a garment, label batches as PDF with each print recorded, manufacturer codes."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from boutique.clock import utcnow
from boutique.db import db, use_case
from boutique.errors import DomainError, InvalidCheckDigit, MalformedCode, ValidationFailed
from boutique.models import Event, Person, record_event

from ..codes import is_internal_code, normalise_code
from ..errors import UnknownItem, WrongStage
from ..garments import services as garment_services
from ..garments.models import Item, ManufacturerCode
from .data import label_data_for
from .geometry import LABEL_FORMATS, LabelData
from .models import LabelPrint
from .pdf import render_labels_pdf

# Where a label is printed from: the two station queues, one garment's page, or the API.
STATIONS = ("sorting", "pricing", "item", "api")
A4_PER_SHEET = 24
MAX_BATCH = 1000
# A garment in these states is out of the shop: a label for it would only confuse.
UNPRINTABLE = ("sold", "withdrawn", "consumed")


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
        return garment_services.get_item(code)  # our own codes and linked manufacturer EANs
    except UnknownItem:
        raise UnknownItem(_l("No garment has the code %(code)s.", code=code), code=code) from None



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
                   status=garment_services.stage_name(item.status)),
                code=item.code, status=item.status, field=f"codes.{index}")
        items.setdefault(item.id, item)
    return list(items.values())


def label_for(item: Item) -> LabelData:
    """What goes on a garment's label, with the extras a registered hook adds (see data.py)."""
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
    item = garment_services.get_item(item_code)
    try:
        code = normalise_code(ean)
    except DomainError as exc:
        raise type(exc)(exc.message, field="ean", code=ean) from None
    if is_internal_code(code, current_app.config["ITEM_CODE_PREFIX"]):
        raise ValidationFailed(_l("%(code)s is one of the shop's own codes, not a manufacturer's.", code=code),
                               field="ean", code=code)
    if item.status in UNPRINTABLE:
        raise WrongStage(_l("Garment %(code)s is %(status)s.", code=item.code,
                            status=garment_services.stage_name(item.status)), code=item.code, status=item.status)
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
