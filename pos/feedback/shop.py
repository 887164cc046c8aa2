"""Shop-wide figures: insights by dimension, ageing stock, impact and kilo balances, and CSV export.

Counted on every request from the garments and the tallies (docs/FEEDBACK.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from boutique.clock import SHOP_TZ, shop_date, utcnow
from boutique.db import db
from boutique.errors import NotFound, ValidationFailed
from boutique.models import Shop
from inventory.donations.kilos import shop_balance
from inventory.donations.models import Donation
from inventory.garments.forms import colour_name
from inventory.garments.models import Category, Item
from inventory.tallies import services as tallies
from inventory.workshop.models import RedesignProduct, RedesignTag

from ..models import Markdown
from .services import (
    MAX_RANGE_DAYS,
    PRICE_BANDS,
    Figures,
    band_label,
    figures_by_category,
    grouped_figures,
    in_shop,
    price_band,
    ratio,
    shop_week,
    week_key,
)

# --------------------------------------------------------------------------- the shop


INSIGHT_DIMENSIONS = ("category", "size", "colour", "brand", "condition", "motif", "price_band", "week")
DIMENSION_NAMES = {"category": _l("Category"), "size": _l("Size"), "colour": _l("Colour"), "brand": _l("Brand"),
                   "condition": _l("Condition"), "motif": _l("Motif"), "price_band": _l("Price band"),
                   "week": _l("Week priced")}


@dataclass
class InsightRow:
    """One line of a shop insight table."""

    label: str
    figures: Figures


def shop_insights(dimension: str, *, locale: str = "en", shop_id: int | None = None) -> list[InsightRow]:
    """Sell-through, days to sell and price realisation of every listed garment, by one dimension.

    `shop_id` keeps one shop's garments; None takes every shop.
    """
    if dimension not in INSIGHT_DIMENSIONS:
        raise NotFound(dimension=dimension)
    joins: list[tuple[Any, Any]] = []
    if dimension == "category":
        group: Any = Item.category_id
    elif dimension == "motif":
        joins = [(RedesignProduct, RedesignProduct.item_id == Item.id),
                 (RedesignTag, and_(RedesignTag.project_id == RedesignProduct.project_id, RedesignTag.kind == "motif"))]
        group = RedesignTag.name
    elif dimension == "price_band":
        group = price_band(Item.first_price)
    elif dimension == "week":
        group = week_key(Item.priced_at)
    else:
        group = getattr(Item, dimension)
    fold = (lambda key: (shop_week(key[0]),)) if dimension == "week" else None
    rows = figures_by_category(shop_id) if dimension == "category" \
        else grouped_figures([group.label("key")], in_shop(shop_id), joins, fold)
    if dimension == "category":
        categories = {c.id: c for c in db.session.scalars(select(Category))}
        return sorted((InsightRow(categories[f.key[0]].name(locale), f) for f in rows), key=lambda r: r.label)
    if dimension == "price_band":
        return [InsightRow(band_label(*PRICE_BANDS[f.key[0]]), f) for f in rows]
    if dimension == "colour":
        return [InsightRow(colour_name(f.key[0]) if f.key[0] else _("(not given)"), f) for f in rows]
    if dimension == "condition":
        return [InsightRow(str(f.key[0]), f) for f in rows]
    return [InsightRow(str(f.key[0]) if f.key[0] not in ("", None) else _("(not given)"), f) for f in rows]


@dataclass
class AgeingRow:
    """Priced garments on the floor of one tag colour and age, and the markdown they have reached."""

    shop: str
    tag_colour: str
    weeks: int
    garments: int
    markdown_percent: int | None


def ageing_stock(now: datetime | None = None, shop_id: int | None = None) -> list[AgeingRow]:
    """Garments on the floor by shop, tag colour and whole weeks since pricing, with the markdown due.

    Without `now`, the present. From the ageing tally: whole weeks of shop days since pricing, as
    the counter counts them when it applies a markdown, so the markdown shown as due is the one the till gives.
    """
    today = shop_date(now or utcnow())
    names = dict(db.session.execute(select(Shop.id, Shop.name)).all())
    days_of_hour: dict[str, date] = {}
    garments: dict[tuple[int, str, int], int] = {}
    for row_shop, colour, hour, count in tallies.counts(
            tallies.AGEING, ["shop_id", "tag_colour", "priced_at_hour"], {} if shop_id is None else {"shop_id": shop_id}):
        if hour not in days_of_hour:
            days_of_hour[hour] = tallies.shop_date_of_hour(hour)
        weeks = max(0, (today - days_of_hour[hour]).days // 7)
        garments[row_shop, colour, weeks] = garments.get((row_shop, colour, weeks), 0) + count
    steps: dict[int, list[tuple[int, int]]] = {}
    for markdown_shop, after, percent in db.session.execute(
            select(Markdown.shop_id, Markdown.after_weeks, Markdown.percent).order_by(Markdown.after_weeks.desc())):
        steps.setdefault(markdown_shop, []).append((after, percent))
    result = []
    for (row_shop, colour, weeks), count in garments.items():
        if row_shop in names:  # a garment in no shop is on no floor
            due = next((percent for after, percent in steps.get(row_shop, []) if weeks >= after), None)
            result.append(AgeingRow(names[row_shop], colour, weeks, count, due))
    return sorted(result, key=lambda r: (r.shop, r.tag_colour, -r.weeks))


@dataclass
class Impact:
    """Kilos in and out in a period, and the climate effect of the garments sold for reuse."""

    start: date
    end: date
    donated_grams: int
    sold_grams: int
    recycled_grams: int
    discarded_grams: int
    per_category: list[dict[str, Any]]

    @property
    def co2e_saved_kg(self) -> float:
        """Climate effect of reuse: each category's sold kilos times its factor; 0 where none is set."""
        return round(sum(c["co2e_saved_kg"] for c in self.per_category), 3)

    @property
    def factor(self) -> int | None:
        """The factor over everything sold (g CO2e per kg); None when no sold category has one."""
        if not any(c["factor"] for c in self.per_category) or not self.sold_grams:
            return None
        return round(self.co2e_saved_kg * 1000 * 1000 / self.sold_grams)

    @property
    def factor_source(self) -> str:
        """The sources of the factors used, or that none is set."""
        sources = sorted({c["factor_source"] for c in self.per_category if c["factor"] and c["factor_source"]})
        return "; ".join(sources) if sources else "factor not set"

    @property
    def recycling_share(self) -> float:
        """Recycled grams ÷ donated grams."""
        return ratio(self.recycled_grams, self.donated_grams)

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"donated_grams": self.donated_grams,
                "sold_grams": self.sold_grams, "recycled_grams": self.recycled_grams,
                "discarded_grams": self.discarded_grams, "co2e_saved_kg": self.co2e_saved_kg, "factor": self.factor,
                "factor_source": self.factor_source, "per_category": self.per_category}


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """A period of shop days from YYYY-MM-DD texts; by default the last 365 days up to the shop's today."""
    today = shop_date(utcnow())
    try:
        last = date.fromisoformat(end) if end else today
        first = date.fromisoformat(start) if start else last - timedelta(days=365)
    except ValueError as exc:
        raise ValidationFailed(_l("Give the dates as YYYY-MM-DD."), field="from") from exc
    if first > last or (last - first).days > MAX_RANGE_DAYS:
        raise ValidationFailed(_l("The period must start before it ends and last at most ten years."), field="from")
    return first, last


