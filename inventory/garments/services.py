"""Use cases of the garment: the lookup a scan makes, valuation, pricing, withdrawal, and the counter's sale and return.

Every function that changes state is one use case (it commits) and records an event. The
helpers `mark_sold` and `mark_returned` are for the counter: they only write inside the
counter's transaction. A garment comes into being at the sorting station, out of a
donation: that use case is the donations' (`inventory.donations.services.sort_item`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Insert,
    Integer,
    Select,
    Update,
    and_,
    bindparam,
    case,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from boutique.auth import WAREHOUSE, active_caller_role
from boutique.clock import shop_date, utcnow
from boutique.db import UTCDateTime, db, use_case
from boutique.errors import DomainError, Forbidden, Unauthenticated, ValidationFailed
from boutique.models import Event, Person, history_of, record_event
from boutique.services import shop_exists

from ..codes import is_internal_code, normalise_code
from ..errors import ItemNotSellable, UnknownItem, WrongStage
from ..limits import check_price, check_weight
from .models import TAG_COLOURS, WITHDRAW_REASONS, Category, Item, ManufacturerCode


def tag_colour_for(moment: datetime) -> str:
    """The colour of the week: tags rotate through the colours by the shop's (Stockholm) ISO week number.

    The shop's week, not UTC's: a garment priced just after midnight on a Monday in Stockholm
    (still Sunday in UTC) gets the new week's colour, the one on the week's sign.
    """
    return TAG_COLOURS[shop_date(moment).isocalendar().week % len(TAG_COLOURS)]


def get_item(raw_code: str) -> Item:
    """The item a scanned or typed code names; a wrong check digit is refused, never looked up."""
    code = normalise_code(raw_code)
    item = db.session.scalar(select(Item).options(joinedload(Item.category)).where(Item.code == code))
    if item is None and not is_internal_code(code, current_app.config["ITEM_CODE_PREFIX"]):
        # A manufacturer's EAN linked to a new-with-tags garment scans to that garment.
        item = db.session.scalar(select(Item).join(ManufacturerCode, ManufacturerCode.item_id == Item.id)
                                 .where(ManufacturerCode.code == code))
    if item is None:
        raise UnknownItem(code=code)
    return item


def get_items(raw_codes: Sequence[str]) -> dict[str, Item]:
    """The items several scanned or typed codes name, keyed by each code as given, with their
    categories, in one query; the errors are `get_item`'s, for the first code in order that fails."""
    normalised: dict[str, str | DomainError] = {}
    for raw in raw_codes:
        try:
            normalised[raw] = normalise_code(raw)
        except DomainError as exc:  # malformed or a wrong check digit: raised below, in the order of the codes
            normalised[raw] = exc
    wanted = sorted({code for code in normalised.values() if isinstance(code, str)})
    found = {item.code: item for item in db.session.scalars(_items_query(), {"codes": wanted})} if wanted else {}
    items: dict[str, Item] = {}
    for raw, code in normalised.items():
        if isinstance(code, DomainError):
            raise code
        # Not one of ours: a manufacturer's EAN, or unknown (get_item says which).
        items[raw] = found[code] if code in found else get_item(code)
    return items


@functools.cache
def _items_query() -> Select[tuple[Item]]:
    """Items by their codes, with their categories (built once: see `_card_query`)."""
    return (select(Item).options(joinedload(Item.category))
            .where(Item.code.in_(bindparam("codes", expanding=True))))


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a garment's history as the API shows it: what, when, and who (username)."""

    kind: str
    at: datetime
    by: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class ItemCard:
    """A garment as a scan shows it: its own fields, its category's key and its history, oldest first."""

    code: str
    status: str
    route: str
    category: str
    size: str
    colour: str
    brand: str
    material: str
    condition: int
    weight_grams: int | None
    estimate: int | None
    price: int | None
    tag_colour: str
    shop_id: int | None
    donation_id: int | None
    sorted_at: datetime
    priced_at: datetime | None
    sold_at: datetime | None
    history: list[HistoryEntry]


