"""JSON API of the garment: categories, a garment by its code, valuation, pricing, withdrawal, its label, price suggestions and work logs."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import ADMIN, SUPERVISOR, WAREHOUSE
from boutique.db import MAX_ID, db
from boutique.errors import Forbidden, NotFound, ValidationFailed
from boutique.models import Event, Person

from .. import limits
from ..labels import render_label_png
from ..labels.data import label_data_for
from . import categories as garment_categories
from . import prices, services, worklog
from .models import Item

bp = ApiBlueprint("garments_api", __name__)


class CategoryOut(BaseModel):
    key: str
    name: str
    name_en: str
    default_price: int
    typical_weight_grams: int
    co2e_grams_per_kg: int
    co2e_source: str
    pictogram: str
    size_scale: str
    active: bool


class CategoryIn(Body):
    name_sv: str = Field(min_length=1, max_length=80)
    name_en: str = Field(min_length=1, max_length=80)
    default_price: int = Field(ge=0, le=limits.MAX_PRICE_ORE)
    typical_weight_grams: int = Field(gt=0, le=limits.MAX_WEIGHT_GRAMS)
    pictogram: str = Field(default="hanger", max_length=40)
    co2e_grams_per_kg: int = Field(default=0, ge=0, le=1_000_000)
    co2e_source: str = Field(default="", max_length=2000)
    size_scale: Literal["letters", "children", "shoes", "waist", "none"] = "letters"
    active: bool = True


class HistoryOut(BaseModel):
    event: str
    at: str
    by: str | None
    data: dict[str, Any]


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
    estimate: int = Field(ge=0, le=limits.MAX_PRICE_ORE)


class PriceIn(Body):
    price: int = Field(ge=0, le=limits.MAX_PRICE_ORE)
    shop_id: Id | None = None


class WithdrawIn(Body):
    reason: Literal["recycling", "waste", "transfer", "given_away"]
    shop_id: Id | None = None
    weight_grams: int | None = Field(default=None, gt=0, le=limits.MAX_WEIGHT_GRAMS)
    note: str = Field(default="", max_length=500)


class SuggestionOut(BaseModel):
    suggested: int
    low: int
    high: int
    based_on: int
    basis: str
    median_days_to_sell: float | None


class WorkDayOut(BaseModel):
    date: str
    sorted: int
    valued: int
    priced: int
    withdrawn: int
    donations: int


class WorkLogOut(BaseModel):
    person_id: int
    from_: str = Field(alias="from")
    to: str
    totals: dict[str, int]
    days: list[WorkDayOut]


def history_json(events: list[Event]) -> list[dict[str, Any]]:
    """Events as the API shows them."""
    return [{"event": e.kind, "at": e.at.isoformat(), "by": e.person.username if e.person else None,
             "data": e.data} for e in events]


def card_json(card: services.ItemCard) -> dict[str, Any]:
    """An item card (every attribute and the history) as the API shows it."""
    return {"code": card.code, "status": card.status, "route": card.route, "category": card.category,
            "size": card.size, "colour": card.colour, "brand": card.brand, "material": card.material,
            "condition": card.condition, "weight_grams": card.weight_grams, "estimate": card.estimate,
            "price": card.price, "tag_colour": card.tag_colour, "shop_id": card.shop_id,
            "donation_id": card.donation_id, "sorted_at": card.sorted_at.isoformat(),
            "priced_at": card.priced_at.isoformat() if card.priced_at else None,
            "sold_at": card.sold_at.isoformat() if card.sold_at else None,
            "history": [{"event": step.kind, "at": step.at.isoformat(), "by": step.by, "data": step.data}
                        for step in card.history]}


def item_json(item: Item) -> dict[str, Any]:
    """An item with every attribute and its history."""
    return card_json(services.card_of(item))


@bp.operation("GET", "/categories", summary="Garment categories", response=CategoryOut, many=True)
def categories() -> Any:
    """Active categories with their flat prices."""
    return [category_json(c) for c in garment_categories.list_categories()]


def category_json(category: Any) -> dict[str, Any]:
    """A category as the API shows it: `name` is the Swedish name, as on labels and receipts."""
    return {"key": category.key, "name": category.name_sv, "name_en": category.name_en,
            "default_price": category.default_price, "typical_weight_grams": category.typical_weight_grams,
            "co2e_grams_per_kg": category.co2e_grams_per_kg, "co2e_source": category.co2e_source,
            "pictogram": category.pictogram, "size_scale": category.size_scale, "active": category.active}


@bp.operation("PUT", "/categories/<key>", summary="Create or change a category", roles=ADMIN, body=CategoryIn,
              response=CategoryOut)
def put_category(key: str, body: CategoryIn) -> Any:
    """Names, pictogram, flat price, typical weight, size buttons and climate factor with its source."""
    return category_json(garment_categories.save_category(key, by=api_person(), **body.model_dump()))


@bp.operation("GET", "/items/<code>", summary="A garment by code", response=ItemOut, errors=(404, 422),
              caller_in_statement=True)
def get_item(code: str) -> Any:
    """Look an item up by a scanned code: one statement for the caller, the item, its category and its history."""
    return card_json(services.item_card(code, caller_id=g.api_caller_id))


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
    return item_json(services.withdraw_item(code, reason=body.reason, shop_id=body.shop_id,
                                            weight_grams=body.weight_grams, note=body.note, by=api_person()))


@bp.operation("GET", "/items/<code>/label.png", summary="One label as PNG", roles=WAREHOUSE,
              content_type="image/png", errors=(404, 422))
def item_label(code: str) -> Any:
    """The label at 300 dpi."""
    item = services.get_item(code)
    return Response(render_label_png(label_data_for(item), dpi=300), mimetype="image/png")


@bp.operation("GET", "/price-suggestion", summary="A price from comparable sold garments", response=SuggestionOut,
              errors=(422,))
def price_suggestion() -> Any:
    """?category=&brand=&condition= ; `based_on` says how many sales it rests on (0: the flat price)."""
    condition = request.args.get("condition")
    if condition is not None and (not condition.isdigit() or not 1 <= int(condition) <= 5):
        raise ValidationFailed(_l("Condition must be from 1 to 5."), field="condition")
    suggestion = prices.suggest_price(request.args.get("category", ""), request.args.get("brand", ""),
                                       int(condition) if condition else None)
    return suggestion.as_json()


@bp.operation("GET", "/work-log/<int:person_id>", summary="A person's work between two dates",
              response=WorkLogOut, errors=(403, 404, 422))
def work_log(person_id: int) -> Any:
    """?from=YYYY-MM-DD&to=YYYY-MM-DD ; only the person and supervisors."""
    me = api_person()
    if person_id != me.id and me.role not in SUPERVISOR:
        raise Forbidden()
    if person_id > MAX_ID or db.session.get(Person, person_id) is None:
        raise NotFound(person_id=person_id)
    try:
        start = date.fromisoformat(request.args["from"])
        end = date.fromisoformat(request.args.get("to", request.args["from"]))
    except (KeyError, ValueError) as exc:
        raise ValidationFailed(_l("Give the dates as YYYY-MM-DD."), field="from") from exc
    return worklog.work_log(person_id, start, end).as_json()
