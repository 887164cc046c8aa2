"""The participants' API: agreement, plans, follow-ups and the due list, with the contract's status codes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from boutique.db import db
from boutique.training.agreements import services as agreements
from boutique.training.plans.models import Plan
from boutique.training.ratings.models import RatingQuestion, SelfRating, SelfRatingAnswer

from .plans_fixtures import make_plan, other_supervisor, participant, today  # noqa: F401, F811 (fixtures)

AGREEMENT = {"hours_per_week": 20, "starts_on": "2026-01-12", "referral": "insurance_agency",
             "referral_contact_name": "Eva", "referral_contact_phone": "010-111 22 33"}


def _plan_body(**changes):
    body = {"long_term_goal": "Jobba i butik", "sub_goals": ["Komma i tid", "Kassan", "Kunder"],
            "follow_up_on": (today() + timedelta(days=45)).isoformat()}
    body.update(changes)
    return body


def test_put_an_agreement_in_hours_and_read_it_back(api_as, participant, supervisor):
    api = api_as(supervisor)
    response = api.client.put(f"/api/v1/participants/{participant.id}/agreement", headers=api.headers,
                              json=AGREEMENT | {"hours_per_week": 12.5, "consent": {"self_rating": True}})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["person_id"] == participant.id and body["hours_per_week"] == 12.5
    assert body["minutes_per_week"] == 750 and body["referral"] == "insurance_agency"
    assert body["consent"] == {"self_rating": True, "on": today().isoformat()}
    assert body["card_code"].isdigit() and body["supervisor_id"] == supervisor.id
    assert agreements.agreement_of(participant.id).minutes_per_week == 750
    mine = api_as(participant).get(f"/participants/{participant.id}/agreement")
    assert mine.status_code == 200 and mine.get_json()["referral_contact_name"] == "Eva"


def test_an_agreement_for_someone_not_a_participant_is_a_409(api_as, supervisor, cashier):
    api = api_as(supervisor)
    response = api.client.put(f"/api/v1/participants/{cashier.id}/agreement", headers=api.headers, json=AGREEMENT)
    assert response.status_code == 409 and response.get_json()["error"] == "not_a_participant"
    assert agreements.agreement_of(cashier.id) is None


def test_agreement_rights_and_bad_input(api_as, participant, supervisor, other_supervisor, cashier):
    path = f"/api/v1/participants/{participant.id}/agreement"
    other = api_as(other_supervisor)
    assert other.client.put(path, headers=other.headers, json=AGREEMENT).status_code == 403
    counter = api_as(cashier)
    assert counter.client.put(path, headers=counter.headers, json=AGREEMENT).status_code == 403
    api = api_as(supervisor)
    bad = api.client.put(path, headers=api.headers, json=AGREEMENT | {"referral": "police"})
    assert bad.status_code == 422 and "referral" in bad.get_json()["details"]
    assert api.client.put(path, headers=api.headers, json=AGREEMENT | {"starts_on": "12/01/2026"}).status_code == 422
    assert api.client.put("/api/v1/participants/99999/agreement", headers=api.headers,
                          json=AGREEMENT).status_code == 404
    assert api.get(f"/participants/{participant.id}/agreement").status_code == 404
    assert counter.get(f"/participants/{participant.id}/agreement").status_code == 403
    assert agreements.agreement_of(participant.id) is None


def test_withdrawing_consent_through_the_api_erases_the_self_ratings(api_as, participant, supervisor):
    api = api_as(supervisor)
    path = f"/api/v1/participants/{participant.id}/agreement"
    api.client.put(path, headers=api.headers, json=AGREEMENT | {"consent": {"self_rating": True}})
    question = RatingQuestion(key="confidence", texts={"en": "Confidence"})
    db.session.add(question)
    db.session.flush()
    rating = SelfRating(person_id=participant.id, occasion="intake")
    rating.answers.append(SelfRatingAnswer(question_id=question.id, value=4))
    db.session.add(rating)
    db.session.commit()
    kept = api.client.put(path, headers=api.headers, json=AGREEMENT)  # consent left out: kept
    assert kept.get_json()["consent"]["self_rating"] is True
    assert db.session.scalar(select(func.count()).select_from(SelfRating)) == 1
    withdrawn = api.client.put(path, headers=api.headers, json=AGREEMENT | {"consent": {"self_rating": False}})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["consent"] == {"self_rating": False, "on": None}
    assert db.session.scalar(select(func.count()).select_from(SelfRating)) == 0
    assert db.session.scalar(select(func.count()).select_from(SelfRatingAnswer)) == 0


def test_the_exit_is_recorded_with_its_outcome(api_as, participant, supervisor):
    api = api_as(supervisor)
    path = f"/api/v1/participants/{participant.id}/agreement"
    body = api.client.put(path, headers=api.headers, json=AGREEMENT | {"exited_on": today().isoformat(),
                                                                       "outcome": "work"}).get_json()
    assert (body["exited_on"], body["outcome"]) == (today().isoformat(), "work")
    assert api.client.put(path, headers=api.headers, json=AGREEMENT | {"outcome": "lottery"}).status_code == 422


def test_a_plan_through_the_api_and_its_refusals(api_as, participant, supervisor, other_supervisor, cashier):
    api = api_as(supervisor)
    path = f"/participants/{participant.id}/plans"
    created = api.post(path, json=_plan_body())
    assert created.status_code == 201, created.get_json()
    plan = created.get_json()
    assert [g["index"] for g in plan["sub_goals"]] == [0, 1, 2] and plan["follow_ups"] == []
    assert api.post(path, json=_plan_body(sub_goals=["Ett", "Två"])).status_code == 422
    assert api.post(path, json=_plan_body(follow_up_on=today().isoformat())).status_code == 422
    assert api.post(f"/participants/{cashier.id}/plans", json=_plan_body()).status_code == 409
    assert api_as(other_supervisor).post(path, json=_plan_body()).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 1
    listed = api_as(participant).get(path)
    assert listed.status_code == 200 and [p["id"] for p in listed.get_json()] == [plan["id"]]
    assert api_as(cashier).get(path).status_code == 403


def test_a_follow_up_through_the_api_moves_the_plan_on(api_as, participant, supervisor, other_supervisor):
    api = api_as(supervisor)
    plan = api.post(f"/participants/{participant.id}/plans", json=_plan_body()).get_json()
    next_on = (today() + timedelta(days=70)).isoformat()
    forbidden = api_as(other_supervisor).post(f"/plans/{plan['id']}/follow-ups", json={"notes": "x"})
    assert forbidden.status_code == 403
    bad = api.post(f"/plans/{plan['id']}/follow-ups", json={"notes": "x", "sub_goals_met": [9]})
    assert bad.status_code == 422
    response = api.post(f"/plans/{plan['id']}/follow-ups", json={
        "notes": "Bra", "attendees": "Samir, Maria", "sub_goals_met": [0, 2], "new_sub_goals": ["Öppna kassan"],
        "changed_sub_goals": [{"index": 1, "text": "Ta betalt med kort"}], "next_follow_up_on": next_on})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["sub_goals_met"] == [0, 2]
    again = api.get(f"/participants/{participant.id}/plans").get_json()[0]
    assert again["follow_up_on"] == next_on
    assert [(g["index"], g["text"], g["met_on"] is not None) for g in again["sub_goals"]] == [
        (0, "Komma i tid", True), (2, "Kunder", True), (3, "Ta betalt med kort", False), (4, "Öppna kassan", False)]
    assert api.post("/plans/99999/follow-ups", json={"notes": "x"}).status_code == 404


def test_the_due_list_is_earliest_first_and_the_readers_shop_only(api_as, participant, supervisor,
                                                                  other_supervisor, make_person, make_plan, cashier):
    soon = make_person("counter", display_name="Amina", kind="participant")
    far = make_person("counter", display_name="Bo", kind="participant")
    make_plan(soon, due_in=10)
    make_plan(participant, due_in=-2)
    make_plan(far, due_in=30)
    api = api_as(supervisor)
    due = api.get("/follow-ups/due").get_json()
    assert [(d["person_id"], d["overdue"]) for d in due] == [(participant.id, True), (soon.id, False)]
    assert due[0]["follow_up_on"] == (today() - timedelta(days=2)).isoformat()
    assert [d["person_id"] for d in api.get("/follow-ups/due?within_days=31").get_json()] == [
        participant.id, soon.id, far.id]
    assert api.get("/follow-ups/due?within_days=-1").status_code == 422
    assert api_as(other_supervisor).get("/follow-ups/due").get_json() == []
    assert api_as(cashier).get("/follow-ups/due").status_code == 403


def test_an_id_too_large_for_the_database_is_a_404_for_get_and_put_alike(api_as, supervisor):
    api = api_as(supervisor)
    path = "/participants/21474836480/agreement"
    assert api.get(path).status_code == 404
    assert api.client.put("/api/v1" + path, headers=api.headers, json=AGREEMENT).status_code == 404
    assert api.get("/participants/2147483647/agreement").status_code == 404
