"""JSON API of the self-rating: the questionnaire, answering it, and reading one's answers."""

from __future__ import annotations

from typing import Any, Literal

from flask import request
from pydantic import BaseModel, Field

from boutique.api import ApiBlueprint, Body, api_person
from boutique.auth import ANY
from boutique.errors import Unauthenticated
from boutique.models import LANGUAGES

from . import services
from .models import OCCASIONS

bp = ApiBlueprint("ratings_api", __name__)


class QuestionOut(BaseModel):
    key: str
    text: str


class SelfRatingIn(Body):
    occasion: Literal[OCCASIONS]  # type: ignore[valid-type]
    answers: dict[str, int] = Field(max_length=50)


class SelfRatingOut(BaseModel):
    id: int
    occasion: str
    at: str
    answers: dict[str, int]


@bp.operation("GET", "/self-rating/questions", summary="The self-rating's questions in the reader's language",
              roles=ANY, response=QuestionOut, many=True)
def rating_questions() -> Any:
    """Each question's key and its text; answers name the key.

    The reader's language: what the request's Accept-Language asks for, else the person's own.
    """
    lang = request.accept_languages.best_match(LANGUAGES) or api_person().language
    return [{"key": q.key, "text": services.question_text(q, lang)} for q in services.questions()]


@bp.operation("POST", "/participants/<int:person_id>/self-ratings", summary="Record a self-rating",
              roles=ANY, body=SelfRatingIn, response=SelfRatingOut, status=201, errors=(403, 404, 409))
def create_self_rating(person_id: int, body: SelfRatingIn) -> Any:
    """The person themself or a supervisor of their shop; needs the consent recorded on the agreement."""
    rating = services.record_self_rating(person_id, occasion=body.occasion, answers=body.answers, by=api_person())
    return services.rating_json(rating)


@bp.operation("GET", "/participants/<int:person_id>/self-ratings", summary="A participant's self-ratings",
              roles=ANY, response=SelfRatingOut, many=True, errors=(403, 404))
def list_self_ratings(person_id: int) -> Any:
    """The person and the supervisors of their shop only, admins not; every read is logged.

    A read that records something needs the bearer token: a signed-in browser's cookie alone
    would let a link on another site make a read in the person's name.
    """
    if request.authorization is None or request.authorization.type != "bearer":
        raise Unauthenticated()
    ratings = services.read_self_ratings(person_id, reader=api_person(), via="api")
    return [services.rating_json(r) for r in ratings]
