"""Pages of the skills ladder: one's own ladder, a supervisor's sign-offs, the shop's ladder to edit,
and the certificate PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from boutique.auth import ANY, SUPERVISOR, roles_required
from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.models import LANGUAGES, Person
from boutique.pages import interface_locale, me, run_and_flash

from .. import access
from . import services
from .certificate import STATION_NAMES, certificate_of, certificate_pdf
from .models import STATIONS

bp = Blueprint("skills", __name__)



def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    return person


def _names() -> dict[str, str]:
    return {lang: request.form.get(f"name_{lang}", "") for lang in LANGUAGES}


def _ladder_page(person: Person, *, own: bool, may_sign: bool) -> str:
    return render_template("training/skills.html", person=person, ladder=services.ladder_of(person.id),
                           stations=STATION_NAMES, own=own, may_sign=may_sign, skill_name=services.skill_name,
                           format_date=format_date, today=shop_date(utcnow()).isoformat())


@bp.get("/my-skills")
@roles_required(ANY)
def my_skills() -> Any:
    """The signed-in person's ladder: each station's skills, the signed-off ones marked with their date."""
    person = me()
    return _ladder_page(person, own=True, may_sign=False)


@bp.get("/participants/<int:person_id>/skills")
@roles_required(SUPERVISOR)
def participant_skills(person_id: int) -> Any:
    """A participant's ladder for a supervisor of their shop, with a sign-off button on each open rung."""
    person = _person(person_id)
    access.require(access.supervises(me(), person))
    return _ladder_page(person, own=person.id == me().id, may_sign=person.id != me().id)


@bp.post("/participants/<int:person_id>/skills/<int:skill_id>/sign-off")
@roles_required(SUPERVISOR)
def sign_off(person_id: int, skill_id: int) -> Any:
    """Sign a skill off for the participant on the date given (today when none)."""
    person = _person(person_id)
    try:
        on = date.fromisoformat(request.form["signed_on"]) if request.form.get("signed_on") else None
    except ValueError:
        flash(_("Write the date as YYYY-MM-DD."), "error")
    else:
        run_and_flash(lambda: services.sign_off(person.id, skill_id, on=on, by=me()), _("Skill signed off."))
    return redirect(url_for("skills.participant_skills", person_id=person.id))


@bp.get("/participants/<int:person_id>/certificate.pdf")
@roles_required(ANY)
def certificate(person_id: int) -> Any:
    """The certificate PDF in the reader's language (or `?lang=`), for the person and the shop's supervisors."""
    person = _person(person_id)
    access.require(access.may_read(me(), person))
    lang = request.args.get("lang") if request.args.get("lang") in LANGUAGES else interface_locale()
    pdf = certificate_pdf(certificate_of(person), lang)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="certificate-{person.id}-{lang}.pdf"'})


@bp.get("/skills")
@roles_required(SUPERVISOR)
def ladder() -> Any:
    """The shop's ladder to edit: names in every language, pictogram, order, retired or not; the participants."""
    participants = list(db.session.scalars(
        select(Person).where(Person.kind == "participant", Person.active.is_(True)).order_by(Person.display_name)))
    participants = [p for p in participants if access.supervises(me(), p)]
    return render_template("training/ladder.html", skills=services.skills(include_retired=True),
                           stations=STATION_NAMES, station_keys=STATIONS, languages=LANGUAGES,
                           pictograms=services.pictograms(), participants=participants,
                           skill_name=services.skill_name)


@bp.post("/skills")
@roles_required(SUPERVISOR)
def add_skill() -> Any:
    """Add a rung to a station's ladder."""
    run_and_flash(lambda: services.add_skill(request.form.get("key", ""), station=request.form.get("station", ""),
                                    pictogram=request.form.get("pictogram", ""), names=_names(), by=me()),
         _("Skill added."))
    return redirect(url_for("skills.ladder"))


@bp.post("/skills/defaults")
@roles_required(SUPERVISOR)
def add_default_skills() -> Any:
    """Put the default ladder in place on a shop that has none."""
    run_and_flash(lambda: services.seed_default_skills(by=me()), _("The default skills are in place."))
    return redirect(url_for("skills.ladder"))


@bp.post("/skills/<int:skill_id>")
@roles_required(SUPERVISOR)
def change_skill(skill_id: int) -> Any:
    """Rename a skill, change its pictogram, retire it or bring it back."""
    run_and_flash(lambda: services.change_skill(skill_id, names=_names(), pictogram=request.form.get("pictogram", ""),
                                       active=request.form.get("active") == "1", by=me()), _("Skill saved."))
    return redirect(url_for("skills.ladder") + f"#skill-{skill_id}")


@bp.post("/skills/<int:skill_id>/move")
@roles_required(SUPERVISOR)
def move_skill(skill_id: int) -> Any:
    """Move a skill one rung up or down its station's ladder."""
    step = 1 if request.form.get("step") == "down" else -1
    run_and_flash(lambda: services.move_skill(skill_id, step=step, by=me()), _("Order saved."))
    return redirect(url_for("skills.ladder") + f"#skill-{skill_id}")
