"""JSON API of the sorting room: categories, donations, items, valuation, pricing, withdrawal, labels."""

from __future__ import annotations

from typing import Any, Literal

from flask import Response
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, api_person
from boutique.auth import ANY, WAREHOUSE
from boutique.models import Event

from . import services
from .label_data import label_data_for
from .labels import render_label_png
from .models import Donation, Item

bp = ApiBlueprint("inventory_api", __name__)


class CategoryOut(BaseModel):
    key: str
    name: str
    default_price: int


class HistoryOut(BaseModel):
    event: str
    at: str
    by: str | None
    data: dict[str, Any]


class DonationIn(Body):
    shop_id: int
    channel: Literal["drop_off", "collection", "pickup", "corporate"]
    weight_grams: int = Field(gt=0, le=services.MAX_WEIGHT_GRAMS)
    bags: int = Field(default=1, ge=1, le=1000)
    note: str = Field(default="", max_length=2000)


class DonationStageIn(Body):
    stage: Literal["unpacked", "washed", "sorted", "closed"]
    recycled_grams: int = Field(default=0, ge=0, le=services.MAX_WEIGHT_GRAMS)
    discarded_grams: int = Field(default=0, ge=0, le=services.MAX_WEIGHT_GRAMS)


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
    items: list[str]
    history: list[HistoryOut]


class ItemIn(Body):
    donation_id: int
    category: str = Field(max_length=40)
    size: str = Field(default="", max_length=20)
    colour: str = Field(default="", max_length=30)
    brand: str = Field(default="", max_length=60)
    material: str = Field(default="", max_length=60)
    condition: int = Field(ge=1, le=5)
    weight_grams: int | None = Field(default=None, gt=0, le=services.MAX_WEIGHT_GRAMS)
    route: Literal["shop", "redesign"] = "shop"


class ItemOut(BaseModel):
    code: str
    status: str
    route: str
    category: str
    size: str
    colour: str
    brand: str
    material: str
    condition: int
    weight_grams: int | None
    estimate: int | None
    price: int | None
    tag_colour: str
    shop_id: int | None
    donation_id: int | None
    sorted_at: str
    priced_at: str | None
    sold_at: str | None
    history: list[HistoryOut]


class ValuationIn(Body):
    estimate: int = Field(ge=0, le=services.MAX_PRICE_ORE)


class PriceIn(Body):
    price: int = Field(ge=0, le=services.MAX_PRICE_ORE)
    shop_id: int | None = None


class WithdrawIn(Body):
    reason: Literal["recycling", "waste", "transfer", "given_away"]
    shop_id: int | None = None


def history_json(events: list[Event]) -> list[dict[str, Any]]:
    """Events as the API shows them."""
    return [{"event": e.kind, "at": e.at.isoformat(), "by": e.person.username if e.person else None,
             "data": e.data} for e in events]


def donation_json(donation: Donation) -> dict[str, Any]:
    """A donation with its items' codes and its history."""
    return {"id": donation.id, "stage": donation.stage, "shop_id": donation.shop_id, "channel": donation.channel,
            "weight_grams": donation.weight_grams, "bags": donation.bags,
            "recycled_grams": donation.recycled_grams, "discarded_grams": donation.discarded_grams,
            "received_at": donation.received_at.isoformat(), "items": [i.code for i in donation.items],
            "history": history_json(services.donation_history(donation))}


def item_json(item: Item) -> dict[str, Any]:
    """An item with every attribute and its history."""
    def iso(moment: Any) -> str | None:
        return moment.isoformat() if moment else None

    return {"code": item.code, "status": item.status, "route": item.route, "category": item.category.key,
            "size": item.size, "colour": item.colour, "brand": item.brand, "material": item.material,
            "condition": item.condition, "weight_grams": item.weight_grams, "estimate": item.estimate,
            "price": item.price, "tag_colour": item.tag_colour, "shop_id": item.shop_id,
            "donation_id": item.donation_id, "sorted_at": item.sorted_at.isoformat(),
            "priced_at": iso(item.priced_at), "sold_at": iso(item.sold_at),
            "history": history_json(services.item_history(item))}


@bp.operation("GET", "/categories", summary="Garment categories", response=CategoryOut, many=True)
def categories() -> Any:
    """Active categories with their flat prices."""
    return [{"key": c.key, "name": c.name_sv, "name_en": c.name_en, "default_price": c.default_price}
            for c in services.list_categories()]


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


@bp.operation("POST", "/items", summary="Sort a garment out of a donation", roles=WAREHOUSE, body=ItemIn,
              response=ItemOut, status=201, errors=(404, 409))
def create_item(body: ItemIn) -> Any:
    """Create an item with its code."""
    item = services.sort_item(donation_id=body.donation_id, category=body.category, condition=body.condition,
                              route=body.route, size=body.size, colour=body.colour, brand=body.brand,
                              material=body.material, weight_grams=body.weight_grams, by=api_person())
    return item_json(item)


@bp.operation("GET", "/items/<code>", summary="A garment by code", response=ItemOut, errors=(404, 422))
def get_item(code: str) -> Any:
    """Look an item up by a scanned code."""
    return item_json(services.get_item(code))


@bp.operation("POST", "/items/<code>/valuation", summary="Record an estimate", roles=WAREHOUSE, body=ValuationIn,
              response=ItemOut, errors=(404, 409))
def value_item(code: str, body: ValuationIn) -> Any:
    """Valuation."""
    return item_json(services.value_item(code, estimate=body.estimate, by=api_person()))


@bp.operation("POST", "/items/<code>/price", summary="Price a garment", roles=WAREHOUSE, body=PriceIn,
              response=ItemOut, errors=(404, 409))
def price_item(code: str, body: PriceIn) -> Any:
    """Pricing."""
    return item_json(services.price_item(code, price=body.price, shop_id=body.shop_id, by=api_person()))


@bp.operation("POST", "/items/<code>/withdraw", summary="Withdraw a garment from stock", roles=WAREHOUSE,
              body=WithdrawIn, response=ItemOut, errors=(404, 409))
def withdraw_item(code: str, body: WithdrawIn) -> Any:
    """Recycling, waste, transfer, given away."""
    return item_json(services.withdraw_item(code, reason=body.reason, shop_id=body.shop_id, by=api_person()))


@bp.operation("GET", "/items/<code>/label.png", summary="One label as PNG", roles=WAREHOUSE,
              content_type="image/png", errors=(404, 422))
def item_label(code: str) -> Any:
    """The label at 300 dpi."""
    item = services.get_item(code)
    return Response(render_label_png(label_data_for(item), dpi=300), mimetype="image/png")
