"""The skills ladder per station and the supervisors' sign-offs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db

STATIONS = ("sorting", "counter", "workshop", "shop")


class Skill(db.Model):
    """A rung of a station's ladder; names in each language (`names`: {"sv": ..., "en": ..., "ar": ...}).

    A skill the shop stops using is retired (`active` False), never deleted: sign-offs keep it.
    """

    __tablename__ = "training_skills"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    station: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    pictogram: Mapped[str] = mapped_column(String(40), default="")
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True)


class SkillSignOff(db.Model):
    """A supervisor's sign-off of a person's skill on a date."""

    __tablename__ = "training_skill_sign_offs"
    __table_args__ = (UniqueConstraint("person_id", "skill_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("training_skills.id"))
    signed_on: Mapped[date] = mapped_column(Date)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    skill: Mapped[Skill] = relationship()
