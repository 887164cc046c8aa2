"""Action plans and their follow-ups: a long-term goal, at least three sub-goals, a meeting every 1-3 months.

A sub-goal is named by its index (`SubGoal.position`), which never changes: a sub-goal changed at a
follow-up is kept, marked replaced, and its new wording gets the next free index; a new one too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from boutique.clock import shop_date, utcnow
from boutique.db import MAX_ID, db, use_case
from boutique.errors import NotFound, ValidationFailed
from boutique.models import Person, record_event
from boutique.services import shop_of

from .. import access
from ..agreements.models import Agreement
from ..agreements.services import participants_of, readable_person, supervised_participant
from .models import MAX_GOAL_TEXT, MAX_NOTES, MIN_SUB_GOALS, FollowUp, Plan, SubGoal

DUE_WITHIN_DAYS = 14
MAX_DUE_WITHIN_DAYS = 366
# The good practice: a follow-up every one to three months. Outside it the page warns; it does not refuse.
ADVISED_MIN_DAYS, ADVISED_MAX_DAYS = 28, 92
DEFAULT_NEXT_DAYS = 61  # a follow-up saved without a next date is due about two months on
MAX_ATTENDEES = 300


def today() -> date:
    """The shop's date now."""
    return shop_date(utcnow())


def outside_advised_range(on: date, since: date | None = None) -> bool:
    """True when a follow-up date is not one to three months after `since` (default today)."""
    days = (on - (since or today())).days
    return not ADVISED_MIN_DAYS <= days <= ADVISED_MAX_DAYS


def get_plan(plan_id: int) -> Plan:
    """A plan by id, or NotFound."""
    plan = db.session.get(Plan, plan_id) if 0 < plan_id <= MAX_ID else None
    if plan is None:
        raise NotFound(plan_id=plan_id)
    return plan


def plans_of(person_id: int, reader: Person) -> list[Plan]:
    """A person's plans, newest (the current one) first, for a reader who may see them."""
    readable_person(person_id, reader)
    return list(db.session.scalars(
        select(Plan).where(Plan.person_id == person_id).order_by(Plan.id.desc())
        .options(selectinload(Plan.sub_goals), selectinload(Plan.follow_ups))))


def current_plan(person_id: int) -> Plan | None:
    """The person's newest plan, if any (no access check: callers have made it)."""
    return db.session.scalar(select(Plan).where(Plan.person_id == person_id).order_by(Plan.id.desc()).limit(1))


def current_sub_goals(plan: Plan) -> list[SubGoal]:
    """The plan's sub-goals as they stand: not replaced at a follow-up, by index."""
    return [goal for goal in plan.sub_goals if goal.replaced_by_follow_up_id is None]


def _clean_goals(texts: list[str], field: str) -> list[str]:
    goals = [text.strip() for text in texts if text.strip()]
    if any(len(goal) > MAX_GOAL_TEXT for goal in goals):
        raise ValidationFailed(_l("A goal can be at most 500 characters."), field=field)
    return goals


def _check_future(on: date, field: str) -> None:
    if on <= today():
        raise ValidationFailed(_l("The follow-up date must be in the future."), field=field)


@use_case
def create_plan(person_id: int, *, long_term_goal: str, sub_goals: list[str], follow_up_on: date,
                by: Person) -> Plan:
    """A new action plan for a participant; it becomes their current plan."""
    person = supervised_participant(person_id, by)
    goal = long_term_goal.strip()
    if not goal:
        raise ValidationFailed(_l("Write the long-term goal."), field="long_term_goal")
    if len(goal) > MAX_GOAL_TEXT:
        raise ValidationFailed(_l("A goal can be at most 500 characters."), field="long_term_goal")
    goals = _clean_goals(sub_goals, "sub_goals")
    if len(goals) < MIN_SUB_GOALS:
        raise ValidationFailed(_l("A plan needs at least three sub-goals."), field="sub_goals")
    _check_future(follow_up_on, "follow_up_on")
    shop = shop_of(person)
    if shop is None:
        raise ValidationFailed(_l("Create a shop first."), field="shop")
    plan = Plan(person_id=person.id, shop_id=shop.id, long_term_goal=goal, follow_up_on=follow_up_on,
                created_by_id=by.id)
    plan.sub_goals = [SubGoal(position=i, text=text) for i, text in enumerate(goals)]
    db.session.add(plan)
    db.session.flush()
    record_event("training.plan_created", "person", person.id, by, shop_id=shop.id, plan_id=plan.id,
                 sub_goals=len(goals), follow_up_on=follow_up_on.isoformat())
    return plan


@dataclass(frozen=True)
class FollowUpNotes:
    """What a follow-up meeting records."""

    notes: str = ""
    attendees: str = ""
    sub_goals_met: tuple[int, ...] = ()
    changed_sub_goals: tuple[tuple[int, str], ...] = ()  # (index, new wording)
    new_sub_goals: tuple[str, ...] = ()
    next_follow_up_on: date | None = None
    held_on: date | None = None


