"""The print queues: which garments wait for a label, at which station.

A garment needs a label when it is priced and whenever its price changes. Each print is a
`LabelPrint` row that remembers which pricing event it carried, so "waiting for a label"
is: priced, and its latest `item.priced` event is newer than the one its last label
carried. Event ids, not clock times, decide it, so two things in the same second (or under
a frozen test clock) still come out right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from boutique.db import db
from boutique.models import Event

from ..garments.models import Item
from .models import LabelPrint

# The stations with a print queue of their own: where garments are priced.
QUEUE_STATIONS = ("sorting", "pricing")


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
