"""The donation's table: a bag, a container load or a pickup, from intake until it is closed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Shop

from ..garments.models import Item

DONATION_CHANNELS = ("drop_off", "collection", "pickup", "corporate")

DONATION_STAGES = ("received", "unpacked", "washed", "sorted", "closed")


class Donation(db.Model):
    """A bag, a container load or a pickup, moved through the sorting room as one batch."""

    __tablename__ = "donations"
    __table_args__ = (
        CheckConstraint("weight_grams > 0", name="weight_positive"),
        Index("ix_donations_shop_stage", "shop_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    channel: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20), default="received")
    weight_grams: Mapped[int]
    bags: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    recycled_grams: Mapped[int] = mapped_column(default=0)
    discarded_grams: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    shop: Mapped[Shop] = relationship()
    items: Mapped[list[Item]] = relationship(order_by=Item.id)
