"""Action plans: a long-term goal, at least three sub-goals, follow-ups every 1-3 months."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db
from boutique.models import Person

MIN_SUB_GOALS = 3
MAX_GOAL_TEXT = 500
MAX_NOTES = 4000


class Plan(db.Model):
    """A participant's action plan; the newest one of a person is the current one."""

    __tablename__ = "training_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    long_term_goal: Mapped[str] = mapped_column(Text)
    follow_up_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    sub_goals: Mapped[list[SubGoal]] = relationship(back_populates="plan", order_by="SubGoal.position")
    follow_ups: Mapped[list[FollowUp]] = relationship(back_populates="plan", order_by="FollowUp.held_on")


class SubGoal(db.Model):
    """One step towards the long-term goal; `met_on` when a follow-up found it met."""

    __tablename__ = "training_sub_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("training_plans.id"), index=True)
    position: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(String(MAX_GOAL_TEXT))
    met_on: Mapped[date | None] = mapped_column(Date)
    # A sub-goal changed or dropped at a follow-up is kept, marked with the follow-up.
    replaced_by_follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("training_follow_ups.id"))
    added_by_follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("training_follow_ups.id"))

    plan: Mapped[Plan] = relationship(back_populates="sub_goals")


class FollowUp(db.Model):
    """A follow-up meeting: who met, notes, the next date."""

    __tablename__ = "training_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("training_plans.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_follow_up_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    plan: Mapped[Plan] = relationship(back_populates="follow_ups")
