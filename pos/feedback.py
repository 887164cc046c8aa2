"""Sales feedback: what sold, at what price, how fast — aggregated in SQL.

Counts, sums and averages are computed by the database. SQLite has no percentile function,
so a median fetches only the one column it needs (with its group key), already ordered by
the database, and takes the middle value; never whole rows. How each figure is computed is
written down in docs/FEEDBACK.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from statistics import median
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, Integer, and_, case, cast, func, literal, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from boutique.auth import SUPERVISOR
from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.errors import Forbidden, NotFound, ValidationFailed
from boutique.models import Person, Shop
from inventory.balance import shop_balance
from inventory.models import Category, Donation, Item
from inventory.redesign import Photo, ProjectDesigner, RedesignProduct, RedesignTag

from .models import Markdown, Sale, SaleLine

LISTED_STATUSES = ("priced", "sold")
# Price bands by the first asked price, in öre: [low, high).
PRICE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 10000), (10000, 20000), (20000, 40000), (40000, None))
# Days-to-sell buckets for the chart: [low, high) days.
DAY_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 7), (7, 14), (14, 28), (28, None))
CLOSE_ENOUGH_ORE = 500  # an average error under 5 kr is "right on"
MAX_ID = 2**31 - 1
STATUS_NAMES = {"sorted": _l("Not priced yet"), "valued": _l("Not priced yet"), "priced": _l("On the floor"),
                "sold": _l("Sold"), "in_redesign": _l("In the workshop"), "consumed": _l("Used in a redesign"),
                "withdrawn": _l("Taken off the floor")}
MAX_RANGE_DAYS = 3660


# --------------------------------------------------------------------------- SQL helpers


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def days_between(start: Any, end: Any) -> ColumnElement[float]:
    """Days (with fraction) from `start` to `end`, computed by the database."""
    if _dialect() == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return cast(func.extract("epoch", end - start), Float) / 86400.0


def week_start(moment: Any) -> ColumnElement[str]:
    """The Monday (UTC) of the week `moment` falls in, as YYYY-MM-DD text."""
    if _dialect() == "sqlite":
        return func.date(moment, "weekday 0", "-6 days")
    # Literal constants, not bound parameters: PostgreSQL must see the GROUP BY expression as the selected one.
    return func.to_char(func.date_trunc(literal_column("'week'"), moment), literal_column("'YYYY-MM-DD'"))


def band_label(low: int, high: int | None) -> str:
    """A price band as people read it: "100–199 kr", "400 kr and up"."""
    if high is None:
        return _("%(low)s kr and up", low=low // 100)
    return _("%(low)s–%(high)s kr", low=low // 100, high=high // 100 - 1)


def price_band(column: Any) -> ColumnElement[int]:
    """The index of the price band a price falls in (see PRICE_BANDS)."""
    return case(*[(column < high, index) for index, (_low, high) in enumerate(PRICE_BANDS) if high is not None],
                else_=len(PRICE_BANDS) - 1)


def paid_price() -> ColumnElement[int]:
    """What the customer paid for the item at its last (non-training) sale, after markdown and discount."""
    return (select(SaleLine.price).join(Sale, SaleLine.sale_id == Sale.id)
            .where(SaleLine.item_id == Item.id, Sale.kind == "sale", Sale.training.is_(False))
            .order_by(SaleLine.id.desc()).limit(1).correlate(Item).scalar_subquery())


def _median(values: Sequence[float]) -> float | None:
    return round(float(median(values)), 1) if values else None


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


# --------------------------------------------------------------------------- figures


@dataclass
class Figures:
    """Listed, sold and how well, for any set of garments."""

    key: tuple[Any, ...] = ()
    listed: int = 0
    sold: int = 0
    revenue: int = 0
    asked_of_sold: int = 0
    median_days_to_sell: float | None = None

    @property
    def sell_through(self) -> float:
        """Share of listed garments that sold."""
        return _ratio(self.sold, self.listed)

    @property
    def price_realisation(self) -> float | None:
        """What sold garments brought in ÷ what was first asked for them."""
        return round(self.revenue / self.asked_of_sold, 3) if self.asked_of_sold else None

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"listed": self.listed, "sold": self.sold, "sell_through": self.sell_through,
                "median_days_to_sell": self.median_days_to_sell, "revenue": self.revenue,
                "price_realisation": self.price_realisation}


def grouped_figures(groups: Sequence[Any], where: Iterable[Any] = (), joins: Iterable[tuple[Any, Any]] = ()
                    ) -> list[Figures]:
    """Listed, sold, revenue and median days to sell of listed garments, per group, ordered by group."""
    is_sold = Item.status == "sold"
    paid = paid_price()
    base = select(*groups).select_from(Item).join(Category, Item.category_id == Category.id)
    for target, on in joins:
        base = base.join(target, on)
    base = base.where(Item.status.in_(LISTED_STATUSES), Item.priced_at.is_not(None), *where)
    rows = db.session.execute(
        base.add_columns(func.count(Item.id), func.coalesce(func.sum(case((is_sold, 1), else_=0)), 0),
                         func.coalesce(func.sum(case((is_sold, func.coalesce(paid, Item.price)), else_=0)), 0),
                         func.coalesce(func.sum(case((is_sold, Item.first_price), else_=0)), 0))
        .group_by(*groups).order_by(*groups)).all()
    n = len(groups)
    figures = {tuple(row[:n]): Figures(tuple(row[:n]), int(row[n]), int(row[n + 1]), int(row[n + 2]),
                                       int(row[n + 3])) for row in rows}
    days = days_between(Item.priced_at, Item.sold_at)
    ordered = db.session.execute(base.add_columns(days).where(is_sold).order_by(*groups, days)).all()
    for key, values in groupby(ordered, key=lambda row: tuple(row[:n])):
        if key in figures:
            figures[key].median_days_to_sell = _median([row[n] for row in values])
    return list(figures.values())


def total_figures(where: Iterable[Any] = (), joins: Iterable[tuple[Any, Any]] = ()) -> Figures:
    """The figures of every listed garment `where` selects, as one group."""
    found = grouped_figures([literal(1).label("all")], where, joins)
    return found[0] if found else Figures()


# --------------------------------------------------------------------------- the counter's overview


@dataclass
class SoldGarment:
    """One sold garment as the feedback page lists it."""

    code: str
    category: Category
    size: str
    brand: str
    first_price: int | None
    price: int | None
    priced_at: datetime
    sold_at: datetime

    @property
    def days_to_sell(self) -> int:
        """Whole days from pricing to sale."""
        return (self.sold_at - self.priced_at).days


def recent_sales(limit: int = 50) -> list[SoldGarment]:
    """The most recently sold garments, newest first."""
    rows = db.session.execute(
        select(Item.code, Category, Item.size, Item.brand, Item.first_price, Item.price, Item.priced_at, Item.sold_at)
        .join(Category, Item.category_id == Category.id)
        .where(Item.status == "sold", Item.priced_at.is_not(None))
        .order_by(Item.sold_at.desc(), Item.id.desc()).limit(limit)
    ).all()
    return [SoldGarment(*row) for row in rows]


def category_feedback() -> list[dict[str, Any]]:
    """Per category: listed, sold, sell-through, median days to sell and median price paid."""
    figures = grouped_figures([Category.key])
    prices: dict[str, list[int]] = {}
    for key, price in db.session.execute(
        select(Category.key, func.coalesce(paid_price(), Item.price)).join(Category, Item.category_id == Category.id)
        .where(Item.status == "sold", Item.priced_at.is_not(None))
        .order_by(Category.key, func.coalesce(paid_price(), Item.price))
    ):
        prices.setdefault(key, []).append(price or 0)
    return [{"category": f.key[0], "listed": f.listed, "sold": f.sold, "sell_through": f.sell_through,
             "median_days_to_sell": f.median_days_to_sell,
             "median_price": int(median(prices[f.key[0]])) if prices.get(f.key[0]) else None}
            for f in figures]


# --------------------------------------------------------------------------- one designer


def may_see_person(viewer: Person, person_id: int) -> bool:
    """A person sees their own feedback in detail; supervisors and admins see everyone's."""
    return viewer.id == person_id or viewer.role in SUPERVISOR


