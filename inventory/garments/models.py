"""Tables of the garment before it is sold: categories, garments (items) and manufacturers' codes linked to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person, Shop

ITEM_STATUSES = ("sorted", "valued", "priced", "sold", "in_redesign", "consumed", "withdrawn")

ROUTES = ("shop", "redesign")

WITHDRAW_REASONS = ("recycling", "waste", "transfer", "given_away")

TAG_COLOURS = ("blue", "green", "yellow", "pink", "orange")


# Which size buttons the sorting station offers for a category.
SIZE_SCALES = ("letters", "children", "shoes", "waist", "none")


class Category(db.Model):
    """A garment category with its names, flat price for quick sale, VAT rate and climate factor."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name_sv: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    # Names in further interface languages, by language code: {"ar": "فساتين"}.
    other_names: Mapped[dict[str, str] | None] = mapped_column(JSON)
    default_price: Mapped[int] = mapped_column(default=0)
    vat_rate: Mapped[int] = mapped_column(default=2500)  # basis points: 2500 = 25 %
    typical_weight_grams: Mapped[int] = mapped_column(default=300)
    co2e_grams_per_kg: Mapped[int] = mapped_column(default=0)
    co2e_source: Mapped[str] = mapped_column(Text, default="")
    pictogram: Mapped[str] = mapped_column(String(40), default="hanger")
    size_scale: Mapped[str] = mapped_column(String(20), default="letters")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def name(self, locale: str) -> str:
        """The category's name in the interface language; English where a further language has none."""
        language = locale.split("_")[0]
        if language == "sv":
            return self.name_sv
        if language == "en":
            return self.name_en
        return (self.other_names or {}).get(language) or self.name_en


class Item(db.Model):
    """One garment or product with its own code, from sorting to sale."""

    __tablename__ = "items"
    __table_args__ = (
        CheckConstraint("condition BETWEEN 1 AND 5", name="condition_range"),
        CheckConstraint("price IS NULL OR price >= 0", name="price_not_negative"),
        # Shop-wide counts read these indexes alone (migration 0010): every shop's figures by
        # category, and a category's sales since a date by brand and condition for the price
        # suggestion (0013); kilos sold in a period, in every shop and in one (with its latest
        # sales and what it withdrew); a shop's kilo balance through its donations.
        Index("ix_items_status_category", "status", "category_id", "sold_at", "brand", "condition", "sold_price",
              "sold_days", "first_price"),
        Index("ix_items_sold_at", "sold_at", "status", "category_id", "weight_grams"),
        Index("ix_items_shop_sold", "shop_id", "status", "sold_at", "category_id", "weight_grams", "withdrawn_at",
              "withdraw_reason"),
        Index("ix_items_donation_weights", "donation_id", "status", "withdraw_reason", "category_id", "weight_grams"),
        # Feedback groups a shop's listed and sold garments by category from this index alone.
        Index("ix_items_feedback", "shop_id", "status", "category_id", "sold_days", "sold_price", "first_price", "size",
              "colour", "brand", "condition", "priced_at", "tag_colour"),
        # ... and a person's valuations and prices against what was paid.
        Index("ix_items_valued_by", "valued_by_id", "status", "sold_at", "estimate", "sold_price"),
        Index("ix_items_priced_by", "priced_by_id", "status", "sold_at", "price", "sold_price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(13), unique=True)
    donation_id: Mapped[int | None] = mapped_column(ForeignKey("donations.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    status: Mapped[str] = mapped_column(String(20), default="sorted")
    route: Mapped[str] = mapped_column(String(10), default="shop")
    size: Mapped[str] = mapped_column(String(20), default="")
    colour: Mapped[str] = mapped_column(String(30), default="")
    brand: Mapped[str] = mapped_column(String(60), default="")
    material: Mapped[str] = mapped_column(String(60), default="")
    condition: Mapped[int] = mapped_column(default=3)
    weight_grams: Mapped[int | None]
    estimate: Mapped[int | None]
    price: Mapped[int | None]
    first_price: Mapped[int | None]
    tag_colour: Mapped[str] = mapped_column(String(20), default="")
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shops.id"))
    withdraw_reason: Mapped[str] = mapped_column(String(20), default="")
    withdraw_note: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sorted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sorted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    valued_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    priced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    priced_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    sold_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Written by the sale, cleared by a return: what the customer paid (after markdown and
    # discount) and the whole days from pricing to sale, so feedback needs no join per garment.
    sold_price: Mapped[int | None]
    sold_days: Mapped[int | None]

    category: Mapped[Category] = relationship()
    shop: Mapped[Shop | None] = relationship()
    sorted_by: Mapped[Person | None] = relationship(foreign_keys=[sorted_by_id])

    @property
    def days_to_sell(self) -> int | None:
        """Whole days from pricing to sale, once sold."""
        if self.sold_at is None or self.priced_at is None:
            return None
        return (self.sold_at - self.priced_at).days


class ManufacturerCode(db.Model):
    """A manufacturer's EAN on a new-with-tags garment, linked to the item so it scans to it."""

    __tablename__ = "manufacturer_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(13), unique=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    item: Mapped[Item] = relationship()
