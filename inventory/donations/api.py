"""JSON API of the donation: intake, stages, sorting a garment out of it, and the kilo balance."""

from __future__ import annotations

from typing import Any, Literal

from flask import request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import WAREHOUSE
from boutique.db import MAX_ID
from boutique.errors import ValidationFailed

from .. import limits
from ..garments.api import HistoryOut, ItemOut, history_json, item_json
from . import kilos, services
from .cards import donation_code
from .models import Donation

bp = ApiBlueprint("donations_api", __name__)


class DonationIn(Body):
    shop_id: Id
    channel: Literal["drop_off", "collection", "pickup", "corporate"]
    weight_grams: int = Field(gt=0, le=limits.MAX_WEIGHT_GRAMS)
    bags: int = Field(default=1, ge=1, le=1000)
    note: str = Field(default="", max_length=2000)


class DonationStageIn(Body):
    stage: Literal["unpacked", "washed", "sorted", "closed"]
    recycled_grams: int = Field(default=0, ge=0, le=limits.MAX_WEIGHT_GRAMS)
    discarded_grams: int | None = Field(default=None, ge=0, le=limits.MAX_WEIGHT_GRAMS)


class BatchStageIn(Body):
    donation_ids: list[Id] = Field(min_length=1, max_length=200)
    stage: Literal["unpacked", "washed"]


class StageOut(BaseModel):
    id: int
    stage: str


class KiloBalanceOut(BaseModel):
    donations: int
    in_grams: int
    sold_grams: int
    given_away_grams: int
    recycled_grams: int
    discarded_grams: int
    in_stock_grams: int
    difference_grams: int


class DonationOut(BaseModel):
    id: int
    stage: str
    shop_id: int
    channel: str
    weight_grams: int
    bags: int
    recycled_grams: int
    discarded_grams: int
    received_at: str
    card_code: str
    items: list[str]
    balance: KiloBalanceOut
    history: list[HistoryOut]


class ItemIn(Body):
    donation_id: Id
    category: str = Field(max_length=40)
    size: str = Field(default="", max_length=20)
    colour: str = Field(default="", max_length=30)
    brand: str = Field(default="", max_length=60)
    material: str = Field(default="", max_length=60)
    condition: int = Field(ge=1, le=5)
    weight_grams: int | None = Field(default=None, gt=0, le=limits.MAX_WEIGHT_GRAMS)
    route: Literal["shop", "redesign"] = "shop"


def donation_json(donation: Donation) -> dict[str, Any]:
    """A donation with its items' codes and its history."""
    return {"id": donation.id, "stage": donation.stage, "shop_id": donation.shop_id, "channel": donation.channel,
            "weight_grams": donation.weight_grams, "bags": donation.bags,
            "recycled_grams": donation.recycled_grams, "discarded_grams": donation.discarded_grams,
            "received_at": donation.received_at.isoformat(), "card_code": donation_code(donation.id),
            "items": [i.code for i in donation.items],
            "balance": kilos.donation_balance(donation.id).as_json(),
            "history": history_json(services.donation_history(donation))}


@bp.operation("POST", "/donations", summary="Register a donation", roles=WAREHOUSE, body=DonationIn,
              response=DonationOut, status=201)
def create_donation(body: DonationIn) -> Any:
    """Intake."""
    donation = services.receive_donation(shop_id=body.shop_id, channel=body.channel, weight_grams=body.weight_grams,
                                         bags=body.bags, note=body.note, by=api_person())
    return donation_json(donation)


@bp.operation("GET", "/donations/<int:donation_id>", summary="A donation", roles=WAREHOUSE,
              response=DonationOut, errors=(404,))
def get_donation(donation_id: int) -> Any:
    """A donation's stage, items and history."""
    return donation_json(services.get_donation(donation_id))


@bp.operation("POST", "/donations/<int:donation_id>/stage", summary="Move a donation one stage forward",
              roles=WAREHOUSE, body=DonationStageIn, response=DonationOut, errors=(404, 409))
def donation_stage(donation_id: int, body: DonationStageIn) -> Any:
    """Unpacked, washed, sorted, closed."""
    donation = services.advance_donation(donation_id, body.stage, by=api_person(),
                                         recycled_grams=body.recycled_grams, discarded_grams=body.discarded_grams)
    return donation_json(donation)


@bp.operation("POST", "/donations/stage", summary="Move several donations (one wash load) one stage forward",
              roles=WAREHOUSE, body=BatchStageIn, response=StageOut, many=True, errors=(404, 409))
def donations_stage(body: BatchStageIn) -> Any:
    """Unpacked or washed, all of them or none."""
    return [{"id": d.id, "stage": d.stage}
            for d in services.advance_donations(body.donation_ids, body.stage, by=api_person())]


@bp.operation("GET", "/kilo-balance", summary="Where a shop's donated kilos went", roles=WAREHOUSE,
              response=KiloBalanceOut, errors=(422,))
def kilo_balance() -> Any:
    """?shop_id= ; in = sold + given away + recycled + discarded + in stock + difference."""
    shop_id = request.args.get("shop_id", type=int)
    if shop_id is None or not 1 <= shop_id <= MAX_ID:
        raise ValidationFailed(_l("Say which shop (shop_id)."), field="shop_id")
    return kilos.shop_balance(shop_id).as_json()


@bp.operation("POST", "/items", summary="Sort a garment out of a donation", roles=WAREHOUSE, body=ItemIn,
              response=ItemOut, status=201, errors=(404, 409))
def create_item(body: ItemIn) -> Any:
    """Create an item with its code."""
    item = services.sort_item(donation_id=body.donation_id, category=body.category, condition=body.condition,
                              route=body.route, size=body.size, colour=body.colour, brand=body.brand,
                              material=body.material, weight_grams=body.weight_grams, by=api_person())
    return item_json(item)
