"""Pages of the self-rating: the questionnaire with faces, one's answers and who read them, and the
shop's questionnaire to edit and translate."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from boutique.auth import ANY, SUPERVISOR, roles_required
from boutique.db import db
from boutique.errors import DomainError
from boutique.models import LANGUAGES, Person
from boutique.pages import interface_locale, me

from .. import access
from . import services
from .models import HIGHEST, LOWEST, SelfRating

bp = Blueprint("ratings", __name__)

FACES = {1: _l("Very bad"), 2: _l("Bad"), 3: _l("So-so"), 4: _l("Good"), 5: _l("Very good")}
OCCASION_NAMES = {"intake": _l("At the start"), "follow_up": _l("At a follow-up"), "exit": _l("At the end")}


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    return person


def _answers_in_form() -> dict[str, int]:
    """The faces chosen, by question key; an answer that is not a whole number is left for the service to refuse."""
    answers: dict[str, int] = {}
    for question in services.questions():
        value = request.form.get(f"q-{question.key}", "")
        if value:
            answers[question.key] = int(value) if value.isdigit() else -1
    return answers


@bp.route("/self-rating", methods=["GET", "POST"])
@roles_required(ANY)
def self_rating() -> Any:
    """The signed-in person rates themself: each question with five faces, big enough to tap."""
    person = me()
    if request.method == "POST":
        try:
            services.record_self_rating(person.id, occasion=request.form.get("occasion", ""),
                                        answers=_answers_in_form(), by=person)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Thank you! Your answers are saved."), "success")
            return redirect(url_for("ratings.self_rating"))
    earlier = db.session.scalar(select(func.count(SelfRating.id)).where(SelfRating.person_id == person.id)) or 0
    lang = interface_locale()
    return render_template(
        "training/self_rating.html", person=person, consent=services.has_consent(person.id),
        questions=[(q.key, services.question_text(q, lang)) for q in services.questions()],
        faces=FACES, scale=range(LOWEST, HIGHEST + 1), occasions=OCCASION_NAMES,
        chosen_occasion=request.form.get("occasion") or ("follow_up" if earlier else "intake"),
        chosen=request.form)


@bp.route("/participants/<int:person_id>/self-ratings", methods=["GET", "POST"])
@roles_required(ANY)
def answers(person_id: int) -> Any:
    """A person's self-ratings, for themself and the supervisors of their shop: shown after a press
    of a button (a POST), since every read is logged, and a link must not make one."""
    person = _person(person_id)
    reader = me()
    access.require(access.may_read_ratings(reader, person))
    ratings = reads = None
    readers: dict[int, str] = {}
    if request.method == "POST":
        ratings = services.read_self_ratings(person.id, reader=reader, via="page")
        reads = services.reads_of(person.id)
        ids = {r.reader_id for r in reads if r.reader_id is not None}
        names = db.session.execute(select(Person.id, Person.display_name).where(Person.id.in_(ids)))
        readers = {row.id: row.display_name for row in names}
    lang = interface_locale()
    return render_template("training/self_ratings.html", person=person, ratings=ratings, reads=reads, readers=readers,
                           questions=[(q.key, services.question_text(q, lang))
                                      for q in services.questions(include_retired=True)],
                           faces=FACES, occasions=OCCASION_NAMES)


@bp.get("/self-rating/questions")
@roles_required(SUPERVISOR)
def questionnaire() -> Any:
    """The shop's questionnaire: each question in every language, in use or retired."""
    return render_template("training/questions.html", questions=services.questions(include_retired=True),
                           languages=LANGUAGES)


@bp.post("/self-rating/questions")
@roles_required(SUPERVISOR)
def save_question() -> Any:
    """Add a question, or change one's wording or whether it is asked."""
    try:
        services.save_question(request.form.get("key", ""),
                               texts={lang: request.form.get(f"text_{lang}", "") for lang in LANGUAGES},
                               active=request.form.get("active", "1") == "1", by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("Question saved."), "success")
    return redirect(url_for("ratings.questionnaire"))


@bp.post("/self-rating/questions/defaults")
@roles_required(SUPERVISOR)
def add_default_questions() -> Any:
    """Put the default five questions in place on a questionnaire that has none."""
    services.seed_default_questions(by=me())
    flash(_("The default questions are in place."), "success")
    return redirect(url_for("ratings.questionnaire"))
