"""Use cases of the counter's prices: campaigns, tag-colour markdowns and the counter's settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from boutique.clock import utcnow
from boutique.db import db, use_case
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import VAT_MODES, Person, Shop, record_event
from inventory.garments import categories as garment_categories
from inventory.garments.models import TAG_COLOURS

from ..models import Campaign, Markdown
from ..tills.services import fits


def campaigns(shop_id: int) -> list[Campaign]:
    """The shop's campaigns, newest first."""
    return list(db.session.scalars(
        select(Campaign).where(Campaign.shop_id == shop_id).order_by(Campaign.starts_on.desc(), Campaign.id.desc())))


@use_case
def create_campaign(shop_id: int, *, name: str, starts_on: date, ends_on: date, percent: int,
                    categories: Sequence[str] = (), tag_colours: Sequence[str] = (), by: Person) -> Campaign:
    """Start a campaign: a percentage off for a date range, on some categories or tag colours."""
    name = name.strip()[:80]
    if not fits(shop_id) or db.session.get(Shop, shop_id) is None:
        raise ValidationFailed(_l("Unknown shop."), field="shop_id")
    if not name:
        raise ValidationFailed(_l("Give the campaign a name."), field="name")
    if ends_on < starts_on:
        raise ValidationFailed(_l("The campaign must end on or after its first day."), field="ends_on")
    if not 1 <= percent <= 90:
        raise ValidationFailed(_l("The discount must be from 1 to 90 %."), field="percent")
    for key in categories:
        garment_categories.get_category(key)
    if any(colour not in TAG_COLOURS for colour in tag_colours):
        raise ValidationFailed(_l("Unknown tag colour."), field="tag_colours")
    campaign = Campaign(shop_id=shop_id, name=name, starts_on=starts_on, ends_on=ends_on, percent=percent,
                        categories=list(categories), tag_colours=list(tag_colours), created_by_id=by.id,
                        created_at=utcnow())
    db.session.add(campaign)
    db.session.flush()
    record_event("campaign.created", "campaign", campaign.id, by, shop_id=shop_id, name=name, percent=percent,
                 starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    return campaign


@use_case
def end_campaign(campaign_id: int, *, by: Person) -> Campaign:
    """Stop a campaign now; it stays in the list for the record."""
    campaign = db.session.get(Campaign, campaign_id) if fits(campaign_id) else None
    if campaign is None:
        raise ValidationFailed(_l("Unknown campaign."), field="campaign_id")
    campaign.active = False
    record_event("campaign.ended", "campaign", campaign.id, by, shop_id=campaign.shop_id)
    return campaign


@use_case
def set_markdowns(shop_id: int, steps: dict[int, int], *, by: Person) -> list[Markdown]:
    """Replace the shop's tag-colour markdown steps: {weeks on the floor: percent off}."""
    for weeks, percent in steps.items():
        if not 1 <= weeks <= 104 or not 1 <= percent <= 90:
            raise ValidationFailed(_l("Each step needs weeks from 1 and a discount from 1 to 90 %."),
                                   field="markdowns")
    db.session.execute(delete(Markdown).where(Markdown.shop_id == shop_id))
    rows = [Markdown(shop_id=shop_id, after_weeks=weeks, percent=percent) for weeks, percent in sorted(steps.items())]
    db.session.add_all(rows)
    db.session.flush()
    record_event("markdowns.set", "shop", shop_id, by, shop_id=shop_id,
                 steps={str(w): p for w, p in sorted(steps.items())})
    return rows


@use_case
def update_counter_settings(shop_id: int, *, by: Person, discount_approval_percent: int, open_price_min: int,
                            open_price_max: int, swish_number: str, vat_mode: str | None = None) -> Shop:
    """The counter's limits, the Swish number, and (for an admin) the shop's VAT mode."""
    shop = db.session.get(Shop, shop_id) if fits(shop_id) else None
    if shop is None:
        raise ValidationFailed(_l("Unknown shop."), field="shop_id")
    if not 0 <= discount_approval_percent <= 100:
        raise ValidationFailed(_l("Write a share from 0 to 100 %."), field="discount_approval_percent")
    if not 0 < open_price_min <= open_price_max:
        raise ValidationFailed(_l("The lowest open price must be above 0 kr and not above the highest."),
                               field="open_price_min")
    digits = "".join(ch for ch in swish_number if ch.isdigit())
    if swish_number.strip() and not 8 <= len(digits) <= 12:
        raise ValidationFailed(_l("A Swish number has 10 digits, like 123 456 78 90."), field="swish_number")
    if vat_mode is not None and vat_mode != shop.vat_mode:
        if by.role != "admin":
            raise Forbidden(_l("Only an admin may change the VAT mode."))
        if vat_mode not in VAT_MODES:
            raise ValidationFailed(_l("Unknown VAT mode."), field="vat_mode")
        shop.vat_mode = vat_mode
    shop.discount_approval_percent = discount_approval_percent
    shop.open_price_min, shop.open_price_max = open_price_min, open_price_max
    shop.swish_number = digits
    record_event("shop.counter_settings", "shop", shop.id, by, shop_id=shop.id, vat_mode=shop.vat_mode,
                 discount_approval_percent=discount_approval_percent, open_price_min=open_price_min,
                 open_price_max=open_price_max, swish_number=digits)
    return shop