def feedback_person(person_id: int, *, viewer: Person) -> Person:
    """The person whose detailed feedback `viewer` asks for: Forbidden for anyone else's, NotFound if none."""
    if not may_see_person(viewer, person_id):
        raise Forbidden(_l("You see your own pieces in detail; the shop's figures are on the shop page."))
    person = db.session.get(Person, person_id) if 0 < person_id <= MAX_ID else None
    if person is None:
        raise NotFound(person_id=person_id)
    return person


@dataclass
class Piece:
    """One of a designer's pieces as their feedback lists it."""

    code: str
    category: str
    category_name: str
    size: str
    status: str
    asked: int | None
    paid: int | None
    priced_at: datetime | None
    sold_at: datetime | None
    photo_id: int | None
    band: int

    @property
    def days_to_sell(self) -> int | None:
        """Whole days from pricing to sale, once sold."""
        if self.sold_at is None or self.priced_at is None:
            return None
        return (self.sold_at - self.priced_at).days

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"code": self.code, "category": self.category, "size": self.size, "status": self.status,
                "asked": self.asked, "paid": self.paid, "days_to_sell": self.days_to_sell,
                "priced_at": self.priced_at.isoformat() if self.priced_at else None,
                "sold_at": self.sold_at.isoformat() if self.sold_at else None}


