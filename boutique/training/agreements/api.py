"""JSON API of participants' agreements (API.md, "Work training (participants)")."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, Id, api_person
from boutique.auth import ANY, SUPERVISOR
from boutique.errors import ValidationFailed

from . import services
from .models import MAX_MINUTES_PER_WEEK, Agreement

bp = ApiBlueprint("agreements_api", __name__)

DateText = str  # "YYYY-MM-DD"; parsed by `parse_date`, which names the field in a 422


def parse_date(value: str | None, field: str) -> date | None:
    """A YYYY-MM-DD date from a body, or ValidationFailed naming the field."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_l("Write dates as YYYY-MM-DD."), field=field) from None


class ConsentIn(Body):
    self_rating: bool
    on: DateText | None = Field(default=None, max_length=10)


class AgreementIn(Body):
    hours_per_week: float = Field(ge=0, le=MAX_MINUTES_PER_WEEK / 60)
    starts_on: DateText = Field(max_length=10)
    ends_on: DateText | None = Field(default=None, max_length=10)
    referral: Literal["social_services", "employment_service", "insurance_agency", "self", "other"]
    referral_contact_name: str = Field(default="", max_length=120)
    referral_contact_phone: str = Field(default="", max_length=40)
    supervisor_id: Id | None = None
    consent: ConsentIn | None = None
    exited_on: DateText | None = Field(default=None, max_length=10)
    outcome: Literal["work", "studies", "other_programme", "none", "unknown"] | None = None


class ConsentOut(BaseModel):
    self_rating: bool
    on: str | None


class AgreementOut(BaseModel):
    person_id: int
    shop_id: int
    hours_per_week: float
    minutes_per_week: int
    starts_on: str
    ends_on: str | None
    referral: str
    referral_contact_name: str
    referral_contact_phone: str
    supervisor_id: int | None
    consent: ConsentOut
    exited_on: str | None
    outcome: str | None
    card_code: str | None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def agreement_json(agreement: Agreement) -> dict[str, Any]:
    """An agreement as the API shows it: hours per week, with the minutes they are stored as."""
    return {"person_id": agreement.person_id, "shop_id": agreement.shop_id,
            "hours_per_week": round(agreement.minutes_per_week / 60, 2),
            "minutes_per_week": agreement.minutes_per_week, "starts_on": agreement.starts_on.isoformat(),
            "ends_on": _iso(agreement.ends_on), "referral": agreement.referral,
            "referral_contact_name": agreement.referral_contact_name,
            "referral_contact_phone": agreement.referral_contact_phone, "supervisor_id": agreement.supervisor_id,
            "consent": {"self_rating": agreement.self_rating_consent, "on": _iso(agreement.consent_on)},
            "exited_on": _iso(agreement.exited_on), "outcome": agreement.outcome, "card_code": agreement.card_code}


@bp.operation("PUT", "/participants/<int:person_id>/agreement", summary="Create or change a participant's agreement",
              roles=SUPERVISOR, body=AgreementIn, response=AgreementOut, errors=(403, 404, 409))
def put_agreement(person_id: int, body: AgreementIn) -> Any:
    """Hours, dates and referral; consent and the exit are kept when left out. Withdrawn consent erases ratings."""
    given = body.model_fields_set
    terms = services.AgreementTerms(
        minutes_per_week=round(body.hours_per_week * 60), starts_on=parse_date(body.starts_on, "starts_on"),
        ends_on=parse_date(body.ends_on, "ends_on"), referral=body.referral,
        referral_contact_name=body.referral_contact_name, referral_contact_phone=body.referral_contact_phone,
        supervisor_id=body.supervisor_id)
    exit = None
    if "exited_on" in given or "outcome" in given:
        exit = (parse_date(body.exited_on, "exited_on"), body.outcome)
    consent_on = parse_date(body.consent.on, "consent.on") if body.consent else None
    agreement = services.save_agreement(person_id, terms, by=api_person(),
                                        consent=body.consent.self_rating if body.consent else None,
                                        consent_on=consent_on, exit=exit)
    return agreement_json(agreement)


@bp.operation("GET", "/participants/<int:person_id>/agreement", summary="A participant's agreement", roles=ANY,
              response=AgreementOut, errors=(403, 404))
def get_agreement(person_id: int) -> Any:
    """The person themself, or a supervisor or admin of their shop."""
    return agreement_json(services.get_agreement(person_id, api_person()))
