"""Attendance: checking in and out, corrections, absences, closing time, personal cards.

Every state change is one use case that records an event. Two check-ins of one person at once
(a double tap, the kiosk and the start page together) are settled by the database: the use case
first locks the person's row (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the use case's
`BEGIN IMMEDIATE` already lets one writer in at a time), then looks for an open stay, so the
second check-in waits, sees the first and is refused. A check-out, and the closing-time close,
are conditional `UPDATE ... WHERE out_at IS NULL`: a stay is closed once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from boutique.clock import SHOP_TZ, shop_date, utcnow
from boutique.db import db, use_case
from boutique.errors import NotFound, ValidationFailed
from boutique.models import Person, Shop, record_event
from boutique.services import PERSONAL_DATA, PersonalData

from .. import daily
from ..access import require, supervises
from ..agreements.models import Agreement
from ..agreements.services import new_card_code
from .errors import (AlreadyCheckedIn, JustCheckedIn, NoAgreement, NotAParticipant, NotCheckedIn, OverlappingStay,
                     UnknownCard, UnknownStay)
from .models import ABSENCE_REASONS, Absence, Attendance, AttendanceCorrection

# A second scan of a card within this time is a repeat of the first, not a check-out.
REPEAT_SCAN = timedelta(seconds=60)
DEFAULT_CLOSES_AT = time(18, 0)
MAX_REASON = 300


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC moments where the shop's day `first` begins and the day after `last` begins."""
    start = datetime.combine(first, time.min, SHOP_TZ).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, SHOP_TZ).astimezone(UTC)
    return start, end


def attended_minutes(person_id: int, first: date, last: date) -> int:
    """Minutes of the person's finished stays that began on the shop's days `first` to `last`."""
    return sum(stay.minutes for stay in stays_between(person_id, first, last))


def stays_between(person_id: int, first: date, last: date) -> list[Attendance]:
    """The person's stays (open ones too) that began on the shop's days `first` to `last`, oldest first."""
    start, end = local_day_bounds(first, last)
    return list(db.session.scalars(
        select(Attendance).where(Attendance.person_id == person_id, Attendance.in_at >= start,
                                 Attendance.in_at < end).order_by(Attendance.in_at)))


def absences_between(person_id: int, first: date, last: date) -> list[Absence]:
    """The person's recorded absences on the days `first` to `last`, in date order."""
    return list(db.session.scalars(
        select(Absence).where(Absence.person_id == person_id, Absence.on >= first, Absence.on <= last)
        .order_by(Absence.on)))


# --------------------------------------------------------------------------- reading


def open_stay(person_id: int) -> Attendance | None:
    """The person's stay still open (checked in, not out), if any."""
    return db.session.scalar(select(Attendance).where(Attendance.person_id == person_id,
                                                      Attendance.out_at.is_(None)).limit(1))


def get_stay(attendance_id: int) -> Attendance:
    """A stay by id, or UnknownStay."""
    stay = db.session.get(Attendance, attendance_id)
    if stay is None:
        raise UnknownStay()
    return stay


def get_person(person_id: int) -> Person:
    """A person by id, or NotFound."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound(_l("No such person."))
    return person


def participants(shop_id: int | None) -> list[Person]:
    """The active participants of a shop (of every shop for None), by name."""
    query = select(Person).where(Person.kind == "participant", Person.active.is_(True))
    if shop_id is not None:
        query = query.where(or_(Person.shop_id == shop_id, Person.shop_id.is_(None)))
    return list(db.session.scalars(query.order_by(Person.display_name, Person.id)))


def open_stays(person_ids: list[int]) -> dict[int, Attendance]:
    """The open stay of each of these people who is checked in now."""
    if not person_ids:
        return {}
    rows = db.session.scalars(select(Attendance).where(Attendance.person_id.in_(person_ids),
                                                       Attendance.out_at.is_(None)))
    return {stay.person_id: stay for stay in rows}


def flagged_stays(shop_id: int | None) -> list[Attendance]:
    """Stays the closing time closed that no supervisor has corrected or confirmed yet, newest first."""
    query = select(Attendance).where(Attendance.closed_by_shop.is_(True),
                                     ~Attendance.corrections.any())
    if shop_id is not None:
        query = query.where(Attendance.shop_id == shop_id)
    return list(db.session.scalars(query.order_by(Attendance.in_at.desc())))


def agreement_of(person_id: int) -> Agreement | None:
    """The participant's agreement, if one is written."""
    return db.session.scalar(select(Agreement).where(Agreement.person_id == person_id))


def participant_by_card(code: str) -> Person:
    """The participant whose personal card carries `code` (as a scanner types it), or UnknownCard."""
    code = (code or "").strip()
    agreement = db.session.scalar(select(Agreement).where(Agreement.card_code == code)) if code.isdigit() else None
    if agreement is None:
        raise UnknownCard()
    return agreement.person