@dataclass
class Comparison:
    """A designer's pieces beside the shop's garments of the same category and price band."""

    category_name: str
    band: str
    mine: Figures
    shop: Figures


@dataclass
class DesignerFeedback:
    """Everything a designer's feedback page shows."""

    person: Person
    pieces: list[Piece]
    figures: Figures
    comparisons: list[Comparison]
    category_average: dict[str, dict[str, Any]]
    sales_by_week: list[tuple[str, int]] = field(default_factory=list)
    days_histogram: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {**self.figures.as_json(), "items": [p.as_json() for p in self.pieces],
                "category_average": self.category_average}


def _pieces_of(person_id: int) -> Any:
    """The ids of the items a person designed (through the projects they are on)."""
    return (select(RedesignProduct.item_id)
            .join(ProjectDesigner, ProjectDesigner.project_id == RedesignProduct.project_id)
            .where(ProjectDesigner.person_id == person_id))


def _photo_of_piece() -> ColumnElement[int]:
    """A photo of the piece itself, else an "after" photo of its project."""
    own = select(func.min(Photo.id)).where(Photo.product_id == Item.id).correlate(Item).scalar_subquery()
    after = (select(func.min(Photo.id)).join(RedesignProduct, RedesignProduct.project_id == Photo.project_id)
             .where(RedesignProduct.item_id == Item.id, Photo.kind == "after").correlate(Item).scalar_subquery())
    return func.coalesce(own, after)


def _histogram(days: Iterable[int | None]) -> list[tuple[str, int]]:
    counts = [0] * len(DAY_BUCKETS)
    for value in days:
        if value is None:
            continue
        for index, (low, high) in enumerate(DAY_BUCKETS):
            if value >= low and (high is None or value < high):
                counts[index] += 1
    return [(_("%(low)s+ days", low=low) if high is None else _("%(low)s–%(high)s days", low=low, high=high - 1),
             count) for (low, high), count in zip(DAY_BUCKETS, counts, strict=True)]