# ItemCard's fields, in order, that the card query selects; "category" is the category's key.
_CARD_FIELDS = ("code", "status", "route", "category", "size", "colour", "brand", "material", "condition",
                "weight_grams", "estimate", "price", "tag_colour", "shop_id", "donation_id", "sorted_at", "priced_at",
                "sold_at")

_HISTORY_AT = len(_CARD_FIELDS)  # the event's kind, at, username and data follow


def _which_item(by_manufacturer_code: bool) -> ColumnElement[bool]:
    """The item the `code` parameter names: its own code, or a manufacturer's EAN linked to it."""
    items = Item.__table__.c
    if by_manufacturer_code:
        codes = ManufacturerCode.__table__.c
        return items.id == select(codes.item_id).where(codes.code == bindparam("code")).scalar_subquery()
    return items.code == bindparam("code")


@functools.cache
def _card_query(by_manufacturer_code: bool, with_caller: bool) -> Select[Any]:
    """One statement for a whole card: the item and its category joined to its events and their people.

    Core columns, not ORM entities, built once: a scan pays for one indexed lookup and a few
    rows (one per event, the item's columns repeated on each), and SQLAlchemy's compiled cache
    keeps the SQL. `with_caller` adds the API caller's role (NULL when that person is no longer
    active) as a last column.
    """
    items, categories, events = Item.__table__.c, Category.__table__.c, Event.__table__.c
    people = Person.__table__.c
    joined = (Item.__table__.join(Category.__table__, categories.id == items.category_id)
              .outerjoin(Event.__table__, and_(events.subject_type == "item", events.subject_id == items.id))
              .outerjoin(Person.__table__, people.id == events.person_id))
    columns = [*(categories.key if name == "category" else items[name] for name in _CARD_FIELDS),
               events.kind, events.at, people.username, events.data]
    if with_caller:
        columns.append(active_caller_role())
    return (select(*columns).select_from(joined).where(_which_item(by_manufacturer_code))
            .order_by(events.id))


def item_card(raw_code: str, caller_id: int | None = None) -> ItemCard:
    """The card of the garment a scanned or typed code names (as `get_item` finds it), read in one statement.

    `caller_id`: the person an API token names, confirmed active in the same statement
    (Unauthenticated if not).
    """
    code = normalise_code(raw_code)
    with_caller = caller_id is not None
    params = {"code": code, "caller_id": caller_id}
    connection = db.session.connection()  # Core rows, not ORM objects: no ORM layer to go through
    rows = connection.execute(_card_query(False, with_caller), params).all()
    if not rows and not is_internal_code(code, current_app.config["ITEM_CODE_PREFIX"]):
        rows = connection.execute(_card_query(True, with_caller), params).all()
    if with_caller:
        role = rows[0][-1] if rows else connection.scalar(select(active_caller_role()), params)
        if role is None:
            raise Unauthenticated()
    if not rows:
        raise UnknownItem(code=code)
    at = _HISTORY_AT
    history = [HistoryEntry(*row[at:at + 4]) for row in rows if row[at] is not None]  # None: no event at all
    return ItemCard(*rows[0][:at], history=history)


def card_of(item: Item) -> ItemCard:
    """The card of an item already loaded (after a change): the same fields as `item_card`."""
    history = [HistoryEntry(e.kind, e.at, e.person.username if e.person else None, e.data)
               for e in item_history(item)]
    return ItemCard(item.code, item.status, item.route, item.category.key, item.size, item.colour, item.brand,
                    item.material, item.condition, item.weight_grams, item.estimate, item.price, item.tag_colour,
                    item.shop_id, item.donation_id, item.sorted_at, item.priced_at, item.sold_at, history)


def stage_name(stage: str) -> str:
    """A donation stage or item status in the interface language."""
    names = {
        "received": _l("received"), "unpacked": _l("unpacked"), "washed": _l("washed"),
        "sorted": _l("sorted"), "closed": _l("closed"), "valued": _l("valued"), "priced": _l("priced"),
        "sold": _l("sold"), "in_redesign": _l("in redesign"), "consumed": _l("consumed"),
        "withdrawn": _l("withdrawn"),
    }
    return str(names.get(stage, stage))


