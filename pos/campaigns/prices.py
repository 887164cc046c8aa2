"""Prices at the counter: campaigns, tag-colour markdowns and manual discounts, line by line.

The cart on the screen and the sale in the database are priced by the same function, so what
a participant sees on a line is what the receipt prints. Every reduction is kept on its line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Select,
    bindparam,
    select,
)

from boutique.clock import shop_date
from boutique.db import db
from boutique.errors import ValidationFailed
from boutique.models import Shop
from inventory.garments import categories as garment_categories
from inventory.garments import services as garment_services
from inventory.garments.models import Category, Item
from inventory.labels.data import tag_colour_name

from ..models import Campaign, Markdown

# Reasons a participant can pick for a manual discount; the key is what the cart keeps.
DISCOUNT_REASONS: dict[str, Any] = {
    "damaged": _l("Damaged or stained"),
    "missing_part": _l("Missing button or zip"),
    "bundle": _l("Several garments together"),
    "goodwill": _l("Goodwill"),
    "other": _l("Other"),
}


@dataclass(frozen=True)
class Discount:
    """A manual discount: an amount in öre or a percentage, and why."""

    amount: int = 0
    percent: int = 0
    reason: str = ""

    def reduction(self, base: int) -> int:
        """How much this discount takes off `base` (never more than `base`)."""
        off = percent_off(base, self.percent) if self.percent else self.amount
        return max(0, min(off, base))


@dataclass(frozen=True)
class LineRequest:
    """A line to ring up: a scanned code, or a category at its flat price or an open price."""

    code: str | None = None
    category: str | None = None
    price: int | None = None
    discount: Discount | None = None


@dataclass
class PricedLine:
    """One line with its list price and every reduction, ready to show or to record."""

    category: Category
    item: Item | None
    description: str
    list_price: int
    markdown: int = 0
    markdown_reason: str = ""
    discount: int = 0
    discount_reasons: list[str] = field(default_factory=list)

    @property
    def price(self) -> int:
        """What the customer pays for this line."""
        return self.list_price - self.markdown - self.discount

    @property
    def discount_reason(self) -> str:
        """The reasons of the manual discounts on this line, in one text."""
        return "; ".join(dict.fromkeys(self.discount_reasons))


def percent_off(price: int, percent: int) -> int:
    """The reduction that leaves `price` less `percent` %, rounded to whole kronor (half up)."""
    reduced = (price * (100 - percent) + 5000) // 10000 * 100
    return max(0, price - reduced)


def reason_text(reason: str) -> str:
    """A discount reason key in the current language; free text stays as it is."""
    return str(DISCOUNT_REASONS.get(reason, reason))


@dataclass(frozen=True)
class CampaignRule:
    """A running campaign as pricing needs it (empty categories or tag colours: all)."""

    id: int
    name: str
    percent: int
    categories: tuple[str, ...]
    tag_colours: tuple[str, ...]


@dataclass(frozen=True)
class MarkdownStep:
    """A tag-colour markdown step: at least `after_weeks` weeks on the floor, `percent` off."""

    after_weeks: int
    percent: int


@dataclass(frozen=True)
class PricingRules:
    """What prices a shop's lines on a day: its running campaigns (best first) and markdown steps
    (longest on the floor first)."""

    campaigns: tuple[CampaignRule, ...]
    markdowns: tuple[MarkdownStep, ...]


def pricing_rules(shop_id: int, day: date) -> PricingRules:
    """The shop's running campaigns on `day` (best first) and its markdown steps (longest on the floor first)."""
    running = db.session.scalars(
        select(Campaign).where(Campaign.shop_id == shop_id, Campaign.active.is_(True), Campaign.starts_on <= day,
                               Campaign.ends_on >= day))
    steps = db.session.scalars(select(Markdown).where(Markdown.shop_id == shop_id))
    campaigns = [CampaignRule(c.id, c.name, c.percent, tuple(c.categories or ()), tuple(c.tag_colours or ()))
                 for c in running]
    markdowns = [MarkdownStep(m.after_weeks, m.percent) for m in steps]
    return PricingRules(tuple(sorted(campaigns, key=lambda c: (-c.percent, c.id))),
                        tuple(sorted(markdowns, key=lambda m: -m.after_weeks)))


