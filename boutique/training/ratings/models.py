"""The self-rating: the shop's questions and the participants' answers (special-category data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boutique.clock import utcnow
from boutique.db import UTCDateTime, db

OCCASIONS = ("intake", "follow_up", "exit")
LOWEST, HIGHEST = 1, 5


class RatingQuestion(db.Model):
    """A question on a 1-5 scale; its text in each language (`texts`: {"sv": ..., "en": ..., "ar": ...})."""

    __tablename__ = "training_rating_questions"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True)


class SelfRating(db.Model):
    """One occasion a participant rated themselves; erased with its answers on consent withdrawn or retention."""

    __tablename__ = "training_self_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    occasion: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answers: Mapped[list[SelfRatingAnswer]] = relationship(
        back_populates="rating", cascade="all, delete-orphan", order_by="SelfRatingAnswer.id")


class SelfRatingAnswer(db.Model):
    """One answer, 1-5, to one question."""

    __tablename__ = "training_self_rating_answers"
    __table_args__ = (
        CheckConstraint(f"value BETWEEN {LOWEST} AND {HIGHEST}", name="value_range"),
        UniqueConstraint("rating_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("training_self_ratings.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("training_rating_questions.id"))
    value: Mapped[int] = mapped_column()

    rating: Mapped[SelfRating] = relationship(back_populates="answers")
    question: Mapped[RatingQuestion] = relationship()


class RatingRead(db.Model):
    """Each read of a person's self-ratings: who read whose, when, where (page or API)."""

    __tablename__ = "training_rating_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    via: Mapped[str] = mapped_column(String(20), default="")
