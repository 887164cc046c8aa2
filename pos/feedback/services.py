"""Sales feedback: what sold, at what price, how fast — aggregated in SQL.

Counts, sums and averages are computed by the database. SQLite has no percentile function,
so a median fetches only the one column it needs (with its group key), already ordered by
the database, and takes the middle value; never whole rows. How each figure is computed is
written down in docs/FEEDBACK.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from boutique.auth import SUPERVISOR
from boutique.db import db
from boutique.errors import Forbidden, NotFound, ValidationFailed
from boutique.models import Cohort, Person
from inventory.garments.models import Category, Item
from inventory.garments.prices import histogram_quantile
from inventory.tallies import services as tallies
from inventory.workshop.models import Photo, ProjectDesigner, RedesignProduct

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


def week_key(moment: Any) -> ColumnElement[str]:
    """What tells the shop's (Stockholm) ISO week of `moment` in SQL, as text: group by it, then `shop_week`.

    The Monday (YYYY-MM-DD) of its UTC week, except in the last two hours of a UTC Sunday, where
    its UTC hour (YYYY-MM-DD HH): Stockholm is one or two hours ahead of UTC, so only those hours
    may fall in the next shop week, and SQLite cannot convert to Stockholm time. As few groups
    as weeks, and the same keys on SQLite and PostgreSQL.
    """
    def constant(value: str) -> Any:
        # Not a bound parameter: PostgreSQL must see the GROUP BY expression as the selected one.
        return literal_column(f"'{value}'")

    if _dialect() == "sqlite":
        sunday_late = func.strftime(constant("%w %H"), moment).in_([constant("0 22"), constant("0 23")])
        hour, monday = func.strftime(constant("%Y-%m-%d %H"), moment), func.date(moment, "weekday 0", "-6 days")
    else:
        sunday_late = func.to_char(moment, constant("D HH24")).in_([constant("1 22"), constant("1 23")])
        hour = func.to_char(moment, constant("YYYY-MM-DD HH24"))
        monday = func.to_char(func.date_trunc(constant("week"), moment), constant("YYYY-MM-DD"))
    return case((sunday_late, hour), else_=monday)


def shop_week(key: str | None) -> str | None:
    """The Monday (YYYY-MM-DD) of the shop's ISO week that a `week_key` stands for; None for none."""
    if not key or len(key) == 10:  # a UTC week's Monday, which is the shop week's
        return key
    day = tallies.shop_date_of_hour(key)
    return (day - timedelta(days=day.weekday())).isoformat()


