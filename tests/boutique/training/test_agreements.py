"""Agreements: hours, referral, consent and its withdrawal, the exit; who may make them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event
from boutique.training.agreements import services as agreements
from boutique.training.agreements.services import NotAParticipant
from boutique.training.ratings.models import RatingQuestion, SelfRating, SelfRatingAnswer

from .plans_fixtures import other_supervisor, participant, terms, today  # noqa: F401, F811 (fixtures)


def _rate(person, value=3):
    question = db.session.scalar(select(RatingQuestion).where(RatingQuestion.key == "wellbeing"))
    if question is None:
        question = RatingQuestion(key="wellbeing", texts={"sv": "Mående"})
        db.session.add(question)
        db.session.flush()
    rating = SelfRating(person_id=person.id, occasion="intake")
    rating.answers.append(SelfRatingAnswer(question_id=question.id, value=value))
    db.session.add(rating)
    db.session.commit()


def test_an_agreement_is_made_with_a_card_code_and_the_saving_supervisor(participant, supervisor):
    agreement = agreements.save_agreement(participant.id, terms(referral="social_services",
                                                                referral_contact_name="Eva Handläggare",
                                                                referral_contact_phone="08-123 45"), by=supervisor)
    assert agreement.minutes_per_week == 1200 and agreement.referral == "social_services"
    assert agreement.referral_contact_name == "Eva Handläggare"
    assert agreement.card_code.isdigit() and len(agreement.card_code) == agreements.CARD_CODE_DIGITS
    assert agreement.supervisor_id == supervisor.id
    assert agreement.self_rating_consent is False
    again = agreements.save_agreement(participant.id, terms(minutes_per_week=600), by=supervisor)
    assert again.id == agreement.id and again.card_code == agreement.card_code and again.minutes_per_week == 600
    kinds = db.session.scalars(select(Event.kind).where(Event.subject_id == participant.id,
                                                        Event.kind.like("training.%")).order_by(Event.id)).all()
    assert kinds == ["training.agreement_created", "training.agreement_changed"]


def test_only_a_participant_gets_an_agreement(supervisor, cashier):
    with pytest.raises(NotAParticipant):
        agreements.save_agreement(cashier.id, terms(), by=supervisor)
    assert agreements.agreement_of(cashier.id) is None


def test_a_supervisor_of_another_shop_may_not_make_one(participant, other_supervisor):
    with pytest.raises(Forbidden):
        agreements.save_agreement(participant.id, terms(), by=other_supervisor)
    assert agreements.agreement_of(participant.id) is None


@pytest.mark.parametrize("bad", [{"minutes_per_week": 61 * 60}, {"referral": "police"},
                                 {"ends_on": today() - timedelta(days=365)}])
def test_bad_terms_are_refused_and_change_nothing(participant, supervisor, bad):
    agreements.save_agreement(participant.id, terms(), by=supervisor)
    with pytest.raises(ValidationFailed):
        agreements.save_agreement(participant.id, terms(**bad), by=supervisor)
    db.session.rollback()
    assert agreements.agreement_of(participant.id).minutes_per_week == 1200


def test_the_supervisor_named_must_supervise_in_the_participants_shop(participant, supervisor, other_supervisor,
                                                                       cashier):
    for wrong in (other_supervisor, cashier):
        with pytest.raises(ValidationFailed):
            agreements.save_agreement(participant.id, terms(supervisor_id=wrong.id), by=supervisor)


def test_withdrawing_consent_erases_the_persons_self_ratings_and_only_theirs(participant, supervisor, make_person):
    other = make_person("counter", kind="participant")
    agreements.save_agreement(participant.id, terms(), by=supervisor, consent=True)
    assert agreements.agreement_of(participant.id).consent_on == today()
    _rate(participant)
    _rate(other)
    agreements.set_consent(participant.id, False, by=supervisor)
    assert db.session.scalar(select(func.count()).select_from(SelfRating).where(
        SelfRating.person_id == participant.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(SelfRating).where(SelfRating.person_id == other.id)) == 1
    assert db.session.scalar(select(func.count()).select_from(SelfRatingAnswer)) == 1
    agreement = agreements.agreement_of(participant.id)
    assert agreement.self_rating_consent is False and agreement.consent_on is None
    event = db.session.scalar(select(Event).where(Event.kind == "training.consent_withdrawn"))
    assert event.subject_id == participant.id and event.data["self_ratings_erased"] == 1


def test_the_exit_records_the_outcome_and_refuses_a_future_day(participant, supervisor):
    agreements.save_agreement(participant.id, terms(), by=supervisor)
    with pytest.raises(ValidationFailed):
        agreements.record_exit(participant.id, exited_on=today() + timedelta(days=3), outcome="work", by=supervisor)
    agreement = agreements.record_exit(participant.id, exited_on=today(), outcome="studies", by=supervisor)
    assert (agreement.exited_on, agreement.outcome) == (today(), "studies")
    assert agreements.record_exit(participant.id, exited_on=today(), outcome=None, by=supervisor).outcome == "unknown"


def test_the_participant_may_read_their_agreement_and_a_colleague_may_not(participant, supervisor, cashier):
    agreements.save_agreement(participant.id, terms(), by=supervisor)
    assert agreements.get_agreement(participant.id, participant).person_id == participant.id
    with pytest.raises(Forbidden):
        agreements.get_agreement(participant.id, cashier)