def designer_feedback(person_id: int, *, viewer: Person, locale: str = "en") -> DesignerFeedback:
    """A designer's pieces and how they sold, beside the shop's average for the same category and band."""
    person = feedback_person(person_id, viewer=viewer)
    mine = Item.id.in_(_pieces_of(person.id))
    rows = db.session.execute(
        select(Item.code, Category.key, Category.name_en, Category.name_sv, Item.size, Item.status, Item.first_price,
               case((Item.status == "sold", func.coalesce(paid_price(), Item.price)), else_=None),
               Item.priced_at, Item.sold_at, _photo_of_piece(), price_band(Item.first_price))
        .join(Category, Item.category_id == Category.id).where(mine).order_by(Item.id.desc())).all()
    pieces = [Piece(code, key, name_en if locale.startswith("en") else name_sv, size, status, asked, paid,
                    priced_at, sold_at, photo, band or 0)
              for code, key, name_en, name_sv, size, status, asked, paid, priced_at, sold_at, photo, band in rows]
    figures = total_figures([mine])
    groups = [Category.key, price_band(Item.first_price).label("band")]
    my_groups = {f.key: f for f in grouped_figures(groups, [mine])}
    names = {p.category: p.category_name for p in pieces}
    shop_groups = {f.key: f for f in grouped_figures(groups, [Category.key.in_([k for k, _b in my_groups])])}
    comparisons = [Comparison(names[key], band_label(*PRICE_BANDS[band]), fig, shop_groups[(key, band)])
                   for (key, band), fig in my_groups.items()]
    averages = {f.key[0]: f.as_json() for f in grouped_figures([Category.key],
                                                               [Category.key.in_({p.category for p in pieces})])}
    week = week_start(Item.sold_at)
    weeks = db.session.execute(
        select(week, func.count(Item.id)).where(mine, Item.status == "sold").group_by(week).order_by(week)).all()
    return DesignerFeedback(person, pieces, figures, comparisons, averages,
                            [(str(week), int(count)) for week, count in weeks],
                            _histogram(p.days_to_sell for p in pieces))


# --------------------------------------------------------------------------- valuation


@dataclass
class ValuedGarment:
    """One garment a person valued or priced, and what it sold for."""

    code: str
    category_name: str
    guess: int
    paid: int
    sold_at: datetime

    @property
    def difference(self) -> int:
        """Estimate (or price) less what was paid: above zero means valued high."""
        return self.guess - self.paid


@dataclass
class ValuationWeek:
    """One week of sales of garments a person valued."""

    week: str
    sold: int
    average_difference: int
    average_miss: int


@dataclass
class ValuationFeedback:
    """How a person's estimates (or prices) compared with what garments sold for."""

    person: Person
    kind: str  # "estimate" or "price"
    judged: int
    sold: int
    average_difference: int | None
    typical_miss: int | None
    weeks: list[ValuationWeek]
    garments: list[ValuedGarment]

    @property
    def summary(self) -> str:
        """One kind sentence on whether the person values high, low or right."""
        if self.average_difference is None:
            return _("None of the garments you valued has sold yet. Come back when some have.") \
                if self.kind == "estimate" else _("None of the garments you priced has sold yet. Come back when some have.")
        amount = format_decimal(abs(self.average_difference) / 100, format="#,##0.##")
        if abs(self.average_difference) < CLOSE_ENOUGH_ORE:
            return _("Your estimates were on average within 5 kr of what garments sold for. Well judged!") \
                if self.kind == "estimate" else _("Your prices were on average within 5 kr of what garments sold for. Well judged!")
        if self.average_difference > 0:
            return _("Your estimates were on average %(amount)s kr above what garments sold for.", amount=amount) \
                if self.kind == "estimate" else \
                _("Your prices were on average %(amount)s kr above what garments sold for.", amount=amount)
        return _("Your estimates were on average %(amount)s kr below what garments sold for.", amount=amount) \
            if self.kind == "estimate" else \
            _("Your prices were on average %(amount)s kr below what garments sold for.", amount=amount)


VALUATION_KINDS = ("estimate", "price")