def band_label(low: int, high: int | None) -> str:
    """A price band as people read it: "100–199 kr", "400 kr and up"."""
    if high is None:
        return _("%(low)s kr and up", low=low // 100)
    return _("%(low)s–%(high)s kr", low=low // 100, high=high // 100 - 1)


def price_band(column: Any) -> ColumnElement[int]:
    """The index of the price band a price falls in (see PRICE_BANDS)."""
    return case(*[(column < high, index) for index, (_low, high) in enumerate(PRICE_BANDS) if high is not None],
                else_=len(PRICE_BANDS) - 1)


def histogram_median(counts: Iterable[tuple[float | int | None, int]]) -> float | None:
    """The median of values given as (value, how many) pairs, as the database counted them.

    The database groups and counts (a few hundred pairs) instead of sending every row:
    the same median as over the rows themselves, at any size of the shop's history.
    """
    pairs = sorted((value, count) for value, count in counts if value is not None and count)
    return round(float(histogram_quantile(pairs, 0.5)), 1) if pairs else None


def ratio(part: int, whole: int) -> float:
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
        return ratio(self.sold, self.listed)

    @property
    def price_realisation(self) -> float | None:
        """What sold garments brought in ÷ what was first asked for them."""
        return round(self.revenue / self.asked_of_sold, 3) if self.asked_of_sold else None

    def as_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {"listed": self.listed, "sold": self.sold, "sell_through": self.sell_through,
                "median_days_to_sell": self.median_days_to_sell, "revenue": self.revenue,
                "price_realisation": self.price_realisation}


def in_shop(shop_id: int | None) -> list[Any]:
    """The condition that keeps garments of one shop, or none for every shop."""
    return [] if shop_id is None else [Item.shop_id == shop_id]


def grouped_figures(groups: Sequence[Any], where: Iterable[Any] = (), joins: Iterable[tuple[Any, Any]] = (),
                    fold: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None) -> list[Figures]:
    """Listed, sold, revenue and median days to sell of listed garments, per group, ordered by group.

    One statement: the database counts the listed garments per group, status and whole days
    to sell; the median is taken from those counts, not from the rows. `fold` turns the
    database's group into the one counted (a `week_key` into its `shop_week`).
    """
    stmt = select(*groups).select_from(Item)
    for target, on in joins:
        stmt = stmt.join(target, on)
    stmt = (stmt.add_columns(Item.status, Item.sold_days, func.count(), func.sum(Item.sold_price),
                             func.sum(Item.first_price))
            .where(Item.status.in_(LISTED_STATUSES), *where)
            .group_by(*groups, Item.status, Item.sold_days))
    n = len(groups)
    figures: dict[tuple[Any, ...], Figures] = {}
    days: dict[tuple[Any, ...], list[tuple[int | None, int]]] = {}
    for row in db.session.execute(stmt):
        key, status, sold_days, count, paid, asked = tuple(row[:n]), *row[n:]
        key = fold(key) if fold else key
        f = figures.setdefault(key, Figures(key))
        f.listed += count
        if status == "sold":
            f.sold += count
            f.revenue += int(paid or 0)
            f.asked_of_sold += int(asked or 0)
            days.setdefault(key, []).append((sold_days, count))
    for key, f in figures.items():
        f.median_days_to_sell = histogram_median(days.get(key, ()))
    return [figures[key] for key in sorted(figures, key=_sort_key)]


def figures_by_category(shop_id: int | None) -> list[Figures]:
    """`grouped_figures` by category, from the listed-garments tally and its changes not folded yet: the same figures, from
    two statements over a few thousand groups instead of every listed garment, the medians taken by the
    database (`tallies.medians`). Reads only: a page never folds."""
    where = {} if shop_id is None else {"shop_id": shop_id}
    figures: dict[int, Figures] = {}
    for category_id, status, count, paid, asked in tallies.counts(tallies.LISTED, ["category_id", "status"], where):
        f = figures.setdefault(category_id, Figures((category_id,)))
        f.listed += count
        if status == "sold":
            f.sold, f.revenue, f.asked_of_sold = count, paid, asked
    for category_id, days in tallies.medians(tallies.LISTED, "category_id", "sold_days",
                                             {**where, "status": "sold"}).items():
        if category_id in figures:
            figures[category_id].median_days_to_sell = days
    return [figures[key] for key in sorted(figures)]


def _sort_key(key: tuple[Any, ...]) -> tuple[tuple[bool, Any], ...]:
    """Group keys in order, with empty values (None) last."""
    return tuple((part is None, part if part is not None else 0) for part in key)


def total_figures(where: Iterable[Any] = (), joins: Iterable[tuple[Any, Any]] = ()) -> Figures:
    """The figures of every listed garment `where` selects, as one group."""
    found = grouped_figures([], where, joins)
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


def recent_sales(limit: int = 50, shop_id: int | None = None) -> list[SoldGarment]:
    """The most recently sold garments, newest first."""
    rows = db.session.execute(
        select(Item.code, Category, Item.size, Item.brand, Item.first_price, Item.sold_price, Item.priced_at,
               Item.sold_at)
        .join(Category, Item.category_id == Category.id)
        .where(Item.status == "sold", Item.priced_at.is_not(None), *in_shop(shop_id))
        .order_by(Item.sold_at.desc(), Item.id.desc()).limit(limit)
    ).all()
    return [SoldGarment(*row) for row in rows]


def category_feedback(shop_id: int | None = None) -> list[dict[str, Any]]:
    """Per category: listed, sold, sell-through, median days to sell and median price paid, counted now."""
    keys = dict(db.session.execute(select(Category.id, Category.key)).all())
    result = []
    figures = figures_by_category(shop_id)
    prices = tallies.medians(tallies.SOLD_PRICES, "category_id", "sold_price",
                             {} if shop_id is None else {"shop_id": shop_id})
    for f in figures:
        paid = prices.get(f.key[0])
        result.append({"category": keys[f.key[0]], "listed": f.listed, "sold": f.sold, "sell_through": f.sell_through,
                       "median_days_to_sell": f.median_days_to_sell,
                       "median_price": int(paid) if paid is not None else None})
    return sorted(result, key=lambda row: row["category"])


# --------------------------------------------------------------------------- one designer


def may_see_person(viewer: Person, person_id: int) -> bool:
    """A person sees their own feedback in detail; a teacher their cohorts' students'; supervisors everyone's."""
    if viewer.id == person_id or viewer.role in SUPERVISOR:
        return True
    return db.session.scalar(
        select(func.count(Person.id)).join(Cohort, Person.cohort_id == Cohort.id)
        .where(Person.id == person_id, Cohort.teacher_id == viewer.id)) != 0


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
    """The condition that keeps the items a person designed (through the projects they are on).

    The ids are read first and given as a list: as an `IN (subquery)` the planners went through
    every listed garment of the shop testing each against the subquery, 90 ms at a million
    garments for a handful of pieces, instead of fetching those pieces by their keys.
    """
    ids = db.session.scalars(
        select(RedesignProduct.item_id)
        .join(ProjectDesigner, ProjectDesigner.project_id == RedesignProduct.project_id)
        .where(ProjectDesigner.person_id == person_id)).all()
    return Item.id.in_(ids)


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
    mine = _pieces_of(person.id)
    rows = db.session.execute(
        select(Item.code, Category, Item.size, Item.status, Item.first_price,
               case((Item.status == "sold", Item.sold_price), else_=None),
               Item.priced_at, Item.sold_at, _photo_of_piece(), price_band(Item.first_price))
        .join(Category, Item.category_id == Category.id).where(mine).order_by(Item.id.desc())).all()
    pieces = [Piece(code, category.key, category.name(locale), size, status, asked, paid, priced_at, sold_at, photo,
                    band or 0)
              for code, category, size, status, asked, paid, priced_at, sold_at, photo, band in rows]
    figures = total_figures([mine])
    # "The shop" a piece is compared with is the shop (or shops) where the designer's pieces are for sale.
    shops = db.session.scalars(select(Item.shop_id).where(mine, Item.shop_id.is_not(None)).distinct()).all()
    scope = [Item.shop_id.in_(shops)] if shops else []
    keys = {key: category_id for category_id, key in db.session.execute(select(Category.id, Category.key))}
    groups = [Item.category_id, price_band(Item.first_price).label("band")]
    my_groups = {f.key: f for f in grouped_figures(groups, [mine])}
    names = {keys[p.category]: p.category_name for p in pieces}
    their_categories = Item.category_id.in_({keys[p.category] for p in pieces})
    shop_groups = {f.key: f for f in grouped_figures(groups, [*scope, their_categories])}
    comparisons = [Comparison(names[category_id], band_label(*PRICE_BANDS[band]), fig,
                              shop_groups.get((category_id, band), Figures()))
                   for (category_id, band), fig in my_groups.items()]
    key_of = {category_id: key for key, category_id in keys.items()}
    averages = {key_of[f.key[0]]: f.as_json() for f in grouped_figures([Item.category_id], [*scope, their_categories])}
    week = week_key(Item.sold_at)
    weeks: dict[str, int] = {}
    for key, count in db.session.execute(select(week, func.count(Item.id)).where(mine, Item.status == "sold")
                                         .group_by(week)):
        weeks[str(shop_week(key))] = weeks.get(str(shop_week(key)), 0) + int(count)
    return DesignerFeedback(person, pieces, figures, comparisons, averages, sorted(weeks.items()),
                            _histogram(p.days_to_sell for p in pieces))


# --------------------------------------------------------------------------- a cohort


def visible_cohorts(viewer: Person) -> list[Cohort]:
    """The cohorts whose pieces `viewer` may follow: every cohort for supervisors, their own for a teacher."""
    query = select(Cohort).order_by(Cohort.active.desc(), Cohort.name)
    if viewer.role not in SUPERVISOR:
        query = query.where(Cohort.teacher_id == viewer.id)
    return list(db.session.scalars(query))


@dataclass
class CohortMember:
    """One student of a cohort and the figures of their pieces."""

    person: Person
    figures: Figures


@dataclass
class CohortPiece:
    """A piece made in a cohort, with the cohort's students who made it."""

    makers: str
    piece: Piece


@dataclass
class CohortFeedback:
    """The pieces of one course's students: each student's figures, all pieces, the cohort's figures."""

    cohort: Cohort
    members: list[CohortMember]
    pieces: list[CohortPiece]
    figures: Figures


def cohort_feedback(cohort_id: int, *, viewer: Person, locale: str = "en") -> CohortFeedback:
    """What one cohort made and how it sold, for its teacher or a supervisor."""
    cohort = db.session.get(Cohort, cohort_id) if 0 < cohort_id <= MAX_ID else None
    if cohort is None:
        raise NotFound(cohort_id=cohort_id)
    if viewer.role not in SUPERVISOR and cohort.teacher_id != viewer.id:
        raise Forbidden(_l("Only the cohort's teacher and supervisors see its pieces in detail."))
    students = list(db.session.scalars(select(Person).where(Person.cohort_id == cohort.id)
                                       .order_by(Person.display_name)))
    members = [CohortMember(person, total_figures([_pieces_of(person.id)])) for person in students]
    made = (select(RedesignProduct.item_id, Person.display_name)
            .join(ProjectDesigner, ProjectDesigner.project_id == RedesignProduct.project_id)
            .join(Person, Person.id == ProjectDesigner.person_id).where(Person.cohort_id == cohort.id))
    makers: dict[int, list[str]] = {}
    for item_id, name in db.session.execute(made):
        makers.setdefault(item_id, []).append(name)
    pieces = []
    if makers:
        rows = db.session.execute(
            select(Item.id, Item.code, Category, Item.size, Item.status, Item.first_price,
                   case((Item.status == "sold", Item.sold_price), else_=None), Item.priced_at, Item.sold_at,
                   _photo_of_piece(), price_band(Item.first_price))
            .join(Category, Item.category_id == Category.id).where(Item.id.in_(list(makers)))
            .order_by(Item.id.desc())).all()
        pieces = [CohortPiece(", ".join(sorted(set(makers[item_id]))),
                              Piece(code, category.key, category.name(locale), size, status, asked, paid, priced_at,
                                    sold_at, photo, band or 0))
                  for item_id, code, category, size, status, asked, paid, priced_at, sold_at, photo, band in rows]
    figures = total_figures([Item.id.in_(list(makers))]) if makers else Figures()
    return CohortFeedback(cohort, members, pieces, figures)


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
    paid = Item.sold_price
    difference = guess - paid
    sold = (by == person.id, guess.is_not(None), Item.status == "sold")
    # One pass over the sold garments: counted by week and by how far off the guess was; the
    # totals, averages, weeks and the median miss all come from those counts.
    week, miss = week_key(Item.sold_at), func.abs(difference)
    per_week: dict[str, list[int]] = {}  # week: [garments, sum of differences, sum of misses]
    misses: dict[int, int] = {}
    for w, off, n, total in db.session.execute(
            select(week, miss, func.count(), func.sum(difference)).where(*sold).group_by(week, miss)):
        n, off, total = int(n), int(off), int(total)
        figures = per_week.setdefault(str(shop_week(w)), [0, 0, 0])
        figures[0] += n
        figures[1] += total
        figures[2] += off * n
        misses[off] = misses.get(off, 0) + n
    count = sum(f[0] for f in per_week.values())
    average = sum(f[1] for f in per_week.values()) / count if count else None
    typical = histogram_median(misses.items())
    weeks = [ValuationWeek(w, n, round(total / n), round(off / n)) for w, (n, total, off) in sorted(per_week.items())]
    garments = [ValuedGarment(code, category.name(locale), *rest) for code, category, *rest in db.session.execute(
        select(Item.code, Category, guess, paid, Item.sold_at).join(Category, Item.category_id == Category.id)
        .where(*sold).order_by(Item.sold_at.desc(), Item.id.desc()).limit(limit)).all()]
    return ValuationFeedback(person, kind, int(judged), int(count or 0),
                             round(float(average)) if average is not None else None,
                             int(typical) if typical is not None else None, weeks, garments)