def impact(start: date, end: date, shop_id: int | None = None) -> Impact:
    """Kilos donated, sold, recycled and discarded from `start` to `end`, in one shop or all.

    Both days included, the shop's (Stockholm) days: from the midnight that starts `start` to the one that ends `end`.
    """
    low = datetime.combine(start, time.min, tzinfo=SHOP_TZ)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=SHOP_TZ)

    def within(column: Any) -> Any:
        return and_(column >= low, column < high)

    donations_of = [] if shop_id is None else [Donation.shop_id == shop_id]

    donated = db.session.scalar(select(func.coalesce(func.sum(Donation.weight_grams), 0))
                                .where(within(Donation.received_at), *donations_of)) or 0
    out_recycled, out_discarded = db.session.execute(
        select(func.coalesce(func.sum(Donation.recycled_grams), 0), func.coalesce(func.sum(Donation.discarded_grams), 0))
        .where(within(Donation.closed_at), *donations_of)).one()
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    # Weighed grams and the number of garments never weighed, per category, from the UTC hours of
    # the period's shop days in the hour tallies with their changes; a garment never weighed
    # counts its category's typical weight.
    period = tallies.hours_of_shop_days(start, end)
    shop = {} if shop_id is None else {"shop_id": shop_id}
    withdrawn: dict[str, int] = {}
    for reason, category_id, _n, grams, guessed in tallies.counts(
            tallies.WITHDRAWN_HOURS, ["withdraw_reason", "category_id"], {**shop, "withdrawn_at_hour": period}):
        withdrawn[reason] = withdrawn.get(reason, 0) + grams + guessed * categories[category_id].typical_weight_grams
    sold: dict[int, int] = {}
    for category_id, _n, grams, guessed in tallies.counts(
            tallies.SOLD_HOURS, ["category_id"], {**shop, "sold_at_hour": period}):
        sold[category_id] = grams + guessed * categories[category_id].typical_weight_grams
    per_category = []
    for category in sorted((categories[i] for i in sold), key=lambda c: c.key):
        grams, factor = sold[category.id], category.co2e_grams_per_kg or 0
        per_category.append({"category": category.key, "sold_grams": grams, "factor": factor or None,
                             "factor_source": category.co2e_source if factor else "factor not set",
                             "co2e_saved_kg": round(grams * factor / 1_000_000, 3)})
    return Impact(start, end, int(donated), sum(c["sold_grams"] for c in per_category),
                  int(out_recycled) + withdrawn.get("recycling", 0),
                  int(out_discarded) + withdrawn.get("waste", 0), per_category)


def kilo_balances(shop_id: int | None = None) -> list[tuple[Shop, Any]]:
    """Each shop (or the one asked for) with the kilo balance of everything it has received."""
    shops = select(Shop).order_by(Shop.name)
    if shop_id is not None:
        shops = shops.where(Shop.id == shop_id)
    found = list(db.session.scalars(shops))
    return [(shop, shop_balance(shop.id)) for shop in found]


# --------------------------------------------------------------------------- export


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV table (UTF-8 with BOM, so spreadsheets read å, ä, ö), every text cell neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        writer.writerow([neutralise("" if cell is None else cell) for cell in row])
    return out.getvalue()