def valuation_feedback(person_id: int, *, viewer: Person, kind: str = "estimate", locale: str = "en",
                       limit: int = 100) -> ValuationFeedback:
    """A person's estimates (kind "estimate") or prices (kind "price") against what garments sold for."""
    if kind not in VALUATION_KINDS:
        raise ValidationFailed(_l("Choose estimates or prices."), field="kind")
    person = feedback_person(person_id, viewer=viewer)
    # Who priced last set the price the garment was on sale at: their price is compared with what was paid.
    guess, by = (Item.estimate, Item.valued_by_id) if kind == "estimate" else (Item.price, Item.priced_by_id)
    judged = db.session.scalar(select(func.count(Item.id)).where(by == person.id, guess.is_not(None))) or 0
    paid = func.coalesce(paid_price(), Item.price)
    difference = guess - paid
    sold = (by == person.id, guess.is_not(None), Item.status == "sold")
    count, average = db.session.execute(select(func.count(Item.id), func.avg(difference)).where(*sold)).one()
    misses = db.session.scalars(select(func.abs(difference)).where(*sold).order_by(func.abs(difference))).all()
    week = week_start(Item.sold_at)
    weeks = [ValuationWeek(str(w), int(n), round(float(avg)), round(float(miss))) for w, n, avg, miss in db.session.execute(
        select(week, func.count(Item.id), func.avg(difference), func.avg(func.abs(difference))).where(*sold)
        .group_by(week).order_by(week)).all()]
    name = Category.name_en if locale.startswith("en") else Category.name_sv
    garments = [ValuedGarment(*row) for row in db.session.execute(
        select(Item.code, name, guess, paid, Item.sold_at).join(Category, Item.category_id == Category.id)
        .where(*sold).order_by(Item.sold_at.desc(), Item.id.desc()).limit(limit)).all()]
    return ValuationFeedback(person, kind, int(judged), int(count or 0),
                             round(float(average)) if average is not None else None,
                             int(median(misses)) if misses else None, weeks, garments)


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


def shop_insights(dimension: str, *, locale: str = "en") -> list[InsightRow]:
    """Sell-through, days to sell and price realisation of every listed garment, by one dimension."""
    if dimension not in INSIGHT_DIMENSIONS:
        raise NotFound(dimension=dimension)
    joins: list[tuple[Any, Any]] = []
    where: list[Any] = []
    if dimension == "category":
        group: Any = Category.name_en if locale.startswith("en") else Category.name_sv
    elif dimension == "motif":
        joins = [(RedesignProduct, RedesignProduct.item_id == Item.id),
                 (RedesignTag, and_(RedesignTag.project_id == RedesignProduct.project_id, RedesignTag.kind == "motif"))]
        group = RedesignTag.name
    elif dimension == "price_band":
        group = price_band(Item.first_price)
    elif dimension == "week":
        group = week_start(Item.priced_at)
    else:
        group = getattr(Item, dimension)
    rows = grouped_figures([group.label("key")], where, joins)
    if dimension == "price_band":
        return [InsightRow(band_label(*PRICE_BANDS[f.key[0]]), f) for f in rows]
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


