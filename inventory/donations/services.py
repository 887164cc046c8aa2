"""Use cases of the donation: intake, its stages through the sorting room, the sorting station
that makes garments out of it, and closing it with what is left as recycling and waste.

Every function that changes state is one use case (it commits) and records an event.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    func,
    select,
    update,
)
from sqlalchemy.orm import joinedload

from boutique.clock import utcnow
from boutique.db import MAX_ID, db, use_case
from boutique.errors import ValidationFailed
from boutique.models import Event, Person, history_of, next_counter_value, record_event
from boutique.services import shop_exists

from ..codes import make_item_code, normalise_code
from ..errors import UnknownDonation, WrongStage
from ..garments.categories import get_category
from ..garments.models import ROUTES, Category, Item
from ..garments.services import get_item, stage_name
from ..limits import check_weight
from .cards import donation_id_from_scan, is_donation_code
from .models import DONATION_CHANNELS, DONATION_STAGES, Donation

# Donation stages move one step forward at a time. Items may be sorted out of a washed
# donation; the first item moves the donation to "sorted".
NEXT_STAGE = {"received": "unpacked", "unpacked": "washed", "washed": "sorted", "sorted": "closed"}


def get_donation(donation_id: int) -> Donation:
    """A donation by id, or UnknownDonation."""
    donation = db.session.get(Donation, donation_id) if 0 < donation_id <= MAX_ID else None
    if donation is None:
        raise UnknownDonation(donation_id=donation_id)
    return donation


@use_case
def receive_donation(
    *, shop_id: int, channel: str, weight_grams: int, by: Person, bags: int = 1, note: str = ""
) -> Donation:
    """Register a donation at intake with its channel and weight."""
    if channel not in DONATION_CHANNELS:
        raise ValidationFailed(_l("Unknown channel."), field="channel")
    check_weight(weight_grams, "weight_grams")
    if bags < 1 or bags > 1000:
        raise ValidationFailed(_l("The number of bags must be between 1 and 1000."), field="bags")
    if not shop_exists(shop_id):
        raise ValidationFailed(_l("Unknown shop."), field="shop_id")
    donation = Donation(shop_id=shop_id, channel=channel, weight_grams=weight_grams, bags=bags,
                        note=note.strip()[:2000], received_at=utcnow(), received_by_id=by.id)
    db.session.add(donation)
    db.session.flush()
    record_event("donation.received", "donation", donation.id, by, shop_id=shop_id, station="intake",
                 channel=channel, weight_grams=weight_grams, bags=bags)
    return donation


def sorted_grams(donation_id: int) -> int:
    """What the garments sorted out of a donation weigh (a category's typical weight where none was weighed)."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(func.coalesce(Item.weight_grams, Category.typical_weight_grams)), 0))
        .join(Category, Item.category_id == Category.id).where(Item.donation_id == donation_id)) or 0)


def sorted_count(donation_id: int) -> int:
    """How many garments have been sorted out of a donation."""
    return int(db.session.scalar(select(func.count(Item.id)).where(Item.donation_id == donation_id)) or 0)


def last_sorted(donation_id: int, limit: int = 5) -> list[Item]:
    """The donation's garments sorted last, newest first, each with its category: the sorting station lists them."""
    return list(db.session.scalars(select(Item).options(joinedload(Item.category))
                                   .where(Item.donation_id == donation_id).order_by(Item.id.desc()).limit(limit)))


def remaining_grams(donation: Donation) -> int:
    """The weight of a donation not yet sorted into garments (never below zero)."""
    return max(0, donation.weight_grams - sorted_grams(donation.id))