def closes_at(shop: Shop) -> time:
    """The shop's closing time (local), 18:00 when its setting cannot be read."""
    try:
        hours, minutes = (int(part) for part in (shop.closes_at or "").split(":"))
        return time(hours, minutes)
    except ValueError:
        return DEFAULT_CLOSES_AT


def closing_moment(shop: Shop, day: date) -> datetime:
    """The UTC moment the shop closes on its local day `day`."""
    return datetime.combine(day, closes_at(shop), SHOP_TZ).astimezone(UTC)


@use_case
def set_closing_time(shop_id: int, closes_at_text: str, *, by: Person) -> Shop:
    """A supervisor or admin of the shop sets when it closes ("HH:MM", local): open check-ins are closed then."""
    shop = db.session.get(Shop, shop_id)
    if shop is None:
        raise NotFound()
    require(by.role in ("supervisor", "admin") and (by.shop_id is None or by.shop_id == shop.id))
    text = (closes_at_text or "").strip()
    try:
        parsed = time.fromisoformat(text) if len(text) == 5 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationFailed(_l("Write the closing time as HH:MM, for example 18:00."), field="closes_at")
    before, shop.closes_at = shop.closes_at, parsed.strftime("%H:%M")
    record_event("shop.closing_time_set", "shop", shop.id, by, shop_id=shop.id, before=before, after=shop.closes_at)
    return shop


# --------------------------------------------------------------------------- checking in and out


def _locked_participant(person_id: int, by: Person) -> Person:
    """The participant's row, locked until the use case ends; the person themself or their supervisor acts."""
    person = db.session.scalar(select(Person).where(Person.id == person_id).with_for_update())
    if person is None:
        raise NotFound(_l("No such person."))
    require(by.id == person.id or supervises(by, person))
    if person.kind != "participant":
        raise NotAParticipant()
    return person


def _shop_id_of(person: Person, by: Person) -> int:
    """Where the person attends: their agreement's shop, else their own, else the one who checks them in."""
    agreement = agreement_of(person.id)
    shop_id = agreement.shop_id if agreement else person.shop_id or by.shop_id
    if shop_id is None:
        shop_id = db.session.scalar(select(Shop.id).order_by(Shop.id).limit(1))
    if shop_id is None:
        raise ValidationFailed(_l("Create a shop first."), field="shop")
    return shop_id


def _overlapping(person_id: int, start: datetime, end: datetime | None, *, besides: int | None = None) -> bool:
    """True when another stay of the person overlaps [start, end) (an open stay reaches on for ever)."""
    query = select(Attendance.id).where(Attendance.person_id == person_id,
                                        or_(Attendance.out_at.is_(None), Attendance.out_at > start))
    if end is not None:
        query = query.where(Attendance.in_at < end)
    if besides is not None:
        query = query.where(Attendance.id != besides)
    return db.session.scalar(query.limit(1)) is not None


def _check_in(person: Person, by: Person, station: str) -> Attendance:
    now = utcnow()
    current = open_stay(person.id)
    if current is not None:
        # For oneself the error's own message; for someone else, with their name.
        raise AlreadyCheckedIn(None if person.id == by.id else _l("%(name)s is already checked in.",
                                                                  name=person.display_name),
                               person_id=person.id, in_at=current.in_at.isoformat())
    if _overlapping(person.id, now, None):
        raise OverlappingStay(person_id=person.id)
    stay = Attendance(person_id=person.id, shop_id=_shop_id_of(person, by), in_at=now, checked_in_by_id=by.id)
    db.session.add(stay)
    db.session.flush()
    record_event("attendance.checked_in", "attendance", stay.id, by, shop_id=stay.shop_id, station=station,
                 person_id=person.id)
    return stay


def _check_out(person: Person, by: Person, station: str) -> Attendance:
    now = utcnow()
    stay = open_stay(person.id)
    if stay is None:
        raise NotCheckedIn(None if person.id == by.id else _l("%(name)s is not checked in.",
                                                              name=person.display_name), person_id=person.id)
    closed = db.session.execute(
        update(Attendance).where(Attendance.id == stay.id, Attendance.out_at.is_(None))
        .values(out_at=max(now, stay.in_at), checked_out_by_id=by.id).returning(Attendance.id)).scalar_one_or_none()
    if closed is None:  # the closing time got there first
        raise NotCheckedIn(person_id=person.id)
    db.session.refresh(stay)
    record_event("attendance.checked_out", "attendance", stay.id, by, shop_id=stay.shop_id, station=station,
                 person_id=person.id, minutes=stay.minutes)
    return stay


