"""The self-rating: the shop's questionnaire, answers given with consent, who read them, erasure.

Answers are special-category personal data. Only the person and the supervisors of their shop
read them (`boutique.training.access.may_read_ratings`) and each read is logged (`RatingRead`).
They are kept until `Shop.rating_retention_months` after the participation ends
(`Agreement.exited_on`) and then erased by `purge_expired_ratings` (`flask privacy purge`, and
daily while the app runs); withdrawing consent erases them at once (`erase_self_ratings`).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from boutique.clock import shop_date, utcnow
from boutique.db import db, use_case
from boutique.errors import NotFound, ValidationFailed
from boutique.models import LANGUAGES, Person, Shop, record_event
from boutique.services import FIRST_RUN_SEEDS, PERSONAL_DATA, PersonalData

from .. import access, daily
from ..agreements.models import Agreement
from .errors import NoConsent, RatingOutOfRange, UnknownQuestion
from .models import HIGHEST, LOWEST, OCCASIONS, RatingQuestion, RatingRead, SelfRating, SelfRatingAnswer

# The free default questionnaire: five questions on a scale of 1 to 5, written for the shop, not
# a licensed instrument (no EQ-5D or the like). The shop edits and translates them.
DEFAULT_QUESTIONS = (
    ("wellbeing", {"sv": "Hur mår du just nu?", "en": "How are you feeling right now?",
                   "ar": "كيف تشعر الآن؟"}),
    ("health", {"sv": "Hur är din hälsa?", "en": "How is your health?", "ar": "كيف هي صحتك؟"}),
    ("confidence_at_work", {"sv": "Hur säker känner du dig i arbetet?", "en": "How confident do you feel at work?",
                            "ar": "ما مدى ثقتك بنفسك في العمل؟"}),
    ("confidence_in_swedish", {"sv": "Hur säker känner du dig på svenska?",
                               "en": "How confident do you feel speaking Swedish?",
                               "ar": "ما مدى ثقتك بنفسك في التحدث بالسويدية؟"}),
    ("people_to_talk_to", {"sv": "Har du någon att prata med när du behöver?",
                           "en": "Do you have people to talk to when you need to?",
                           "ar": "هل لديك أشخاص تتحدث معهم عندما تحتاج؟"}),
)
MAX_QUESTION_TEXT = 300
QUESTION_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


# --------------------------------------------------------------------------- the questionnaire


def question_text(question: RatingQuestion, lang: str) -> str:
    """The question in `lang`, else in Swedish, else in English, else its key."""
    texts = question.texts or {}
    return texts.get(lang) or texts.get("sv") or texts.get("en") or question.key


def questions(include_retired: bool = False) -> list[RatingQuestion]:
    """The questionnaire in its order; retired questions only when asked for."""
    query = select(RatingQuestion).order_by(RatingQuestion.position, RatingQuestion.id)
    if not include_retired:
        query = query.where(RatingQuestion.active.is_(True))
    return list(db.session.scalars(query))


@use_case
def seed_default_questions(by: Person | None = None) -> int:
    """Put the default five questions in place on a questionnaire that has none; how many were added."""
    if db.session.scalar(select(func.count(RatingQuestion.id))):
        return 0
    for position, (key, texts) in enumerate(DEFAULT_QUESTIONS, start=1):
        db.session.add(RatingQuestion(key=key, position=position * 10, texts=dict(texts), active=True))
    db.session.flush()
    record_event("rating_questions.seeded", "rating_question", 0, by, station="training",
                 keys=[key for key, _texts in DEFAULT_QUESTIONS])
    return len(DEFAULT_QUESTIONS)


def _clean_texts(texts: dict[str, str]) -> dict[str, str]:
    cleaned = {lang: (texts.get(lang) or "").strip()[:MAX_QUESTION_TEXT] for lang in LANGUAGES}
    if not cleaned["sv"]:
        raise ValidationFailed(_l("Write the question in Swedish at least."), field="sv")
    return {lang: text for lang, text in cleaned.items() if text}


@use_case
def save_question(key: str, *, texts: dict[str, str], active: bool = True, by: Person) -> RatingQuestion:
    """Add a question or change one's wording in each language, or retire it (answers keep it)."""
    access.require(by.role in access.SUPERVISING_ROLES)
    key = key.strip().lower()
    if not key or len(key) > 40 or not set(key) <= QUESTION_KEY_CHARS:
        raise ValidationFailed(_l("The key may have small letters a–z, digits and _ only."), field="key")
    cleaned = _clean_texts(texts)
    question = db.session.scalar(select(RatingQuestion).where(RatingQuestion.key == key))
    created = question is None
    if question is None:
        last = db.session.scalar(select(func.max(RatingQuestion.position))) or 0
        question = RatingQuestion(key=key, position=last + 10)
        db.session.add(question)
    question.texts = cleaned
    question.active = active
    db.session.flush()
    record_event("rating_question.created" if created else "rating_question.changed", "rating_question",
                 question.id, by, station="training", key=key, active=active)
    return question


# --------------------------------------------------------------------------- answers


def agreement_of(person_id: int) -> Agreement | None:
    """The participant's agreement, if any."""
    return db.session.scalar(select(Agreement).where(Agreement.person_id == person_id))


def has_consent(person_id: int) -> bool:
    """True when the person's agreement records consent to the self-rating."""
    agreement = agreement_of(person_id)
    return agreement is not None and agreement.self_rating_consent


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound(person_id=person_id)
    return person