@use_case
def value_item(code: str, *, estimate: int, by: Person) -> Item:
    """Record a person's estimate of what the garment is worth."""
    item = get_item(code)
    check_price(estimate, "estimate")
    if item.status not in ("sorted", "valued", "priced"):
        raise WrongStage(_l("This garment is %(current)s and cannot be valued.", current=stage_name(item.status)),
                         code=item.code, status=item.status)
    item.estimate = estimate
    item.valued_by_id = by.id
    if item.status == "sorted":
        item.status = "valued"
    record_event("item.valued", "item", item.id, by, shop_id=item.shop_id, station="pricing", estimate=estimate)
    return item


def pricing_roles() -> frozenset[str]:
    """The roles that may price garments: a shop's decision (config PRICING_ROLES), warehouse+ by default."""
    return frozenset(current_app.config.get("PRICING_ROLES", WAREHOUSE))


def may_price(person: Person) -> bool:
    """True when this person's role may put prices on garments."""
    return person.role in pricing_roles()


@use_case
def price_item(code: str, *, price: int, by: Person, shop_id: int | None = None) -> Item:
    """Set the price (and the colour of the week) so the garment can be sold; repricing is allowed."""
    if not may_price(by):
        raise Forbidden(_l("Your role may not price garments. Ask a supervisor."))
    item = get_item(code)
    check_price(price, "price")
    if item.route == "redesign" or item.status not in ("sorted", "valued", "priced"):
        raise WrongStage(_l("This garment is %(current)s and cannot be priced.", current=stage_name(item.status)),
                         code=item.code, status=item.status)
    if shop_id is not None and not shop_exists(shop_id):
        raise ValidationFailed(_l("Unknown shop."), field="shop_id")
    now = utcnow()
    previous = item.price
    item.price = price
    if item.first_price is None:
        item.first_price = price
    if item.status != "priced":
        item.priced_at = now
        item.tag_colour = tag_colour_for(now)
    item.priced_by_id = by.id
    item.shop_id = shop_id or item.shop_id
    item.status = "priced"
    record_event("item.priced", "item", item.id, by, shop_id=item.shop_id, station="pricing",
                 price=price, previous_price=previous, tag_colour=item.tag_colour)
    return item


