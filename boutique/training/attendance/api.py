"""JSON API of attendance: checking in and out, and the monthly timesheet (JSON or PDF)."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from pydantic import BaseModel

from boutique.api import ApiBlueprint, Body, Id, api_person

from . import services
from .models import Attendance
from .timesheet import timesheet_for, timesheet_pdf

bp = ApiBlueprint("attendance_api", __name__)


class WhoIn(Body):
    person_id: Id | None = None


class CheckedInOut(BaseModel):
    id: int
    person_id: int
    in_at: str


class CheckedOutOut(BaseModel):
    id: int
    person_id: int
    in_at: str
    out_at: str
    minutes: int


class DayOut(BaseModel):
    date: str
    minutes: int


class AbsenceOut(BaseModel):
    date: str
    reason: str
    note: str


class TimesheetOut(BaseModel):
    person_id: int
    month: str
    agreed_minutes: int
    attended_minutes: int
    days: list[DayOut]
    absences: list[AbsenceOut]


def stay_json(stay: Attendance) -> dict[str, Any]:
    """A stay as the API shows it."""
    out: dict[str, Any] = {"id": stay.id, "person_id": stay.person_id, "in_at": stay.in_at.isoformat()}
    if stay.out_at is not None:
        out.update(out_at=stay.out_at.isoformat(), minutes=stay.minutes)
    return out


@bp.operation("POST", "/attendance/check-in", summary="Check a participant in (oneself by default)",
              body=WhoIn, response=CheckedInOut, status=201, errors=(403, 404, 409))
def check_in(body: WhoIn) -> Any:
    """Oneself, or anyone for a supervisor of their shop; already checked in → 409."""
    by = api_person()
    return stay_json(services.check_in(body.person_id or by.id, by=by, station="api"))


@bp.operation("POST", "/attendance/check-out", summary="Check a participant out (oneself by default)",
              body=WhoIn, response=CheckedOutOut, errors=(403, 404, 409))
def check_out(body: WhoIn) -> Any:
    """Oneself, or anyone for a supervisor of their shop; not checked in → 409."""
    by = api_person()
    return stay_json(services.check_out(body.person_id or by.id, by=by, station="api"))


@bp.operation("GET", "/participants/<int:person_id>/timesheet", summary="A participant's monthly timesheet (Accept: application/pdf for the PDF to sign)",
              response=TimesheetOut, content_type="application/json", errors=(403, 404, 422))
def timesheet(person_id: int) -> Any:
    """?month=YYYY-MM; `Accept: application/pdf` gives the PDF to sign. The person and supervisor+."""
    sheet = timesheet_for(person_id, request.args.get("month"), reader=api_person())
    if request.accept_mimetypes.best_match(["application/json", "application/pdf"]) == "application/pdf":
        return Response(timesheet_pdf(sheet), mimetype="application/pdf", headers={
            "Content-Disposition": f'inline; filename="timesheet-{person_id}-{sheet.month}.pdf"'})
    return sheet.as_json()