@use_case
def check_in(person_id: int, *, by: Person, station: str = "") -> Attendance:
    """Check the participant in now; already checked in → AlreadyCheckedIn (409)."""
    return _check_in(_locked_participant(person_id, by), by, station)


@use_case
def check_out(person_id: int, *, by: Person, station: str = "") -> Attendance:
    """Check the participant out now; not checked in → NotCheckedIn (409)."""
    return _check_out(_locked_participant(person_id, by), by, station)


@use_case
def check_in_or_out(person_id: int, *, by: Person, station: str = "kiosk") -> tuple[Attendance, bool]:
    """A card scanned at the kiosk: check in when out, out when in. True when it checked in.

    A scan within a minute of the check-in is taken as the scanner reading the card twice.
    """
    person = _locked_participant(person_id, by)
    current = open_stay(person.id)
    if current is None:
        return _check_in(person, by, station), True
    if utcnow() - current.in_at < REPEAT_SCAN:
        raise JustCheckedIn()
    return _check_out(person, by, station), False


@use_case
def close_open_stays(now: datetime | None = None) -> list[Attendance]:
    """Close every stay still open after its day's closing time, at that time, flagged for the supervisor.

    A stay begun after closing time is closed at its check-in (0 minutes), for the supervisor to correct.
    """
    now = now or utcnow()
    closed = []
    shops: dict[int, Shop] = {}
    for stay in list(db.session.scalars(select(Attendance).where(Attendance.out_at.is_(None)))):
        shop = shops.get(stay.shop_id) or shops.setdefault(stay.shop_id, db.session.get(Shop, stay.shop_id))
        closing = closing_moment(shop, shop_date(stay.in_at))
        if closing > now:
            continue
        done = db.session.execute(
            update(Attendance).where(Attendance.id == stay.id, Attendance.out_at.is_(None))
            .values(out_at=max(closing, stay.in_at), closed_by_shop=True).returning(Attendance.id)).scalar_one_or_none()
        if done is None:
            continue
        db.session.refresh(stay)
        record_event("attendance.closed_by_shop", "attendance", stay.id, None, shop_id=stay.shop_id,
                     person_id=stay.person_id, out_at=stay.out_at.isoformat())
        closed.append(stay)
    return closed


# --------------------------------------------------------------------------- a supervisor's corrections


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _checked_times(person: Person, in_at: datetime, out_at: datetime, reason: str, besides: int | None) -> str:
    """Validate a corrected stay; the reason, stripped."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_l("Say why the times are corrected."), field="reason")
    if len(reason) > MAX_REASON:
        raise ValidationFailed(_l("Too long."), field="reason")
    if in_at.tzinfo is None or out_at.tzinfo is None:
        raise ValueError("corrected times must be aware")
    if out_at <= in_at:
        raise ValidationFailed(_l("The check-out must come after the check-in."), field="out_at")
    if out_at > utcnow():
        raise ValidationFailed(_l("A correction cannot be in the future."), field="out_at")
    if _overlapping(person.id, in_at, out_at, besides=besides):
        raise OverlappingStay()
    return reason


def _supervised(person_id: int, by: Person) -> Person:
    person = db.session.scalar(select(Person).where(Person.id == person_id).with_for_update())
    if person is None:
        raise NotFound(_l("No such person."))
    require(supervises(by, person))
    return person


@use_case
def correct_stay(attendance_id: int, *, in_at: datetime, out_at: datetime, reason: str, by: Person) -> Attendance:
    """A supervisor sets a stay's times; the correction is kept with who, when, before, after and why."""
    stay = get_stay(attendance_id)
    person = _supervised(stay.person_id, by)
    reason = _checked_times(person, in_at, out_at, reason, besides=stay.id)
    before = {"in_at": _moment(stay.in_at), "out_at": _moment(stay.out_at)}
    stay.in_at, stay.out_at = in_at, out_at
    if stay.checked_out_by_id is None:
        stay.checked_out_by_id = by.id
    after = {"in_at": _moment(in_at), "out_at": _moment(out_at)}
    db.session.add(AttendanceCorrection(attendance_id=stay.id, at=utcnow(), by_id=by.id, before=before,
                                        after=after, reason=reason))
    db.session.flush()
    record_event("attendance.corrected", "attendance", stay.id, by, shop_id=stay.shop_id, person_id=person.id,
                 before=before, after=after, reason=reason)
    return stay


