"""The self-rating's JSON API and who may read the answers (the privacy matrix), page and API alike."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from boutique.db import db
from boutique.training.ratings import services
from boutique.training.ratings.models import RatingRead, SelfRating

from .helpers import give_agreement, person_in_other_shop

ANSWERS = {"wellbeing": 3, "health": 4, "confidence_at_work": 2, "confidence_in_swedish": 5, "people_to_talk_to": 1}


@pytest.fixture
def participant(make_person):
    person = make_person("counter", username="deltagare", display_name="Amal", kind="participant", language="ar")
    services.seed_default_questions()
    give_agreement(person)
    return person


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id))) or 0


def test_the_questions_come_in_the_readers_language(api_as, participant, supervisor):
    arabic = api_as(participant).get("/self-rating/questions")
    assert arabic.status_code == 200
    assert arabic.get_json()[0] == {"key": "wellbeing", "text": "كيف تشعر الآن؟"}
    swedish = api_as(supervisor).get("/self-rating/questions")
    assert [q["key"] for q in swedish.get_json()][:2] == ["wellbeing", "health"]
    assert swedish.get_json()[0]["text"] == "Hur mår du just nu?"


def test_a_participant_posts_and_reads_their_own_ratings(api_as, participant):
    api = api_as(participant)
    created = api.post(f"/participants/{participant.id}/self-ratings", json={"occasion": "intake", "answers": ANSWERS})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["answers"] == ANSWERS
    listed = api.get(f"/participants/{participant.id}/self-ratings")
    assert listed.status_code == 200
    assert [(r["occasion"], r["answers"]) for r in listed.get_json()] == [("intake", ANSWERS)]
    assert db.session.scalar(select(RatingRead.via)) == "api"


def test_a_supervisor_records_a_follow_up_for_the_participant(api_as, participant, supervisor):
    response = api_as(supervisor).post(f"/participants/{participant.id}/self-ratings",
                                       json={"occasion": "follow_up", "answers": {"wellbeing": 4}})
    assert response.status_code == 201


@pytest.mark.parametrize(("answers", "field"), [
    ({**ANSWERS, "health": 6}, "health"), ({"wellbeing": 0}, "wellbeing"), ({"eq5d": 3}, "eq5d"),
])
def test_a_rating_outside_the_scale_or_for_an_unknown_question_is_422_and_changes_nothing(
        api_as, participant, answers, field):
    response = api_as(participant).post(f"/participants/{participant.id}/self-ratings",
                                        json={"occasion": "intake", "answers": answers})
    assert response.status_code == 422
    assert field in response.get_json()["details"]["keys"]
    assert _count(SelfRating) == 0


@pytest.mark.parametrize("body", [
    {"occasion": "someday", "answers": ANSWERS}, {"occasion": "intake", "answers": {"wellbeing": "3"}},
    {"occasion": "intake"}, {"occasion": "intake", "answers": {}},
])
def test_a_malformed_body_is_422(api_as, participant, body):
    response = api_as(participant).post(f"/participants/{participant.id}/self-ratings", json=body)
    assert response.status_code == 422
    assert _count(SelfRating) == 0


def test_without_consent_the_api_answers_409_no_consent(api_as, make_person):
    person = make_person("counter", kind="participant")
    services.seed_default_questions()
    give_agreement(person, consent=False)
    response = api_as(person).post(f"/participants/{person.id}/self-ratings",
                                   json={"occasion": "intake", "answers": ANSWERS})
    assert response.status_code == 409
    assert response.get_json()["error"] == "no_consent"
    assert _count(SelfRating) == 0


def test_an_unknown_person_is_404(api_as, supervisor, participant):
    assert api_as(supervisor).get("/participants/999999/self-ratings").status_code == 404


def test_reading_with_a_browser_cookie_alone_is_refused(login, client, participant):
    """A read is logged, so a link on another site must not make one in the person's name."""
    login(participant)
    assert client.get(f"/api/v1/participants/{participant.id}/self-ratings").status_code == 401
    assert _count(RatingRead) == 0


# --------------------------------------------------------------------------- the privacy matrix

READERS = {
    "the participant themself": (True, lambda p, make: p),
    "another participant": (False, lambda p, make: make("counter", kind="participant")),
    "a student": (False, lambda p, make: make("designer", kind="student")),
    "counter staff": (False, lambda p, make: make("counter")),
    "a supervisor of the shop": (True, lambda p, make: make("supervisor", username="handledare2")),
    "a supervisor of another shop": (False, lambda p, make: person_in_other_shop("supervisor", "annan")),
    "an admin": (False, lambda p, make: make("admin")),
}


@pytest.fixture
def rated(participant):
    services.record_self_rating(participant.id, occasion="intake", answers=ANSWERS, by=participant)
    return participant


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_their_supervisors_read_the_answers_in_the_api(api_as, rated, make_person, reader):
    allowed, make = READERS[reader]
    response = api_as(make(rated, make_person)).get(f"/participants/{rated.id}/self-ratings")
    if allowed:
        assert response.status_code == 200 and response.get_json()[0]["answers"] == ANSWERS
        assert _count(RatingRead) == 1, "the read is logged"
    else:
        assert response.status_code == 403
        assert "answers" not in response.get_data(as_text=True)
        assert _count(RatingRead) == 0


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_their_supervisors_read_the_answers_on_the_page(app, rated, make_person, reader):
    allowed, make = READERS[reader]
    client = app.test_client()
    person = make(rated, make_person)
    client.post("/login", data={"username": person.username, "password": "secret-pw"})
    shown = client.post(f"/participants/{rated.id}/self-ratings")
    page = client.get(f"/participants/{rated.id}/self-ratings")
    if allowed:
        assert shown.status_code == 200 and 'data-testid="ratings"' in shown.get_data(as_text=True)
        assert page.status_code == 200 and 'data-testid="ratings"' not in page.get_data(as_text=True), \
            "opening the page shows nothing until the button is pressed"
        assert _count(RatingRead) == 1
    else:
        assert shown.status_code == 403 and page.status_code == 403
        assert _count(RatingRead) == 0


def test_the_request_may_ask_for_another_language(api_as, participant):
    api = api_as(participant)
    response = api.client.get("/api/v1/self-rating/questions", headers={**api.headers, "Accept-Language": "en"})
    assert response.get_json()[0]["text"] == "How are you feeling right now?"
