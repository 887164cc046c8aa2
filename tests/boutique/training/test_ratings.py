"""The self-rating's services: the default questionnaire, answers with consent, the read log, erasure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from boutique.clock import frozen_at
from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event
from boutique.training.ratings import services
from boutique.training.ratings.errors import NoConsent, RatingOutOfRange, UnknownQuestion
from boutique.training.ratings.models import RatingRead, SelfRating, SelfRatingAnswer

from .helpers import give_agreement

ANSWERS = {"wellbeing": 3, "health": 4, "confidence_at_work": 2, "confidence_in_swedish": 5, "people_to_talk_to": 1}


@pytest.fixture
def participant(make_person):
    person = make_person("counter", username="deltagare", display_name="Amal", kind="participant", language="ar")
    services.seed_default_questions()
    return person


def _ratings() -> int:
    return db.session.scalar(select(func.count(SelfRating.id))) or 0


def test_the_default_questionnaire_has_five_questions_in_three_languages(app):
    assert services.seed_default_questions() == 5
    assert services.seed_default_questions() == 0, "seeding again adds nothing"
    questions = services.questions()
    assert [q.key for q in questions] == ["wellbeing", "health", "confidence_at_work", "confidence_in_swedish",
                                          "people_to_talk_to"]
    assert all(set(q.texts) == {"sv", "en", "ar"} for q in questions)
    assert services.question_text(questions[0], "ar") == "كيف تشعر الآن؟"


def test_a_participant_with_consent_rates_themself(participant):
    give_agreement(participant)
    rating = services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
    assert services.rating_json(rating)["answers"] == ANSWERS
    event = db.session.scalar(select(Event).where(Event.kind == "self_rating.recorded"))
    assert event.data == {"occasion": "intake"}, "the event log never holds the answers"


def test_without_consent_nothing_is_recorded(participant):
    give_agreement(participant, consent=False)
    with pytest.raises(NoConsent):
        services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
    assert _ratings() == 0


def test_without_an_agreement_there_is_no_consent(participant):
    with pytest.raises(NoConsent):
        services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_an_answer_outside_one_to_five_is_refused_and_nothing_is_kept(participant, value):
    give_agreement(participant)
    with pytest.raises(RatingOutOfRange):
        services.record_self_rating(participant.id, occasion="exit", answers={**ANSWERS, "health": value},
                                    by=participant)
    assert _ratings() == 0
    assert db.session.scalar(select(func.count(SelfRatingAnswer.id))) == 0


def test_an_answer_to_an_unknown_or_retired_question_is_refused(participant, supervisor):
    give_agreement(participant)
    with pytest.raises(UnknownQuestion):
        services.record_self_rating(participant.id, occasion="intake", answers={"eq5d_mobility": 3}, by=participant)
    question = services.questions()[0]
    services.save_question(question.key, texts=question.texts, active=False, by=supervisor)
    with pytest.raises(UnknownQuestion):
        services.record_self_rating(participant.id, occasion="intake", answers={"wellbeing": 3}, by=participant)
    assert _ratings() == 0


def test_an_unknown_occasion_is_refused(participant):
    give_agreement(participant)
    with pytest.raises(ValidationFailed):
        services.record_self_rating(participant.id, occasion="sometime", answers=ANSWERS, by=participant)


def test_another_participant_cannot_rate_in_someones_name(participant, make_person):
    give_agreement(participant)
    other = make_person("counter", kind="participant")
    with pytest.raises(Forbidden):
        services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=other)


def test_the_shop_translates_and_adds_questions(participant, supervisor):
    services.save_question("sleep", texts={"sv": "Hur sover du?", "en": "How do you sleep?", "ar": "كيف تنام؟"},
                           by=supervisor)
    services.save_question("wellbeing", texts={"sv": "Hur mår du?", "en": "How are you?"}, by=supervisor)
    texts = {q.key: q.texts for q in services.questions()}
    assert texts["wellbeing"] == {"sv": "Hur mår du?", "en": "How are you?"}
    assert services.question_text(services.questions()[0], "ar") == "Hur mår du?", "Swedish stands in for a gap"
    assert list(texts)[-1] == "sleep"
    with pytest.raises(ValidationFailed):
        services.save_question("no_swedish", texts={"en": "Only English"}, by=supervisor)
    with pytest.raises(Forbidden):
        services.save_question("sneaky", texts={"sv": "Hej"}, by=participant)


def test_each_read_is_logged_with_who_and_how(participant, supervisor):
    give_agreement(participant)
    services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
    assert len(services.read_self_ratings(participant.id, reader=supervisor, via="page")) == 1
    services.read_self_ratings(participant.id, reader=participant, via="api")
    reads = services.reads_of(participant.id)
    assert [(r.reader_id, r.via) for r in reads] == [(participant.id, "api"), (supervisor.id, "page")]


def test_erasing_a_persons_ratings_takes_their_answers_too(participant):
    give_agreement(participant)
    services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
    services.record_self_rating(participant.id, occasion="exit", answers=ANSWERS, by=participant)
    assert services.erase_self_ratings(participant.id) == 2
    db.session.commit()
    assert _ratings() == 0
    assert db.session.scalar(select(func.count(SelfRatingAnswer.id))) == 0


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 3, 15), 24, date(2028, 3, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
])
def test_months_are_added_as_on_a_calendar(start, months, end):
    assert services.add_months(start, months) == end


class TestRetention:
    """Answers are kept until the shop's retention after the participation ends, then erased."""

    EXITED = date(2026, 3, 15)

    @pytest.fixture
    def rated(self, participant):
        give_agreement(participant, exited_on=self.EXITED)
        services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
        services.record_self_rating(participant.id, occasion="exit", answers=ANSWERS, by=participant)
        return participant

    def test_the_day_before_the_retention_ends_the_answers_are_kept(self, rated):
        assert services.purge_expired_ratings(date(2028, 3, 14)) == 0
        assert _ratings() == 2

    def test_on_the_day_the_retention_ends_the_answers_are_erased(self, rated):
        assert services.purge_expired_ratings(date(2028, 3, 15)) == 2
        assert _ratings() == 0
        assert db.session.scalar(select(func.count(SelfRatingAnswer.id))) == 0
        event = db.session.scalar(select(Event).where(Event.kind == "self_ratings.erased"))
        assert event.subject_id == rated.id and event.data["reason"] == "retention"

    def test_the_shops_own_retention_counts(self, rated, shop):
        shop.rating_retention_months = 6
        db.session.commit()
        assert services.purge_expired_ratings(date(2026, 9, 14)) == 0
        assert services.purge_expired_ratings(date(2026, 9, 15)) == 2

    def test_a_participation_still_going_is_never_purged(self, participant):
        give_agreement(participant)
        services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
        assert services.purge_expired_ratings(date(2099, 1, 1)) == 0
        assert _ratings() == 1

    def test_the_read_log_goes_with_the_answers(self, rated, supervisor):
        services.read_self_ratings(rated.id, reader=supervisor, via="page")
        services.purge_expired_ratings(date(2028, 3, 14))
        assert db.session.scalar(select(func.count(RatingRead.id))) == 1
        services.purge_expired_ratings(date(2028, 3, 15))
        assert db.session.scalar(select(func.count(RatingRead.id))) == 0

    def test_flask_privacy_purge_erases_what_is_due_today(self, rated, runner):
        with frozen_at(datetime(2028, 3, 14, 12, tzinfo=UTC)):
            result = runner.invoke(args=["privacy", "purge"])
        assert "Erased 0" in result.output and _ratings() == 2
        with frozen_at(datetime(2028, 3, 15, 12, tzinfo=UTC)):
            result = runner.invoke(args=["privacy", "purge"])
        assert result.exit_code == 0 and "Erased 2" in result.output
        assert _ratings() == 0


def test_a_data_access_export_lists_when_but_not_what_and_pseudonymising_erases(participant, supervisor):
    from boutique.services import export_person, pseudonymise_person

    give_agreement(participant)
    services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
    exported = export_person(participant.id)["self_ratings"]
    assert [entry["occasion"] for entry in exported] == ["intake"]
    assert "answers" not in str(exported), "the export is made by supervisors and admins: no answers in it"
    pseudonymise_person(participant.id, by=supervisor)
    assert _ratings() == 0
