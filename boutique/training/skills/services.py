"""The skills ladder: the shop's skills per station, sign-offs, the certificate's content.

The shop edits its ladder (add, rename in each language, reorder, retire); a skill is never
deleted, so a sign-off keeps naming what was learnt. A supervisor signs a skill off for a
participant on a date, one use case with its event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from boutique.clock import shop_date, utcnow
from boutique.db import db, use_case
from boutique.errors import NotFound, ValidationFailed
from boutique.models import LANGUAGES, Person, record_event
from boutique.services import FIRST_RUN_SEEDS

from .. import access
from .errors import AlreadySignedOff, SkillRetired, UnknownSkill
from .models import STATIONS, Skill, SkillSignOff

# The ladder a new shop starts with: key, station, pictogram (static/img), names.
DEFAULT_SKILLS = (
    ("sort_by_category", "sorting", "hanger",
     {"sv": "Sortera efter kategori", "en": "Sort by category", "ar": "الفرز حسب الفئة"}),
    ("judge_quality", "sorting", "quality",
     {"sv": "Bedöma kvalitet", "en": "Judge quality", "ar": "تقييم الجودة"}),
    ("price_with_suggestion", "sorting", "tag",
     {"sv": "Prissätta med förslaget", "en": "Price with the suggestion", "ar": "التسعير باستخدام الاقتراح"}),
    ("serve_customer", "counter", "person",
     {"sv": "Betjäna en kund", "en": "Serve a customer", "ar": "خدمة زبون"}),
    ("cash_and_change", "counter", "cash",
     {"sv": "Ta betalt kontant och ge växel", "en": "Take cash and give change",
      "ar": "استلام النقود وإعطاء الباقي"}),
    ("do_return", "counter", "return",
     {"sv": "Göra en retur", "en": "Do a return", "ar": "إجراء عملية إرجاع"}),
    ("open_close_till", "counter", "till",
     {"sv": "Öppna och stänga kassan", "en": "Open and close the till", "ar": "فتح الصندوق وإغلاقه"}),
    ("count_drawer", "counter", "drawer",
     {"sv": "Räkna kassalådan", "en": "Count the drawer", "ar": "عدّ درج النقود"}),
    ("train_participant", "shop", "training",
     {"sv": "Lära upp en ny deltagare", "en": "Train a new participant", "ar": "تدريب مشارك جديد"}),
)
MAX_NAME = 80
SKILL_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def signed_off(person_id: int) -> list[SkillSignOff]:
    """The person's signed-off skills, by station and rung, each with its skill loaded."""
    return list(db.session.scalars(
        select(SkillSignOff).join(Skill).options(joinedload(SkillSignOff.skill))
        .where(SkillSignOff.person_id == person_id).order_by(Skill.station, Skill.position, Skill.id)))


# --------------------------------------------------------------------------- the ladder


def skill_name(skill: Skill, lang: str) -> str:
    """The skill's name in `lang`, else Swedish, else English, else its key."""
    names = skill.names or {}
    return names.get(lang) or names.get("sv") or names.get("en") or skill.key


def skills(include_retired: bool = False) -> list[Skill]:
    """The ladder, station by station and rung by rung; retired skills only when asked for."""
    query = select(Skill).order_by(Skill.station, Skill.position, Skill.id)
    if not include_retired:
        query = query.where(Skill.active.is_(True))
    return list(db.session.scalars(query))


def get_skill(skill_id: int) -> Skill:
    """A skill by id, or UnknownSkill."""
    skill = db.session.get(Skill, skill_id)
    if skill is None:
        raise UnknownSkill(skill_id=skill_id)
    return skill


def pictograms() -> list[str]:
    """The pictograms a skill may show: the SVG files in static/img/."""
    folder = Path(current_app.static_folder or "static") / "img"
    return sorted(p.stem for p in folder.glob("*.svg"))


@use_case
def seed_default_skills(by: Person | None = None) -> int:
    """Put the default ladder in place when the shop has no skills at all; how many were added."""
    if db.session.scalar(select(func.count(Skill.id))):
        return 0
    for position, (key, station, pictogram, names) in enumerate(DEFAULT_SKILLS, start=1):
        db.session.add(Skill(key=key, station=station, position=position * 10, pictogram=pictogram,
                             names=dict(names), active=True))
    db.session.flush()
    record_event("skills.seeded", "skill", 0, by, station="training", keys=[s[0] for s in DEFAULT_SKILLS])
    return len(DEFAULT_SKILLS)


def _clean_names(names: dict[str, str]) -> dict[str, str]:
    cleaned = {lang: (names.get(lang) or "").strip()[:MAX_NAME] for lang in LANGUAGES}
    if not cleaned["sv"]:
        raise ValidationFailed(_l("Write the name in Swedish at least."), field="sv")
    return {lang: name for lang, name in cleaned.items() if name}


def _check_station_and_pictogram(station: str, pictogram: str) -> None:
    if station not in STATIONS:
        raise ValidationFailed(_l("Unknown station."), field="station")
    if pictogram not in pictograms():
        raise ValidationFailed(_l("Unknown pictogram."), field="pictogram")


