"""JSON API of a participant's work and the follow-up meeting's PDF."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from pydantic import BaseModel

from boutique.api import ApiBlueprint, api_person
from boutique.auth import ANY

from . import services
from .meeting import meeting_pdf, plan_for_meeting

bp = ApiBlueprint("mywork_api", __name__)


class WorkOut(BaseModel):
    person_id: int
    garments: dict[str, int]
    sales: dict[str, int]
    workshop_minutes: int
    attendance: dict[str, int | None]
    estimates: dict[str, int | None]
    prices: dict[str, int | None]


@bp.operation("GET", "/participants/<int:person_id>/work", summary="A participant's work in a period",
              roles=ANY, response=WorkOut, errors=(403, 404, 422))
def participant_work(person_id: int) -> Any:
    """Garments sorted and priced, sales, workshop minutes, attendance, valuations; `?from=&to=`."""
    reader = api_person()
    return services.participant_work(
        person_id, reader=reader, start=services.parse_day(request.args.get("from"), "from"),
        end=services.parse_day(request.args.get("to"), "to"), locale=reader.language).as_json()


@bp.operation("GET", "/plans/<int:plan_id>/meeting.pdf", summary="The follow-up meeting's one-page PDF",
              roles=ANY, content_type="application/pdf", errors=(403, 404))
def plan_meeting_pdf(plan_id: int) -> Any:
    """The plan, hours against agreed since the last follow-up, skills signed off and the work."""
    reader = api_person()
    plan = plan_for_meeting(plan_id, reader=reader)
    return Response(meeting_pdf(plan, reader.language, reader=reader), mimetype="application/pdf")