@use_case
def add_stay(person_id: int, *, in_at: datetime, out_at: datetime, reason: str, by: Person) -> Attendance:
    """A supervisor adds a stay the participant forgot to check in for; kept as a correction with no before."""
    person = _supervised(person_id, by)
    if person.kind != "participant":
        raise NotAParticipant()
    reason = _checked_times(person, in_at, out_at, reason, besides=None)
    stay = Attendance(person_id=person.id, shop_id=_shop_id_of(person, by), in_at=in_at, out_at=out_at,
                      checked_in_by_id=by.id, checked_out_by_id=by.id)
    db.session.add(stay)
    db.session.flush()
    after = {"in_at": _moment(in_at), "out_at": _moment(out_at)}
    db.session.add(AttendanceCorrection(attendance_id=stay.id, at=utcnow(), by_id=by.id, before={}, after=after,
                                        reason=reason))
    record_event("attendance.added", "attendance", stay.id, by, shop_id=stay.shop_id, person_id=person.id,
                 after=after, reason=reason)
    return stay


# --------------------------------------------------------------------------- absences


@use_case
def record_absence(person_id: int, *, on: date, reason: str, note: str = "", by: Person) -> Absence:
    """A supervisor records a day the participant was away and why (sick, leave, other); a second one replaces it."""
    person = _supervised(person_id, by)
    if person.kind != "participant":
        raise NotAParticipant()
    if reason not in ABSENCE_REASONS:
        raise ValidationFailed(_l("Choose a reason: sick, leave or other."), field="reason")
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        raise ValidationFailed(_l("Too long."), field="note")
    absence = db.session.scalar(select(Absence).where(Absence.person_id == person.id, Absence.on == on))
    if absence is None:
        absence = Absence(person_id=person.id, on=on)
        db.session.add(absence)
    absence.reason, absence.note, absence.recorded_at, absence.recorded_by_id = reason, note, utcnow(), by.id
    db.session.flush()
    record_event("attendance.absence", "person", person.id, by, shop_id=person.shop_id, on=on.isoformat(),
                 reason=reason)
    return absence


@use_case
def remove_absence(absence_id: int, *, by: Person) -> None:
    """A supervisor takes back an absence recorded by mistake."""
    absence = db.session.get(Absence, absence_id)
    if absence is None:
        raise NotFound()
    person = _supervised(absence.person_id, by)
    record_event("attendance.absence_removed", "person", person.id, by, shop_id=person.shop_id,
                 on=absence.on.isoformat(), reason=absence.reason)
    db.session.delete(absence)


# --------------------------------------------------------------------------- the personal card


def ensure_card_code(agreement: Agreement) -> str:
    """The agreement's card code, made now (10 random digits) if it has none; flushes only.

    Random rather than derived from an id, so a card cannot be made up; the unique column
    settles the (one in ten billion) case of two new codes alike.
    """
    if not agreement.card_code:
        agreement.card_code = new_card_code()
        db.session.flush()
    return agreement.card_code


@use_case
def issue_card(person_id: int, *, by: Person, replace: bool = False) -> Agreement:
    """The participant's personal card for the kiosk: its code made if needed; printing it is recorded.

    `replace` (a supervisor, for a lost card): a new code, so the old card no longer checks anyone in.
    """
    person = get_person(person_id)
    require(supervises(by, person) if replace else by.id == person.id or supervises(by, person))
    agreement = agreement_of(person.id)
    if agreement is None:
        raise NoAgreement()
    if replace:
        agreement.card_code = None
    ensure_card_code(agreement)
    record_event("attendance.card_replaced" if replace else "attendance.card_printed", "person", person.id, by,
                 shop_id=agreement.shop_id)
    return agreement



# --------------------------------------------------------------------------- a person's data


def _attendance_of(person: Person) -> dict[str, object]:
    """A data-access request: every stay with its corrections, and every absence with its reason."""
    stays = db.session.scalars(select(Attendance).where(Attendance.person_id == person.id).order_by(Attendance.in_at))
    absences = db.session.scalars(select(Absence).where(Absence.person_id == person.id).order_by(Absence.on))
    return {"stays": [{"in_at": _moment(s.in_at), "out_at": _moment(s.out_at), "closed_by_shop": s.closed_by_shop,
                       "corrections": [{"at": _moment(c.at), "before": c.before, "after": c.after, "reason": c.reason}
                                       for c in s.corrections]} for s in stays],
            "absences": [{"on": a.on.isoformat(), "reason": a.reason, "note": a.note} for a in absences]}


def _forget_attendance(person: Person) -> None:
    """Pseudonymising: the times and reasons stay (the programme's hours), free-text notes go."""
    db.session.execute(update(Absence).where(Absence.person_id == person.id).values(note=""))
    stay_ids = select(Attendance.id).where(Attendance.person_id == person.id)
    db.session.execute(update(AttendanceCorrection).where(AttendanceCorrection.attendance_id.in_(stay_ids))
                       .values(reason=""))


PERSONAL_DATA.append(PersonalData("attendance", export=_attendance_of, forget=_forget_attendance))
daily.register(close_open_stays)
