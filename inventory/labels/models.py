"""What the labels package stores: one row per label printed (manufacturer codes live with the garments)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db


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