@functools.cache
def _markdowns_query() -> Select[tuple[Markdown]]:
    return (select(Markdown).where(Markdown.shop_id == bindparam("shop_id"))
            .order_by(Markdown.after_weeks.desc()))


def markdowns_of(shop_id: int) -> list[Markdown]:
    """The shop's markdown steps, longest time on the floor first (to edit them)."""
    return list(db.session.scalars(_markdowns_query(), {"shop_id": shop_id}))


def _automatic(line: PricedLine, rules: PricingRules, day: date) -> None:
    """Apply the best one of the running campaigns and the tag-colour markdown (they do not add up)."""
    best, reason = 0, ""
    tag = line.item.tag_colour if line.item is not None else ""
    for campaign in rules.campaigns:
        if campaign.categories and line.category.key not in campaign.categories:
            continue
        if campaign.tag_colours and tag not in campaign.tag_colours:
            continue
        off = percent_off(line.list_price, campaign.percent)
        if off > best:
            best, reason = off, _("%(name)s −%(percent)s %%", name=campaign.name, percent=campaign.percent)
    if line.item is not None and line.item.priced_at is not None:
        weeks = (day - shop_date(line.item.priced_at)).days // 7
        step = next((m for m in rules.markdowns if weeks >= m.after_weeks), None)
        if step is not None and percent_off(line.list_price, step.percent) > best:
            best = percent_off(line.list_price, step.percent)
            reason = _("%(colour)s tag, %(weeks)s weeks on the floor −%(percent)s %%",
                       colour=tag_colour_name(tag) if tag else _("Any"), weeks=weeks, percent=step.percent)
    line.markdown, line.markdown_reason = best, reason


def _spread(lines: list[PricedLine], discount: Discount) -> None:
    """Spread a discount on the whole sale over its lines, so each line records its share."""
    bases = [line.price for line in lines]
    total = sum(bases)
    if total <= 0:
        return
    if discount.percent:
        shares = [percent_off(base, discount.percent) for base in bases]
    else:
        amount = discount.reduction(total)
        shares = [amount * base // total for base in bases]
        # Largest remainders get the öre left over, so the shares add up to the amount exactly.
        order = sorted(range(len(lines)), key=lambda i: (amount * bases[i] % total), reverse=True)
        for i in order[:amount - sum(shares)]:
            shares[i] += 1
    for line, share in zip(lines, shares):
        if share:
            line.discount += min(share, line.price)
            line.discount_reasons.append(reason_text(discount.reason))


def price_lines(shop: Shop, requests: list[LineRequest], *, day: date, sale_discount: Discount | None = None,
                rules: PricingRules | None = None) -> list[PricedLine]:
    """Look up and price every line: list price, automatic reduction, manual discounts.

    `rules`: the shop's pricing rules on `day` when already read (the sale reads them with its shop).
    """
    if rules is None:
        rules = pricing_rules(shop.id, day)
    items = garment_services.get_items([request.code for request in requests if request.code is not None])
    lines: list[PricedLine] = []
    for request in requests:
        if request.code is not None:
            item = items[request.code]
            description = item.category.name("sv") + (f" {item.size}" if item.size else "")
            line = PricedLine(item.category, item, description[:120], item.price or 0)
        elif request.category is not None:
            category = garment_categories.get_category(request.category)
            price = category.default_price if request.price is None else request.price
            if request.price is not None and request.price != category.default_price and not (
                    shop.open_price_min <= request.price <= shop.open_price_max):
                raise ValidationFailed(_l("An open price must be from %(low)s to %(high)s kr.",
                                          low=shop.open_price_min // 100, high=shop.open_price_max // 100),
                                       field="price")
            line = PricedLine(category, None, category.name("sv")[:120], price)
        else:
            raise ValidationFailed(_l("Each line needs a code, or a category and a price."), field="lines")
        _automatic(line, rules, day)
        if request.discount is not None:
            off = request.discount.reduction(line.price)
            if off:
                line.discount += off
                line.discount_reasons.append(reason_text(request.discount.reason))
        lines.append(line)
    if sale_discount is not None:
        _spread(lines, sale_discount)
    return lines


def needs_approval(shop: Shop, lines: list[PricedLine]) -> bool:
    """True when a manual discount on some line is above the share a participant may give alone."""
    return any(line.discount * 100 > shop.discount_approval_percent * (line.list_price - line.markdown)
               for line in lines)