@use_case
def advance_donation(
    donation_id: int, stage: str, *, by: Person, recycled_grams: int = 0, discarded_grams: int | None = None
) -> Donation:
    """Move a donation one stage forward; closing records what is left as recycling and waste.

    When the waste is not weighed, it is what is left after the garments and the recycling,
    so the donation's kilos balance.
    """
    if stage not in DONATION_STAGES:
        raise ValidationFailed(_l("Unknown stage."), field="stage")
    donation = get_donation(donation_id)
    if NEXT_STAGE.get(donation.stage) != stage:
        raise WrongStage(_l("This donation is %(current)s; it cannot be marked %(stage)s now.",
                            current=stage_name(donation.stage), stage=stage_name(stage)),
                         current=donation.stage, requested=stage)
    data: dict[str, int] = {}
    if stage == "closed":
        check_weight(recycled_grams, "recycled_grams", allow_zero=True)
        if discarded_grams is None:
            discarded_grams = max(0, remaining_grams(donation) - recycled_grams)
        check_weight(discarded_grams, "discarded_grams", allow_zero=True)
        donation.recycled_grams = recycled_grams
        donation.discarded_grams = discarded_grams
        donation.closed_at = utcnow()
        data = {"recycled_grams": recycled_grams, "discarded_grams": discarded_grams}
    # The conditional UPDATE settles a race between two stations moving the same donation.
    moved = db.session.execute(
        update(Donation).where(Donation.id == donation.id, Donation.stage == donation.stage).values(stage=stage)
    ).rowcount
    if moved != 1:
        raise WrongStage(current=donation.stage, requested=stage)
    db.session.refresh(donation)
    record_event(f"donation.{stage}", "donation", donation.id, by, shop_id=donation.shop_id, station="sorting",
                 **data)
    return donation


@use_case
def advance_donations(donation_ids: list[int], stage: str, *, by: Person) -> list[Donation]:
    """Move several donations (one wash load) one stage forward together, or none of them."""
    if stage not in ("unpacked", "washed"):
        raise ValidationFailed(_l("Only unpacking and washing are done for several donations at once."),
                               field="stage")
    unique_ids = list(dict.fromkeys(donation_ids))
    if not unique_ids:
        raise ValidationFailed(_l("Choose at least one donation."), field="donation_ids")
    return [advance_donation(donation_id, stage, by=by) for donation_id in unique_ids]


@use_case
def sort_item(
    *,
    donation_id: int,
    category: str,
    condition: int,
    by: Person,
    route: str = "shop",
    size: str = "",
    colour: str = "",
    brand: str = "",
    material: str = "",
    weight_grams: int | None = None,
) -> Item:
    """Create an item from a donation at the sorting station, with its own code."""
    donation = get_donation(donation_id)
    if donation.stage not in ("washed", "sorted"):
        raise WrongStage(_l("Sort garments from a washed donation. This one is %(current)s.",
                            current=stage_name(donation.stage)), current=donation.stage)
    cat = get_category(category)
    if not isinstance(condition, int) or not 1 <= condition <= 5:
        raise ValidationFailed(_l("Condition must be from 1 to 5."), field="condition")
    if route not in ROUTES:
        raise ValidationFailed(_l("Choose the shop or redesign."), field="route")
    check_weight(weight_grams, "weight_grams")
    serial = next_counter_value("item_code")
    item = Item(
        code=make_item_code(serial, current_app.config["ITEM_CODE_PREFIX"]),
        donation_id=donation.id, category_id=cat.id, route=route, condition=condition,
        size=size.strip()[:20], colour=colour.strip()[:30], brand=brand.strip()[:60],
        material=material.strip()[:60], weight_grams=weight_grams, shop_id=donation.shop_id,
        status="sorted",
        sorted_at=utcnow(), sorted_by_id=by.id,
    )
    db.session.add(item)
    if donation.stage == "washed":
        donation.stage = "sorted"
        record_event("donation.sorted", "donation", donation.id, by, shop_id=donation.shop_id, station="sorting")
    db.session.flush()
    record_event("item.sorted", "item", item.id, by, shop_id=donation.shop_id, station="sorting",
                 code=item.code, category=cat.key, condition=condition, route=route, donation_id=donation.id)
    return item


def donation_history(donation: Donation) -> list[Event]:
    """The donation's events, oldest first."""
    return history_of("donation", donation.id)


def find_scanned(raw: str) -> Item | Donation:
    """What a scan names: a donation card opens the donation, anything else is looked up as a garment."""
    code = normalise_code(raw) if len(raw.strip()) >= 8 else None
    if code is None or is_donation_code(code):
        return get_donation(donation_id_from_scan(raw))
    return get_item(code)
