"""JSON API of the counter's prices: campaigns."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import SUPERVISOR
from boutique.errors import ValidationFailed
from boutique.services import shop_of

from ..models import Campaign
from . import services as campaign_services

bp = ApiBlueprint("campaigns_api", __name__)


class CampaignIn(Body):
    name: str = Field(min_length=1, max_length=80)
    starts_on: str = Field(description="YYYY-MM-DD")
    ends_on: str = Field(description="YYYY-MM-DD")
    percent: int = Field(ge=1, le=90)
    categories: list[str] = Field(default_factory=list, max_length=50)
    tag_colours: list[str] = Field(default_factory=list, max_length=10)
    shop_id: Id | None = None


class CampaignOut(BaseModel):
    id: int
    shop_id: int
    name: str
    starts_on: str
    ends_on: str
    percent: int
    categories: list[str]
    tag_colours: list[str]
    active: bool


def campaign_json(campaign: Campaign) -> dict[str, Any]:
    """A campaign."""
    return {"id": campaign.id, "shop_id": campaign.shop_id, "name": campaign.name,
            "starts_on": campaign.starts_on.isoformat(), "ends_on": campaign.ends_on.isoformat(),
            "percent": campaign.percent, "categories": campaign.categories, "tag_colours": campaign.tag_colours,
            "active": campaign.active}


@bp.operation("POST", "/campaigns", summary="Start a campaign", roles=SUPERVISOR, body=CampaignIn,
              response=CampaignOut, status=201)
def create_campaign(body: CampaignIn) -> Any:
    """A percentage off for a date range, on some categories or tag colours."""
    person = api_person()
    shop = shop_of(person)
    shop_id = body.shop_id or (shop.id if shop else 0)
    try:
        starts_on, ends_on = date.fromisoformat(body.starts_on), date.fromisoformat(body.ends_on)
    except ValueError:
        raise ValidationFailed(_l("Write dates as YYYY-MM-DD."), field="starts_on") from None
    return campaign_json(campaign_services.create_campaign(
        shop_id, name=body.name, starts_on=starts_on, ends_on=ends_on, percent=body.percent,
        categories=body.categories, tag_colours=body.tag_colours, by=person))