def ageing_stock(now: datetime | None = None) -> list[AgeingRow]:
    """Garments on the floor by shop, tag colour and whole weeks since pricing, with the markdown due."""
    now = now or utcnow()
    age = days_between(Item.priced_at, literal(now, UTCDateTime)) / 7
    # Whole weeks: SQLite's CAST truncates (ages are never negative), PostgreSQL has floor().
    weeks = cast(age, Integer) if _dialect() == "sqlite" else cast(func.floor(age), Integer)
    rows = db.session.execute(
        select(Shop.id, Shop.name, Item.tag_colour, weeks.label("weeks"), func.count(Item.id))
        .join(Shop, Item.shop_id == Shop.id)
        .where(Item.status == "priced", Item.priced_at.is_not(None))
        .group_by(Shop.id, Shop.name, Item.tag_colour, weeks.label("weeks"))
        .order_by(Shop.name, Item.tag_colour, weeks.label("weeks").desc())).all()
    steps: dict[int, list[tuple[int, int]]] = {}
    for shop_id, after, percent in db.session.execute(
            select(Markdown.shop_id, Markdown.after_weeks, Markdown.percent).order_by(Markdown.after_weeks.desc())):
        steps.setdefault(shop_id, []).append((after, percent))
    result = []
    for shop_id, shop_name, colour, age, count in rows:
        age = max(0, int(age))
        due = next((percent for after, percent in steps.get(shop_id, []) if age >= after), None)
        result.append(AgeingRow(shop_name, colour, age, int(count), due))
    return result


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
        return _ratio(self.recycled_grams, self.donated_grams)

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"donated_grams": self.donated_grams,
                "sold_grams": self.sold_grams, "recycled_grams": self.recycled_grams,
                "discarded_grams": self.discarded_grams, "co2e_saved_kg": self.co2e_saved_kg, "factor": self.factor,
                "factor_source": self.factor_source, "per_category": self.per_category}


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """A period from YYYY-MM-DD texts; by default the last 365 days up to today (UTC)."""
    today = utcnow().date()
    try:
        last = date.fromisoformat(end) if end else today
        first = date.fromisoformat(start) if start else last - timedelta(days=365)
    except ValueError as exc:
        raise ValidationFailed(_l("Give the dates as YYYY-MM-DD."), field="from") from exc
    if first > last or (last - first).days > MAX_RANGE_DAYS:
        raise ValidationFailed(_l("The period must start before it ends and last at most ten years."), field="from")
    return first, last


def impact(start: date, end: date) -> Impact:
    """Kilos donated, sold, recycled and discarded from `start` to `end` (both included, UTC days)."""
    low = datetime.combine(start, time.min, tzinfo=UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    weight = func.coalesce(Item.weight_grams, Category.typical_weight_grams)

    def within(column: Any) -> Any:
        return and_(column >= low, column < high)

    donated = db.session.scalar(select(func.coalesce(func.sum(Donation.weight_grams), 0))
                                .where(within(Donation.received_at))) or 0
    out_recycled, out_discarded = db.session.execute(
        select(func.coalesce(func.sum(Donation.recycled_grams), 0), func.coalesce(func.sum(Donation.discarded_grams), 0))
        .where(within(Donation.closed_at))).one()
    withdrawn = dict(db.session.execute(
        select(Item.withdraw_reason, func.coalesce(func.sum(weight), 0)).join(Category, Item.category_id == Category.id)
        .where(Item.status == "withdrawn", within(Item.withdrawn_at), Item.withdraw_reason.in_(("recycling", "waste")))
        .group_by(Item.withdraw_reason)).all())
    per_category = []
    for key, grams, factor, source in db.session.execute(
        select(Category.key, func.sum(weight), Category.co2e_grams_per_kg, Category.co2e_source)
        .join(Category, Item.category_id == Category.id).where(Item.status == "sold", within(Item.sold_at))
        .group_by(Category.key, Category.co2e_grams_per_kg, Category.co2e_source).order_by(Category.key)).all():
        per_category.append({"category": key, "sold_grams": int(grams), "factor": int(factor) or None,
                             "factor_source": source if factor else "factor not set",
                             "co2e_saved_kg": round(int(grams) * int(factor) / 1_000_000, 3)})
    return Impact(start, end, int(donated), sum(c["sold_grams"] for c in per_category),
                  int(out_recycled) + int(withdrawn.get("recycling", 0)),
                  int(out_discarded) + int(withdrawn.get("waste", 0)), per_category)


def kilo_balances() -> list[tuple[Shop, Any]]:
    """Each shop with the kilo balance of everything it has received."""
    return [(shop, shop_balance(shop.id)) for shop in db.session.scalars(select(Shop).order_by(Shop.name))]


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
