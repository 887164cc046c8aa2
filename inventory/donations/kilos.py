"""The kilo balance: where the weight of donated textiles went, per donation and per shop.

in = sold + given away + recycled + discarded + in stock + difference

A garment weighs what was weighed at sorting or withdrawal, else its category's typical
weight. Recycling and waste are what was weighed out when a donation closed plus garments
withdrawn for those reasons. In stock is every garment not yet sold or withdrawn (in redesign
included) and, while a donation is open, what is still unsorted in it. The difference is
what the scale says is missing (or extra) once a donation is closed; it is zero when the
waste was left for the system to work out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import any_, case, func, select

from boutique.db import db

from ..garments.models import Category, Item
from ..tallies import services as tallies
from .models import Donation

OPEN_STATUSES = ("sorted", "valued", "priced", "in_redesign", "consumed")


@dataclass(frozen=True)
class KiloBalance:
    """Grams in and where they went."""

    donations: int
    in_grams: int
    sold_grams: int
    given_away_grams: int
    recycled_grams: int
    discarded_grams: int
    in_stock_grams: int
    difference_grams: int

    def as_json(self) -> dict[str, Any]:
        """Field names as the API shows them."""
        return asdict(self)

    @property
    def out_grams(self) -> int:
        """Everything accounted for: in = out."""
        return (self.sold_grams + self.given_away_grams + self.recycled_grams + self.discarded_grams
                + self.in_stock_grams + self.difference_grams)


def _garment_grams(where: Any) -> tuple[int, int, int, int, int]:
    """Grams sold, given away, withdrawn for recycling and as waste, and in stock, of the donations `where` selects."""
    weight = func.coalesce(Item.weight_grams, Category.typical_weight_grams)

    def grams_where(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, weight), else_=0)), 0)

    donations = select(Donation.id).where(where)
    if db.engine.dialect.name == "postgresql":
        # `= ANY(ARRAY(...))`: PostgreSQL walks ix_items_donation_weights donation by donation
        # instead of scanning every garment of every shop (66 against 126 ms for a shop of 285,000).
        of_donations = Item.donation_id == any_(func.array(donations.scalar_subquery()))
    else:
        of_donations = Item.donation_id.in_(donations)
    garments = db.session.execute(
        select(grams_where(Item.status == "sold"),
               grams_where((Item.status == "withdrawn") & (Item.withdraw_reason == "given_away")),
               grams_where((Item.status == "withdrawn") & (Item.withdraw_reason == "recycling")),
               grams_where((Item.status == "withdrawn") & (Item.withdraw_reason == "waste")),
               grams_where(Item.status.in_(OPEN_STATUSES)))
        .join(Category, Item.category_id == Category.id)
        .where(of_donations)).one()
    sold, given_away, recycled, discarded, stock = (int(v) for v in garments)
    return sold, given_away, recycled, discarded, stock


def _tallied_grams(shop_id: int) -> tuple[int, int, int, int, int]:
    """The same for every donation a shop received, from the donation weights tally (a few hundred groups)."""
    typical = dict(db.session.execute(select(Category.id, Category.typical_weight_grams)).all())
    outcome = {("sold", ""): 0, ("withdrawn", "given_away"): 1, ("withdrawn", "recycling"): 2,
               ("withdrawn", "waste"): 3}
    grams = [0] * 5
    for status, reason, category_id, _n, weighed, unweighed in tallies.counts(
            tallies.DONATION_WEIGHTS, ["status", "withdraw_reason", "category_id"], {"shop_id": shop_id}):
        where = 4 if status in OPEN_STATUSES else outcome.get((status, reason if status == "withdrawn" else ""))
        if where is not None and category_id in typical:
            grams[where] += weighed + unweighed * typical[category_id]
    sold, given_away, recycled, discarded, stock = grams
    return sold, given_away, recycled, discarded, stock


def _balance(where: Any, garment_grams: tuple[int, int, int, int, int]) -> KiloBalance:
    """The balance of the donations `where` selects, given their garments' grams by outcome."""
    sold, given_away, recycled_items, discarded_items, stock_items = garment_grams
    weight = func.coalesce(Item.weight_grams, Category.typical_weight_grams)
    is_open = Donation.stage != "closed"
    per_donation_items = (select(func.coalesce(func.sum(weight), 0)).join(Category, Item.category_id == Category.id)
                          .where(Item.donation_id == Donation.id).correlate(Donation).scalar_subquery())
    unsorted = func.max(Donation.weight_grams - per_donation_items, 0) if db.engine.dialect.name == "sqlite" \
        else func.greatest(Donation.weight_grams - per_donation_items, 0)
    count, weighed_in, recycled_out, discarded_out, unsorted_open = (int(v) for v in db.session.execute(
        select(func.count(Donation.id), func.coalesce(func.sum(Donation.weight_grams), 0),
               func.coalesce(func.sum(Donation.recycled_grams), 0),
               func.coalesce(func.sum(Donation.discarded_grams), 0),
               func.coalesce(func.sum(case((is_open, unsorted), else_=0)), 0))
        .where(where)).one())
    in_stock = stock_items + unsorted_open
    recycled = recycled_items + recycled_out
    discarded = discarded_items + discarded_out
    accounted = sold + given_away + recycled + discarded + in_stock
    return KiloBalance(donations=count, in_grams=weighed_in, sold_grams=sold, given_away_grams=given_away,
                       recycled_grams=recycled, discarded_grams=discarded, in_stock_grams=in_stock,
                       difference_grams=weighed_in - accounted)


def donation_balance(donation_id: int) -> KiloBalance:
    """The kilo balance of one donation."""
    return _balance(Donation.id == donation_id, _garment_grams(Donation.id == donation_id))


def shop_balance(shop_id: int) -> KiloBalance:
    """The kilo balance of every donation a shop has received (its garments from the tally and its changes)."""
    return _balance(Donation.shop_id == shop_id, _tallied_grams(shop_id))