def _checked_answers(answers: dict[str, int]) -> dict[RatingQuestion, int]:
    """Each answer's question; UnknownQuestion or RatingOutOfRange before anything is written."""
    if not answers:
        raise ValidationFailed(_l("Answer at least one question."), field="answers")
    asked = {q.key: q for q in questions()}
    unknown = sorted(key for key in answers if key not in asked)
    if unknown:
        raise UnknownQuestion(keys=unknown)
    wrong = sorted(key for key, value in answers.items()
                   if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST)
    if wrong:
        raise RatingOutOfRange(keys=wrong)
    return {asked[key]: value for key, value in answers.items()}


@use_case
def record_self_rating(person_id: int, *, occasion: str, answers: dict[str, int], by: Person) -> SelfRating:
    """The participant rates themself on one occasion (intake, follow-up, exit); needs recorded consent."""
    person = _person(person_id)
    access.require(access.may_read(by, person))
    if occasion not in OCCASIONS:
        raise ValidationFailed(_l("Unknown occasion."), field="occasion")
    checked = _checked_answers(answers)
    if not has_consent(person.id):
        raise NoConsent()
    rating = SelfRating(person_id=person.id, occasion=occasion)
    rating.answers = [SelfRatingAnswer(question_id=question.id, value=value) for question, value in checked.items()]
    db.session.add(rating)
    db.session.flush()
    # The event names the occasion, never the answers: the event log is read more widely.
    record_event("self_rating.recorded", "person", person.id, by, shop_id=person.shop_id, station="training",
                 occasion=occasion)
    return rating


@use_case
def read_self_ratings(person_id: int, *, reader: Person, via: str) -> list[SelfRating]:
    """The person's self-ratings, oldest first, for the person or a supervisor of their shop; the read is logged."""
    person = _person(person_id)
    access.require(access.may_read_ratings(reader, person))
    db.session.add(RatingRead(reader_id=reader.id, person_id=person.id, via=via[:20]))
    record_event("self_rating.read", "person", person.id, reader, shop_id=person.shop_id, station="training",
                 via=via[:20])
    db.session.flush()
    return list(db.session.scalars(
        select(SelfRating).options(selectinload(SelfRating.answers).selectinload(SelfRatingAnswer.question))
        .where(SelfRating.person_id == person.id).order_by(SelfRating.at, SelfRating.id)))


def reads_of(person_id: int) -> list[RatingRead]:
    """Who read the person's self-ratings, newest first (the read log the person may ask for)."""
    return list(db.session.scalars(select(RatingRead).where(RatingRead.person_id == person_id)
                                   .order_by(RatingRead.at.desc(), RatingRead.id.desc())))


def rating_json(rating: SelfRating) -> dict[str, object]:
    """A self-rating as the API shows it: occasion, when, answers by question key."""
    return {"id": rating.id, "occasion": rating.occasion, "at": rating.at.isoformat(),
            "answers": {answer.question.key: answer.value for answer in rating.answers}}


# --------------------------------------------------------------------------- erasure


def erase_self_ratings(person_id: int) -> int:
    """Erase every self-rating of the person with its answers (flushes only; the caller's use case commits).

    For withdrawn consent (the agreement's use case calls it) and for the retention purge.
    """
    ids = list(db.session.scalars(select(SelfRating.id).where(SelfRating.person_id == person_id)))
    if not ids:
        return 0
    db.session.execute(delete(SelfRatingAnswer).where(SelfRatingAnswer.rating_id.in_(ids)))
    db.session.execute(delete(SelfRating).where(SelfRating.id.in_(ids)))
    db.session.expire_all()
    return len(ids)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def erase_on(agreement: Agreement, months: int) -> date | None:
    """The first day the person's answers are no longer kept: `months` after the participation ended."""
    if agreement.exited_on is None:
        return None
    return add_months(agreement.exited_on, months)


@use_case
def purge_expired_ratings(today: date) -> int:
    """Erase the self-ratings (and their read log) of everyone whose retention ended on or before `today`.

    Returns how many self-ratings were erased."""
    erased = 0
    ended = db.session.execute(
        select(Agreement, Shop.rating_retention_months).join(Shop, Shop.id == Agreement.shop_id)
        .where(Agreement.exited_on.is_not(None))).all()
    for agreement, months in ended:
        until = erase_on(agreement, months)
        if until is not None and until <= today:
            count = erase_self_ratings(agreement.person_id)
            # Once the answers are gone the log of who read them has served its purpose too.
            db.session.execute(delete(RatingRead).where(RatingRead.person_id == agreement.person_id))
            if count:
                erased += count
                record_event("self_ratings.erased", "person", agreement.person_id, None, shop_id=agreement.shop_id,
                             station="training", reason="retention", ratings=count)
    return erased


def purge_due_ratings() -> int:
    """The daily job and `flask privacy purge`: erase what is due on the shop's today."""
    return purge_expired_ratings(shop_date(utcnow()))


def _ratings_for_export(person: Person) -> list[dict[str, str]]:
    """For a data-access request: when the person rated themself. The export is made by supervisors
    and admins, and admins may not read the answers; the person sees those on their own page."""
    return [{"occasion": occasion, "at": at.isoformat()} for occasion, at in db.session.execute(
        select(SelfRating.occasion, SelfRating.at).where(SelfRating.person_id == person.id).order_by(SelfRating.at))]


def _forget_ratings(person: Person) -> None:
    """A pseudonymised person's answers are erased with their identity."""
    erase_self_ratings(person.id)


PERSONAL_DATA.append(PersonalData("self_ratings", export=_ratings_for_export, forget=_forget_ratings))


daily.register(purge_due_ratings)  # erased every day while the app runs, too


FIRST_RUN_SEEDS.append(seed_default_questions)  # a new shop starts with the defaults
