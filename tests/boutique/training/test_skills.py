"""The skills ladder: the defaults, the shop's edits, sign-offs, the participant's page, the certificate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pypdfium2
import pytest
from sqlalchemy import select

from boutique.clock import frozen_at
from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Event
from boutique.training.attendance.models import Attendance
from boutique.training.skills import services
from boutique.training.skills.certificate import certificate_of, certificate_pdf
from boutique.training.skills.errors import AlreadySignedOff, SkillRetired

from .helpers import give_agreement, person_in_other_shop

NOW = datetime(2026, 6, 10, 10, tzinfo=UTC)


@pytest.fixture
def participant(make_person):
    services.seed_default_skills()
    return make_person("counter", username="deltagare", display_name="Amal Haddad", kind="participant",
                       language="ar")


def _skill(key: str):
    return next(s for s in services.skills(include_retired=True) if s.key == key)


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_a_new_shop_starts_with_the_default_ladder_in_three_languages(app):
    assert services.seed_default_skills() == 9
    assert services.seed_default_skills() == 0
    ladder = services.skills()
    assert [s.key for s in ladder if s.station == "counter"] == [
        "serve_customer", "cash_and_change", "do_return", "open_close_till", "count_drawer"]
    assert all(set(s.names) == {"sv", "en", "ar"} and s.pictogram for s in ladder)
    assert set(services.pictograms()) >= {s.pictogram for s in ladder}, "every pictogram is a file"


def test_the_first_start_puts_the_defaults_in_place(app):
    from boutique.services import first_run_setup

    first_run_setup(username="chef", display_name="Chef", password="long-enough-pw", shop_name="Butiken")
    assert len(services.skills()) == 9
    from boutique.training.ratings.services import questions

    assert len(questions()) == 5


def test_the_shop_adds_renames_reorders_and_retires_skills(participant, supervisor):
    added = services.add_skill("steam_garments", station="sorting", pictogram="wash",
                               names={"sv": "Ångpressa plagg", "en": "Steam garments", "ar": "كيّ الملابس بالبخار"},
                               by=supervisor)
    assert [s.key for s in services.skills() if s.station == "sorting"][-1] == "steam_garments"
    services.move_skill(added.id, step=-1, by=supervisor)
    assert [s.key for s in services.skills() if s.station == "sorting"][-2:] == ["steam_garments",
                                                                                 "price_with_suggestion"]
    services.change_skill(added.id, names={"sv": "Ånga plagg", "en": "Steam"}, pictogram="wash", active=False,
                          by=supervisor)
    assert "steam_garments" not in [s.key for s in services.skills()]
    assert _skill("steam_garments").names == {"sv": "Ånga plagg", "en": "Steam"}
    with pytest.raises(ValidationFailed):
        services.add_skill("x", station="moon", pictogram="wash", names={"sv": "X"}, by=supervisor)
    with pytest.raises(ValidationFailed):
        services.add_skill("y", station="sorting", pictogram="no-such-file", names={"sv": "Y"}, by=supervisor)
    with pytest.raises(Forbidden):
        services.add_skill("z", station="sorting", pictogram="wash", names={"sv": "Z"}, by=participant)


def test_a_supervisor_signs_a_skill_off_with_a_date(participant, supervisor):
    with frozen_at(NOW):
        signed = services.sign_off(participant.id, _skill("serve_customer").id, on=date(2026, 6, 1), by=supervisor)
        assert signed.signed_on == date(2026, 6, 1)
        assert [s.skill.key for s in services.signed_off(participant.id)] == ["serve_customer"]
        event = db.session.scalar(select(Event).where(Event.kind == "skill.signed_off"))
        assert event.subject_id == participant.id and event.data["skill"] == "serve_customer"
        with pytest.raises(AlreadySignedOff):
            services.sign_off(participant.id, _skill("serve_customer").id, by=supervisor)
        with pytest.raises(ValidationFailed):
            services.sign_off(participant.id, _skill("do_return").id, on=date(2026, 6, 11), by=supervisor)


def test_only_a_supervisor_of_the_shop_signs_off_and_never_a_retired_skill(participant, supervisor, make_person):
    skill = _skill("count_drawer")
    for signer in (participant, make_person("counter"), person_in_other_shop("supervisor", "annan")):
        with pytest.raises(Forbidden):
            services.sign_off(participant.id, skill.id, by=signer)
    services.change_skill(skill.id, names=skill.names, pictogram=skill.pictogram, active=False, by=supervisor)
    with pytest.raises(SkillRetired):
        services.sign_off(participant.id, skill.id, by=supervisor)
    assert services.signed_off(participant.id) == []


def test_a_retired_skill_stays_on_the_ladder_of_whoever_was_signed_off(participant, supervisor):
    skill = _skill("do_return")
    services.sign_off(participant.id, skill.id, by=supervisor)
    services.change_skill(skill.id, names=skill.names, pictogram=skill.pictogram, active=False, by=supervisor)
    counter = services.ladder_of(participant.id)["counter"]
    assert [r.skill.key for r in counter if r.signed] == ["do_return"]


def test_the_participant_sees_their_ladder_with_pictograms(participant, supervisor, login, client):
    services.sign_off(participant.id, _skill("cash_and_change").id, on=date(2026, 5, 4), by=supervisor)
    login(participant)
    page = client.get("/my-skills").get_data(as_text=True)
    assert "استلام النقود وإعطاء الباقي" in page, "the ladder is in the participant's language"
    assert 'img/cash' in page and 'class="rung done"' in page
    assert "Sign off" not in page and "sign-off" not in page, "a participant signs nothing off"


def test_a_supervisor_signs_off_from_the_participants_page(participant, supervisor, login, client):
    login(supervisor)
    skill = _skill("judge_quality")
    assert client.get(f"/participants/{participant.id}/skills").status_code == 200
    response = client.post(f"/participants/{participant.id}/skills/{skill.id}/sign-off",
                           data={"signed_on": "2026-05-04"})
    assert response.status_code == 302
    assert [(s.skill.key, s.signed_on) for s in services.signed_off(participant.id)] == [
        ("judge_quality", date(2026, 5, 4))]
    client.post(f"/participants/{participant.id}/skills/{skill.id}/sign-off", data={"signed_on": "not a date"})
    assert len(services.signed_off(participant.id)) == 1


def test_the_shops_ladder_page_edits_a_skill(supervisor, login, client, app):
    login(supervisor)
    assert "Lägg till standardfärdigheterna" in client.get("/skills").get_data(as_text=True)
    client.post("/skills/defaults")
    skill = next(s for s in services.skills() if s.key == "judge_quality")
    client.post(f"/skills/{skill.id}", data={"name_sv": "Se kvaliteten", "name_en": "See quality",
                                             "name_ar": "رؤية الجودة", "pictogram": "quality", "active": "1"})
    db.session.expire_all()
    assert _skill("judge_quality").names["sv"] == "Se kvaliteten"
    assert "Se kvaliteten" in client.get("/skills").get_data(as_text=True)


def test_nobody_else_opens_a_participants_ladder_or_certificate(participant, make_person, app):
    other = make_person("counter", kind="participant")
    client = app.test_client()
    client.post("/login", data={"username": other.username, "password": "secret-pw"})
    assert client.get(f"/participants/{participant.id}/certificate.pdf").status_code == 403
    assert client.get(f"/participants/{participant.id}/skills").status_code == 403
    person_in_other_shop("supervisor", "annan")
    client = app.test_client()
    client.post("/login", data={"username": "annan", "password": "secret-pw"})
    assert client.get(f"/participants/{participant.id}/skills").status_code == 403
    assert client.get(f"/participants/{participant.id}/certificate.pdf").status_code == 403


class TestCertificate:
    """The printable certificate: shop, person, skills with dates, hours attended over the agreement."""

    @pytest.fixture
    def trained(self, participant, supervisor):
        give_agreement(participant, starts_on=date(2026, 2, 2))
        for day, hours in ((date(2026, 2, 3), 4), (date(2026, 3, 10), 3.5)):
            start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
            db.session.add(Attendance(person_id=participant.id, shop_id=participant.shop_id, in_at=start,
                                      out_at=start + timedelta(hours=hours)))
        before = datetime(2026, 1, 20, 8, tzinfo=UTC)  # a stay before the agreement does not count
        db.session.add(Attendance(person_id=participant.id, shop_id=participant.shop_id, in_at=before,
                                  out_at=before + timedelta(hours=8)))
        db.session.commit()
        with frozen_at(NOW):
            services.sign_off(participant.id, _skill("serve_customer").id, on=date(2026, 4, 7), by=supervisor)
            services.sign_off(participant.id, _skill("sort_by_category").id, on=date(2026, 3, 2), by=supervisor)
        return participant

    def test_it_counts_the_hours_attended_over_the_agreement(self, trained):
        with frozen_at(NOW):
            certificate = certificate_of(trained)
        assert certificate.minutes == 450
        assert certificate.starts_on == date(2026, 2, 2) and certificate.until == date(2026, 6, 10)

    def test_in_swedish_it_names_the_shop_the_person_the_skills_and_the_hours(self, trained, shop):
        with frozen_at(NOW):
            text = pdf_text(certificate_pdf(certificate_of(trained), "sv"))
        for expected in (shop.name, shop.address, "Amal Haddad", "Intyg", "Betjäna en kund", "7 april 2026",
                         "Sortera efter kategori", "7,5"):
            assert expected in text, expected

    def test_in_arabic_the_skills_are_in_arabic(self, trained):
        with frozen_at(NOW):
            pdf = certificate_pdf(certificate_of(trained), "ar")
        text = pdf_text(pdf)
        assert "Amal Haddad" in text
        assert "خدمة" in text and "زبون" in text, text

    def test_the_person_downloads_it_in_their_language(self, trained, login, client):
        login(trained)
        response = client.get(f"/participants/{trained.id}/certificate.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert "خدمة" in pdf_text(response.data)
        swedish = client.get(f"/participants/{trained.id}/certificate.pdf?lang=sv")
        assert "Betjäna en kund" in pdf_text(swedish.data)
