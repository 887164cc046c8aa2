"""JSON API of action plans and follow-ups (API.md, "Work training (participants)")."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, api_person
from boutique.auth import ANY, SUPERVISOR
from boutique.errors import ValidationFailed

from ..agreements.api import parse_date
from . import services
from .models import MAX_GOAL_TEXT, MAX_NOTES, FollowUp, Plan

bp = ApiBlueprint("plans_api", __name__)


class PlanIn(Body):
    long_term_goal: str = Field(max_length=MAX_GOAL_TEXT)
    sub_goals: list[str] = Field(max_length=30)
    follow_up_on: str = Field(max_length=10)


class ChangedSubGoalIn(Body):
    index: int = Field(ge=0, le=1000)
    text: str = Field(max_length=MAX_GOAL_TEXT)


class FollowUpIn(Body):
    notes: str = Field(default="", max_length=MAX_NOTES)
    attendees: str = Field(default="", max_length=services.MAX_ATTENDEES)
    held_on: str | None = Field(default=None, max_length=10)
    sub_goals_met: list[int] = Field(default_factory=list, max_length=100)
    changed_sub_goals: list[ChangedSubGoalIn] = Field(default_factory=list, max_length=100)
    new_sub_goals: list[str] = Field(default_factory=list, max_length=30)
    next_follow_up_on: str | None = Field(default=None, max_length=10)


class SubGoalOut(BaseModel):
    index: int
    text: str
    met_on: str | None


class FollowUpOut(BaseModel):
    id: int
    plan_id: int
    held_on: str
    attendees: str
    notes: str
    sub_goals_met: list[int]
    next_follow_up_on: str | None


class PlanOut(BaseModel):
    id: int
    person_id: int
    long_term_goal: str
    sub_goals: list[SubGoalOut]
    follow_up_on: str
    created_at: str
    follow_ups: list[FollowUpOut]


class DueOut(BaseModel):
    person_id: int
    plan_id: int
    follow_up_on: str
    display_name: str
    overdue: bool


def follow_up_json(follow_up: FollowUp) -> dict[str, Any]:
    """A follow-up meeting; `sub_goals_met` are the sub-goals found met at it."""
    met = [goal.position for goal in follow_up.plan.sub_goals
           if goal.met_on == follow_up.held_on and goal.added_by_follow_up_id != follow_up.id]
    return {"id": follow_up.id, "plan_id": follow_up.plan_id, "held_on": follow_up.held_on.isoformat(),
            "attendees": follow_up.attendees, "notes": follow_up.notes, "sub_goals_met": met,
            "next_follow_up_on": follow_up.next_follow_up_on.isoformat() if follow_up.next_follow_up_on else None}


def plan_json(plan: Plan) -> dict[str, Any]:
    """A plan with its standing sub-goals (by index) and its follow-ups, oldest first."""
    return {"id": plan.id, "person_id": plan.person_id, "long_term_goal": plan.long_term_goal,
            "sub_goals": [{"index": g.position, "text": g.text, "met_on": g.met_on.isoformat() if g.met_on else None}
                          for g in services.current_sub_goals(plan)],
            "follow_up_on": plan.follow_up_on.isoformat(), "created_at": plan.created_at.isoformat(),
            "follow_ups": [follow_up_json(f) for f in plan.follow_ups]}


@bp.operation("POST", "/participants/<int:person_id>/plans", summary="A new action plan for a participant",
              roles=SUPERVISOR, body=PlanIn, response=PlanOut, status=201, errors=(403, 404, 409))
def create_plan(person_id: int, body: PlanIn) -> Any:
    """A long-term goal, at least three sub-goals and a follow-up date in the future (422 otherwise)."""
    plan = services.create_plan(person_id, long_term_goal=body.long_term_goal, sub_goals=body.sub_goals,
                                follow_up_on=parse_date(body.follow_up_on, "follow_up_on"), by=api_person())
    return plan_json(plan)


@bp.operation("GET", "/participants/<int:person_id>/plans", summary="A participant's plans, the current one first",
              roles=ANY, response=PlanOut, many=True, errors=(403, 404))
def list_plans(person_id: int) -> Any:
    """The person themself, or a supervisor or admin of their shop."""
    return [plan_json(plan) for plan in services.plans_of(person_id, api_person())]


@bp.operation("POST", "/plans/<int:plan_id>/follow-ups", summary="Record a plan's follow-up meeting",
              roles=SUPERVISOR, body=FollowUpIn, response=FollowUpOut, status=201, errors=(403, 404, 409))
def create_follow_up(plan_id: int, body: FollowUpIn) -> Any:
    """Notes, who met, sub-goals met, changed and new sub-goals; the plan's follow-up date moves on."""
    meeting = services.FollowUpNotes(
        notes=body.notes, attendees=body.attendees, sub_goals_met=tuple(body.sub_goals_met),
        changed_sub_goals=tuple((c.index, c.text) for c in body.changed_sub_goals),
        new_sub_goals=tuple(body.new_sub_goals), next_follow_up_on=parse_date(body.next_follow_up_on,
                                                                              "next_follow_up_on"),
        held_on=parse_date(body.held_on, "held_on"))
    return follow_up_json(services.record_follow_up(plan_id, meeting, by=api_person()))


@bp.operation("GET", "/follow-ups/due", summary="Follow-ups due soon in the reader's shop, overdue first",
              roles=SUPERVISOR, response=DueOut, many=True, errors=(422,))
def due() -> Any:
    """?within_days= (default 14): current plans due by then, overdue included, the earliest first."""
    raw = request.args.get("within_days", str(services.DUE_WITHIN_DAYS))
    if not raw.isdigit():
        raise ValidationFailed(_l("Give the number of days as 0 to 366."), field="within_days")
    rows = services.follow_ups_due(api_person(), int(raw))
    return [{"person_id": row.person.id, "plan_id": row.plan.id, "follow_up_on": row.plan.follow_up_on.isoformat(),
             "display_name": row.person.display_name, "overdue": row.overdue} for row in rows]