@use_case
def withdraw_item(
    code: str,
    *,
    reason: str,
    by: Person,
    shop_id: int | None = None,
    weight_grams: int | None = None,
    note: str = "",
) -> Item:
    """Take a garment out of stock: recycling, waste, transfer to another shop, or given away.

    The weight (weighed now, else the one from sorting, else the category's typical weight)
    goes into the event, so kilos out are counted per reason.
    """
    if reason not in WITHDRAW_REASONS:
        raise ValidationFailed(_l("Unknown reason."), field="reason")
    check_weight(weight_grams, "weight_grams")
    item = get_item(code)
    note = note.strip()[:500]
    if weight_grams is not None:
        item.weight_grams = weight_grams
    weight = item.weight_grams or item.category.typical_weight_grams
    if reason == "transfer":
        if shop_id is None or not shop_exists(shop_id):
            raise ValidationFailed(_l("Choose the shop the garment moves to."), field="shop_id")
        if shop_id == item.shop_id:
            raise ValidationFailed(_l("The garment is already in that shop."), field="shop_id")
        if item.status not in ("sorted", "valued", "priced"):
            raise WrongStage(_l("This garment is %(current)s and cannot be moved.", current=stage_name(item.status)),
                             code=item.code, status=item.status)
        record_event("item.transferred", "item", item.id, by, shop_id=item.shop_id,
                     from_shop=item.shop_id, to_shop=shop_id, weight_grams=weight, note=note)
        item.shop_id = shop_id
        return item
    moved = db.session.execute(
        update(Item).where(Item.id == item.id, Item.status.in_(("sorted", "valued", "priced")))
        .values(status="withdrawn", withdraw_reason=reason, withdraw_note=note, withdrawn_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise WrongStage(_l("This garment is %(current)s and cannot be withdrawn.", current=stage_name(item.status)),
                         code=item.code, status=item.status)
    record_event("item.withdrawn", "item", item.id, by, shop_id=item.shop_id, reason=reason,
                 weight_grams=weight, note=note)
    db.session.flush()
    db.session.refresh(item)
    return item


def mark_sold(sold: Sequence[tuple[Item, int]], *, by: Person, till_id: int, sale_id: int) -> None:
    """Move priced items to sold inside the counter's transaction, each with the price paid.

    One conditional UPDATE moves them all and returns the rows it moved. That is what makes a
    one-off garment sell once: of two tills ringing it up at the same moment, only one gets
    its row back; for the other the first garment missing from the answer fails the whole sale.
    The price paid and the whole days from pricing to sale are kept on the garment for feedback.
    """
    if not sold:
        return
    now = utcnow()
    values: dict[str, Any] = {"now": now}
    for n, (item, price) in enumerate(sold):
        values.update({f"id_{n}": item.id, f"price_{n}": price,
                       f"days_{n}": (now - item.priced_at).days if item.priced_at else None})
    moved = set(db.session.scalars(_sell_statement(len(sold)), values))
    if len(moved) != len(sold):
        item = next(item for item, _price in sold if item.id not in moved)
        raise ItemNotSellable(code=item.code, status=db.session.scalar(select(Item.status).where(Item.id == item.id)))
    db.session.execute(_insert_events(), [
        {"at": now, "kind": "item.sold", "subject_type": "item", "subject_id": item.id, "person_id": by.id,
         "shop_id": item.shop_id, "till_id": till_id, "station": "", "data": {"sale_id": sale_id, "price": item.price}}
        for item, _price in sold])


@functools.lru_cache(maxsize=64)
def _sell_statement(count: int) -> Update:
    """UPDATE items SET status = 'sold', ... WHERE id IN (the `count` garments) AND status = 'priced'
    RETURNING id; parameters now, id_n, price_n, days_n. One statement per number of garments, built once."""
    items = Item.__table__.c
    ids = [bindparam(f"id_{n}", type_=Integer) for n in range(count)]

    def per_item(name: str) -> Any:
        return case(*((items.id == ids[n], bindparam(f"{name}_{n}", type_=Integer)) for n in range(count)))

    return (update(Item.__table__).where(items.id.in_(ids), items.status == "priced")
            .values(status="sold", sold_at=bindparam("now", type_=UTCDateTime), sold_price=per_item("price"),
                    sold_days=per_item("days"))
            .returning(items.id))


@functools.cache
def _insert_events() -> Insert:
    return insert(Event.__table__)


def mark_returned(item: Item, *, by: Person, till_id: int, sale_id: int) -> None:
    """Put a returned garment back in stock as priced (flushes only)."""
    back = db.session.execute(
        update(Item).where(Item.id == item.id, Item.status == "sold")
        .values(status="priced", sold_at=None, sold_price=None, sold_days=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if back != 1:
        raise ItemNotSellable(code=item.code, status=item.status)
    record_event("item.returned", "item", item.id, by, shop_id=item.shop_id, till_id=till_id, sale_id=sale_id)


def ensure_sellable(item: Item) -> None:
    """Refuse an item that is not priced (used by training sales, which move no stock)."""
    if item.status != "priced":
        raise ItemNotSellable(code=item.code, status=item.status)


def item_history(item: Item) -> list[Event]:
    """The item's events, oldest first."""
    return history_of("item", item.id)


# The brand suggestions come from the garments sorted most recently: what the sorters write now,
# read in a few milliseconds however large the table (counting every garment's brand took 250-320 ms
# at a million garments, on every save at the sorting station).
BRANDS_FROM_LAST = 20_000


def known_brands(limit: int = 300) -> list[str]:
    """Brands sorters have written on the last BRANDS_FROM_LAST garments, most used first: the sorting station suggests them."""
    recent = select(Item.brand).order_by(Item.id.desc()).limit(BRANDS_FROM_LAST).subquery()
    count = func.count().label("n")
    rows = db.session.execute(
        select(recent.c.brand, count).where(recent.c.brand != "")
        .group_by(recent.c.brand).order_by(count.desc(), recent.c.brand).limit(limit))
    return [brand for brand, _count in rows]