@use_case
def record_follow_up(plan_id: int, meeting: FollowUpNotes, *, by: Person) -> FollowUp:
    """Record a follow-up meeting of a plan: sub-goals met or reworded, new ones, and the next date."""
    plan = get_plan(plan_id)
    supervised_participant(plan.person_id, by)
    held_on = meeting.held_on or today()
    if held_on > today():
        raise ValidationFailed(_l("A follow-up cannot be recorded before it is held."), field="held_on")
    if len(meeting.notes) > MAX_NOTES:
        raise ValidationFailed(_l("The notes are too long."), field="notes")
    if len(meeting.attendees) > MAX_ATTENDEES:
        raise ValidationFailed(_l("The list of who met is too long."), field="attendees")
    standing = {goal.position: goal for goal in current_sub_goals(plan)}
    named = set(meeting.sub_goals_met) | {index for index, _text in meeting.changed_sub_goals}
    if not named <= standing.keys():
        raise ValidationFailed(_l("That sub-goal is not in the plan."), field="sub_goals_met")
    changed = [(index, text.strip()) for index, text in meeting.changed_sub_goals
               if text.strip() and text.strip() != standing[index].text]
    if any(len(text) > MAX_GOAL_TEXT for _index, text in changed):
        raise ValidationFailed(_l("A goal can be at most 500 characters."), field="changed_sub_goals")
    added = _clean_goals(list(meeting.new_sub_goals), "new_sub_goals")
    next_on = meeting.next_follow_up_on or held_on + timedelta(days=DEFAULT_NEXT_DAYS)
    _check_future(next_on, "next_follow_up_on")

    follow_up = FollowUp(plan_id=plan.id, held_on=held_on, attendees=meeting.attendees.strip(),
                         notes=meeting.notes.strip(), next_follow_up_on=next_on, recorded_by_id=by.id)
    db.session.add(follow_up)
    db.session.flush()
    for index in meeting.sub_goals_met:
        if standing[index].met_on is None:
            standing[index].met_on = held_on
    position = max(goal.position for goal in plan.sub_goals) + 1
    for index, text in changed:
        old = standing[index]
        old.replaced_by_follow_up_id = follow_up.id
        db.session.add(SubGoal(plan_id=plan.id, position=position, text=text, met_on=old.met_on,
                               added_by_follow_up_id=follow_up.id))
        position += 1
    for text in added:
        db.session.add(SubGoal(plan_id=plan.id, position=position, text=text, added_by_follow_up_id=follow_up.id))
        position += 1
    plan.follow_up_on = next_on
    db.session.flush()
    db.session.expire(plan, ["sub_goals", "follow_ups"])
    record_event("training.follow_up", "person", plan.person_id, by, shop_id=plan.shop_id, plan_id=plan.id,
                 follow_up_id=follow_up.id, met=sorted(set(meeting.sub_goals_met)), changed=len(changed),
                 added=len(added), next_follow_up_on=next_on.isoformat())
    return follow_up


@dataclass(frozen=True)
class DueFollowUp:
    """A participant's current plan whose follow-up falls due."""

    person: Person
    plan: Plan

    @property
    def overdue(self) -> bool:
        """The date has passed."""
        return self.plan.follow_up_on < today()


def follow_ups_due(reader: Person, within_days: int = DUE_WITHIN_DAYS) -> list[DueFollowUp]:
    """Current plans of the reader's shop due within `within_days`, overdue included, the earliest first.

    A participant who has exited, or who can no longer sign in, is left out.
    """
    if not 0 <= within_days <= MAX_DUE_WITHIN_DAYS:
        raise ValidationFailed(_l("Give the number of days as 0 to 366."), field="within_days")
    newest = select(func.max(Plan.id)).group_by(Plan.person_id)
    query = (select(Plan, Person).join(Person, Person.id == Plan.person_id)
             .outerjoin(Agreement, Agreement.person_id == Plan.person_id)
             .where(Plan.id.in_(newest), Plan.follow_up_on <= today() + timedelta(days=within_days),
                    Person.active.is_(True), Person.kind == "participant", Agreement.exited_on.is_(None)))
    if reader.shop_id is not None:
        query = query.where(Plan.shop_id == reader.shop_id)
    rows = db.session.execute(query.order_by(Plan.follow_up_on, func.lower(Person.display_name), Plan.id))
    return [DueFollowUp(person=person, plan=plan) for plan, person in rows
            if access.supervises(reader, person)]


@dataclass(frozen=True)
class ParticipantRow:
    """A line of the supervisor's list of participants."""

    person: Person
    agreement: Agreement | None
    plan: Plan | None


def participant_rows(reader: Person) -> list[ParticipantRow]:
    """The reader's shop's participants, each with their agreement and current plan (three statements)."""
    people = participants_of(reader)
    ids = [person.id for person in people]
    agreements = {a.person_id: a for a in db.session.scalars(select(Agreement).where(Agreement.person_id.in_(ids)))}
    newest = select(func.max(Plan.id)).where(Plan.person_id.in_(ids)).group_by(Plan.person_id)
    plans = {p.person_id: p for p in db.session.scalars(select(Plan).where(Plan.id.in_(newest)))}
    return [ParticipantRow(person, agreements.get(person.id), plans.get(person.id)) for person in people]