@use_case
def add_skill(key: str, *, station: str, pictogram: str, names: dict[str, str], by: Person) -> Skill:
    """A new rung at the top of a station's ladder."""
    access.require(by.role in access.SUPERVISING_ROLES)
    key = key.strip().lower()
    if not key or len(key) > 40 or not set(key) <= SKILL_KEY_CHARS:
        raise ValidationFailed(_l("The key may have small letters a–z, digits and _ only."), field="key")
    _check_station_and_pictogram(station, pictogram)
    cleaned = _clean_names(names)
    if db.session.scalar(select(Skill.id).where(Skill.key == key)) is not None:
        raise ValidationFailed(_l("A skill with that key exists already."), field="key")
    last = db.session.scalar(select(func.max(Skill.position)).where(Skill.station == station)) or 0
    skill = Skill(key=key, station=station, position=last + 10, pictogram=pictogram, names=cleaned, active=True)
    db.session.add(skill)
    db.session.flush()
    record_event("skill.created", "skill", skill.id, by, station="training", key=key)
    return skill


@use_case
def change_skill(skill_id: int, *, names: dict[str, str], pictogram: str, active: bool, by: Person) -> Skill:
    """Rename a skill in each language, change its pictogram, retire it or bring it back."""
    access.require(by.role in access.SUPERVISING_ROLES)
    skill = get_skill(skill_id)
    _check_station_and_pictogram(skill.station, pictogram)
    cleaned = _clean_names(names)
    changed = {name: value for name, value in (("names", cleaned), ("pictogram", pictogram), ("active", active))
               if getattr(skill, name) != value}
    skill.names, skill.pictogram, skill.active = cleaned, pictogram, active
    db.session.flush()
    record_event("skill.retired" if changed.get("active") is False else "skill.changed", "skill", skill.id, by,
                 station="training", key=skill.key, changed=sorted(changed))
    return skill


@use_case
def move_skill(skill_id: int, *, step: int, by: Person) -> Skill:
    """Move a skill one rung down (-1) or up (+1) its station's ladder, swapping with its neighbour."""
    access.require(by.role in access.SUPERVISING_ROLES)
    skill = get_skill(skill_id)
    ladder = [s for s in skills(include_retired=True) if s.station == skill.station]
    index = ladder.index(skill)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(ladder):
        ladder[index], ladder[other] = ladder[other], ladder[index]
        for position, rung in enumerate(ladder, start=1):
            rung.position = position * 10
        db.session.flush()
        record_event("skill.moved", "skill", skill.id, by, station="training", key=skill.key, step=step)
    return skill


# --------------------------------------------------------------------------- sign-offs


@use_case
def sign_off(person_id: int, skill_id: int, *, on: date | None = None, by: Person) -> SkillSignOff:
    """A supervisor of the person's shop signs a skill off for them, on a date not in the future."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound(person_id=person_id)
    access.require(by.role == "supervisor" or by.role == "admin")
    access.require(access.supervises(by, person) and by.id != person.id)
    skill = get_skill(skill_id)
    if not skill.active:
        raise SkillRetired()
    today = shop_date(utcnow())
    on = on or today
    if on > today:
        raise ValidationFailed(_l("The date cannot be in the future."), field="signed_on")
    if db.session.scalar(select(SkillSignOff.id).where(SkillSignOff.person_id == person.id,
                                                       SkillSignOff.skill_id == skill.id)) is not None:
        raise AlreadySignedOff()
    signed = SkillSignOff(person_id=person.id, skill_id=skill.id, signed_on=on, signed_by_id=by.id)
    db.session.add(signed)
    try:
        db.session.flush()
    except IntegrityError as exc:  # two supervisors at the same moment: the unique key settles it
        raise AlreadySignedOff() from exc
    record_event("skill.signed_off", "person", person.id, by, shop_id=person.shop_id, station="training",
                 skill=skill.key, signed_on=on.isoformat())
    return signed


@dataclass(frozen=True)
class Rung:
    """One skill of a person's ladder, with its sign-off when there is one."""

    skill: Skill
    signed: SkillSignOff | None


def ladder_of(person_id: int) -> dict[str, list[Rung]]:
    """The person's ladder by station: every active skill, and retired ones they were signed off on."""
    done = {s.skill_id: s for s in signed_off(person_id)}
    ladder: dict[str, list[Rung]] = {}
    for skill in sorted(skills(include_retired=True), key=station_order):
        if skill.active or skill.id in done:
            ladder.setdefault(skill.station, []).append(Rung(skill, done.get(skill.id)))
    return ladder


def station_order(skill: Skill) -> tuple[int, int, int]:
    """Stations in the order a participant usually meets them (sorting, counter, workshop, the shop)."""
    return (STATIONS.index(skill.station) if skill.station in STATIONS else len(STATIONS), skill.position, skill.id)


FIRST_RUN_SEEDS.append(seed_default_skills)  # a new shop starts with the defaults
