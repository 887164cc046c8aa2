"""Use cases of a till: its session and cash, who stands at it, training mode, the X and Z reports.

The till row is the lock that orders everything of one till.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from boutique.auth import COUNTER, SUPERVISOR
from boutique.clock import utcnow
from boutique.db import MAX_ID, db, refresh_statistics, use_case
from boutique.errors import Forbidden, ValidationFailed
from boutique.models import Person, Shop, Till, record_event
from inventory.tallies import services as tallies

from ..errors import TillAlreadyOpen, TillClosed, UnknownTill
from ..journal import services as journal
from ..models import CASH_MOVEMENTS, DENOMINATIONS, CashMovement, TillSession
from .reports import build_report

MAX_FLOAT = 10_000_000
MAX_PIECES = 10_000


def fits(*ids: int) -> bool:
    """True when every id can exist (a larger one would make PostgreSQL fail instead of finding nothing)."""
    return all(0 < value <= MAX_ID for value in ids)


def get_till(till_id: int) -> Till:
    """A till by id, or UnknownTill."""
    till = db.session.get(Till, till_id) if fits(till_id) else None
    if till is None:
        raise UnknownTill(till_id=till_id)
    return till


def open_session(till_id: int) -> TillSession | None:
    """The till's open session, if any."""
    return db.session.scalar(
        select(TillSession).where(TillSession.till_id == till_id, TillSession.closed_at.is_(None)))


def shop_of_till(till: Till) -> Shop:
    """The shop a till stands in."""
    shop = db.session.get(Shop, till.shop_id)
    assert shop is not None
    return shop


def in_training(till: Till, person: Person) -> bool:
    """True when the till or the person is in training mode: receipts say ÖVNINGSKVITTO, nothing counts."""
    return bool(till.training or person.training)


def counter_people(shop_id: int) -> list[Person]:
    """The active people of the shop who may stand at the till, by name."""
    return list(db.session.scalars(
        select(Person).where(Person.shop_id == shop_id, Person.active.is_(True), Person.role.in_(COUNTER))
        .order_by(Person.display_name)))


def _lock_till(till_id: int) -> Till:
    """Take the till row's write lock for the rest of the transaction."""
    if not fits(till_id):
        raise UnknownTill(till_id=till_id)
    locked = db.session.execute(
        update(Till).where(Till.id == till_id).values(last_receipt_no=Till.last_receipt_no)
        .execution_options(synchronize_session=False)
    ).rowcount
    if locked != 1:
        raise UnknownTill(till_id=till_id)
    till = db.session.get(Till, till_id)
    assert till is not None
    db.session.refresh(till)
    return till


def _open_session_of(till: Till) -> TillSession:
    """The till's open session, or TillClosed."""
    session = open_session(till.id)
    if session is None:
        raise TillClosed(till_id=till.id)
    return session


def check_pin(username: str, pin: str, roles: frozenset[str] = COUNTER) -> Person:
    """The active person with this username and PIN and one of `roles`, or Forbidden."""
    person = db.session.scalar(select(Person).where(Person.username == username.strip()))
    if (person is None or not person.active or person.role not in roles or not person.pin_hash
            or not check_password_hash(person.pin_hash, pin)):
        raise Forbidden(_l("That name and PIN do not match. Try again."))
    return person


def check_approval(username: str, pin: str) -> Person:
    """The supervisor whose username and PIN were given at the till, or Forbidden."""
    try:
        return check_pin(username, pin, SUPERVISOR)
    except Forbidden:
        raise Forbidden(_l("A supervisor's username and PIN are needed to approve this.")) from None


@use_case
def switch_person(till_id: int, username: str, pin: str, *, by: Person) -> Person:
    """Hand the till to another person, who proves it with their PIN; their name goes on the next sales."""
    person = check_pin(username, pin)
    till = get_till(till_id)
    record_event("till.person_switched", "till", till.id, by, shop_id=till.shop_id, till_id=till.id,
                 to_person_id=person.id)
    return person


@use_case
def set_till_training(till_id: int, on: bool, *, by: Person) -> Till:
    """Switch training mode on or off for a whole till."""
    till = get_till(till_id)
    till.training = on
    record_event("till.training", "till", till.id, by, shop_id=till.shop_id, till_id=till.id, training=on)
    return till


@use_case
def set_person_training(person_id: int, on: bool, *, by: Person) -> Person:
    """Switch training mode on or off for one person, at every till."""
    person = db.session.get(Person, person_id) if fits(person_id) else None
    if person is None:
        raise ValidationFailed(_l("Unknown person."), field="person_id")
    person.training = on
    record_event("person.training", "person", person.id, by, training=on)
    return person


def count_drawer(counts: dict[int, int]) -> int:
    """The value in öre of notes and coins counted by denomination ({öre value: pieces})."""
    total = 0
    for value, pieces in counts.items():
        if value not in DENOMINATIONS:
            raise ValidationFailed(_l("Unknown note or coin."), field="counts")
        if pieces < 0 or pieces > MAX_PIECES:
            raise ValidationFailed(_l("Count each note and coin from 0 pieces."), field="counts")
        total += value * pieces
    return total


