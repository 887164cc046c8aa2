"""The skills ladder: the shop's skills per station, sign-offs, the certificate's content."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from boutique.db import db

from .models import Skill, SkillSignOff


def signed_off(person_id: int) -> list[SkillSignOff]:
    """The person's signed-off skills, by station and rung, each with its skill loaded."""
    return list(db.session.scalars(
        select(SkillSignOff).join(Skill).options(joinedload(SkillSignOff.skill))
        .where(SkillSignOff.person_id == person_id).order_by(Skill.station, Skill.position, Skill.id)))