def _cash_amount(amount: int | None, counts: dict[int, int] | None, field: str, limit: int) -> tuple[int, dict]:
    """An amount counted as a sum or by denomination: (öre, counts as stored)."""
    if counts:
        amount = count_drawer(counts)
    if amount is None or amount < 0 or amount > limit:
        raise ValidationFailed(_l("Count the cash: an amount from 0 kr."), field=field)
    return amount, {str(value): pieces for value, pieces in sorted((counts or {}).items(), reverse=True) if pieces}


@use_case
def open_till(till_id: int, *, opening_float: int | None = None, counts: dict[int, int] | None = None,
              by: Person) -> TillSession:
    """Open a session at the till with a float counted as a sum or by denomination."""
    opening_float, stored = _cash_amount(opening_float, counts, "opening_float", MAX_FLOAT)
    till = _lock_till(till_id)
    if open_session(till.id) is not None:
        raise TillAlreadyOpen(till_id=till.id)
    session = TillSession(till_id=till.id, opened_at=utcnow(), opened_by_id=by.id, opening_float=opening_float,
                          opening_counts=stored)
    db.session.add(session)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: another opening won the race
        raise TillAlreadyOpen(till_id=till.id) from exc
    journal.append(till.id, "float", by, {"session_id": session.id, "opening_float": opening_float,
                                          "counts": stored})
    return session


@use_case
def move_cash(till_id: int, kind: str, *, amount: int = 0, reason: str = "", by: Person) -> CashMovement:
    """Put cash in, take cash out (each with a reason), or open the drawer without a sale."""
    if kind not in CASH_MOVEMENTS:
        raise ValidationFailed(_l("Unknown cash movement."), field="kind")
    reason = reason.strip()[:200]
    if kind != "no_sale" and not (0 < amount <= MAX_FLOAT):
        raise ValidationFailed(_l("Write the amount, more than 0 kr."), field="amount")
    if kind != "no_sale" and not reason:
        raise ValidationFailed(_l("Say why the cash moves."), field="reason")
    till = _lock_till(till_id)
    session = _open_session_of(till)
    movement = CashMovement(session_id=session.id, kind=kind, amount=0 if kind == "no_sale" else amount,
                            reason=reason, at=utcnow(), person_id=by.id)
    db.session.add(movement)
    db.session.flush()
    journal.append(till.id, kind, by, {"session_id": session.id, "amount": movement.amount, "reason": reason})
    return movement


def x_report(till_id: int) -> dict[str, Any]:
    """The X report of the open session (read only)."""
    till = get_till(till_id)
    return build_report(till, _open_session_of(till), "X")


@use_case
def take_x_report(till_id: int, *, by: Person) -> dict[str, Any]:
    """Take an X report and note it in the journal."""
    _lock_till(till_id)
    report = x_report(till_id)
    journal.append(till_id, "x_report", by, {k: report[k] for k in ("total_sales", "receipts", "expected_cash")})
    return report


def close_till(till_id: int, *, counted_cash: int | None = None, counts: dict[int, int] | None = None,
               by: Person) -> dict[str, Any]:
    """Close the day (`take_z_report`), then tidy what the day left once the Z report has committed.

    The day's garment changes are folded into the tallies (so a shop where nobody opens the
    feedback pages keeps at most a day of them) and SQLite's query planner gets a fresh picture
    of the shop, each in its own transaction: a fault there is logged and the Z report stands.
    """
    report = take_z_report(till_id, counted_cash=counted_cash, counts=counts, by=by)
    for tidy in (tallies.fold_all, _refresh_statistics):
        try:
            tidy()
        except Exception:  # the Z report is committed; a tally or ANALYZE fault must not undo or hide it
            current_app.logger.exception("After the Z report of till %s: %s failed", till_id, tidy.__name__)
    return report


@use_case
def _refresh_statistics() -> None:
    refresh_statistics(db.session.connection())


@use_case
def take_z_report(till_id: int, *, counted_cash: int | None = None, counts: dict[int, int] | None = None,
                  by: Person) -> dict[str, Any]:
    """Count the drawer (as a sum or by denomination), take the Z report and close the session."""
    counted_cash, stored = _cash_amount(counted_cash, counts, "counted_cash", MAX_FLOAT * 10)
    till = _lock_till(till_id)
    session = _open_session_of(till)
    z_number = db.session.execute(
        update(Till).where(Till.id == till.id).values(last_z_no=Till.last_z_no + 1).returning(Till.last_z_no)
    ).scalar_one()
    report = build_report(till, session, "Z")
    report.update({"z_number": z_number, "counted_cash": counted_cash, "counted_by_denomination": stored,
                   "difference": counted_cash - report["expected_cash"]})
    closed = db.session.execute(
        update(TillSession).where(TillSession.id == session.id, TillSession.closed_at.is_(None))
        .values(closed_at=utcnow(), closed_by_id=by.id, expected_cash=report["expected_cash"],
                counted_cash=counted_cash, closing_counts=stored, z_number=z_number)
    ).rowcount
    if closed != 1:
        raise TillClosed(till_id=till.id)
    journal.append(till.id, "z_report", by, report)
    record_event("till.closed", "till", till.id, by, till_id=till.id, z_number=z_number,
                 difference=report["difference"])
    return report


def z_reports(till_id: int) -> list[dict[str, Any]]:
    """Every Z report the till has taken, newest first, as the journal keeps them."""
    return [entry["data"] for entry in journal.entries_of(till_id, "z_report")][::-1]
