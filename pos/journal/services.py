"""The register journal: a gapless, hash-chained sequence of register events per till.

Each entry's hash is SHA-256(previous hash ‖ canonical JSON of the entry). Nothing is ever
updated or deleted; a correction is a new entry. `verify` recomputes every chain and names
the first entry that was altered, removed or moved.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from flask import current_app, has_app_context
from sqlalchemy import Insert, Update, bindparam, insert, select, update

from boutique.clock import utcnow
from boutique.db import db
from boutique.models import Person, Till

from ..models import JournalEntry

GENESIS = "0" * 64
JOURNAL_KINDS = ("sale", "return", "copy", "training_sale", "no_sale", "cash_in", "cash_out", "float",
                 "price_override", "x_report", "z_report")


class ControlUnit(Protocol):
    """Where a certified control unit (kontrollenhet) plugs in: it signs each register event.

    `register` is called inside the sale's transaction, after the entry is chained and before
    it is written (it has no id yet); what it returns is kept on the entry and printed on the
    receipt. Raising aborts the whole sale.
    """

    def register(self, till: Till, entry: JournalEntry) -> str | None:
        """Send the entry to the control unit; return its control code, if any."""


class NoControlUnit:
    """The default: no control unit attached."""

    def register(self, till: Till, entry: JournalEntry) -> str | None:
        return None


def get_control_unit() -> ControlUnit:
    """The control unit the app is configured with: CONTROL_UNIT = "module:factory", or none."""
    if not has_app_context():
        return NoControlUnit()
    configured = current_app.config.get("CONTROL_UNIT")
    if not configured:
        return NoControlUnit()
    if not isinstance(configured, str):  # an object given in test or instance config
        return configured
    units = current_app.extensions.setdefault("pos_control_units", {})
    if configured not in units:  # made once per app, so a device connection is opened once
        module_name, _, factory = configured.partition(":")
        units[configured] = getattr(importlib.import_module(module_name), factory)()
    return units[configured]


def canonical(till_id: int, seq: int, at: str, kind: str, person_id: int | None, data: dict[str, Any]) -> str:
    """The entry's canonical JSON: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps({"till_id": till_id, "seq": seq, "at": at, "kind": kind, "person_id": person_id,
                       "data": data}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, body: str) -> str:
    """SHA-256 of the previous hash followed by the entry's canonical JSON."""
    return hashlib.sha256(prev_hash.encode("ascii") + body.encode("utf-8")).hexdigest()


def append(till_id: int, kind: str, by: Person | None, data: dict[str, Any]) -> JournalEntry:
    """Append an entry to the till's journal inside the caller's transaction.

    The first UPDATE locks the till row until commit and reads where its chain ends, so
    entries of one till are numbered and chained one after another even across servers.
    """
    seq, head = db.session.execute(_lock_end(), {"till_id": till_id}).one()
    return append_many(till_id, by, [(kind, data)], seq=seq, head=head)[0]


def append_many(till_id: int, by: Person | None, drafts: Sequence[tuple[str, dict[str, Any]]], *, seq: int,
                head: str, grand_sales: int = 0, grand_returns: int = 0) -> list[JournalEntry]:
    """Chain entries (kind, data) onto the till's journal, which ends at `seq` and `head`.

    The caller must have read `seq` and `head` under the till row's lock in this transaction
    (an UPDATE of the row: `append`, or the sale's receipt number). The entries are written
    with one INSERT, and the till's new end with one UPDATE, which also adds to the till's
    grand totals and checks that the journal still ended at `seq`. Each entry is registered
    with the control unit once chained, before it is written, so its control code goes in
    with it. The entries returned are not in the session.
    """
    if any(kind not in JOURNAL_KINDS for kind, _data in drafts):
        raise ValueError(f"unknown journal kind in {[kind for kind, _data in drafts]!r}")
    unit = get_control_unit()
    till = None if isinstance(unit, NoControlUnit) else db.session.get(Till, till_id)
    now = utcnow()
    at = now.isoformat()
    person_id = by.id if by else None
    first_seq = seq
    entries = []
    for kind, data in drafts:
        seq += 1
        body = canonical(till_id, seq, at, kind, person_id, data)
        digest = chain_hash(head, body)
        entry = JournalEntry(till_id=till_id, seq=seq, at=now, kind=kind, person_id=person_id, body=body,
                             prev_hash=head, hash=digest, control_code="")
        if till is not None:
            entry.control_code = (unit.register(till, entry) or "")[:120]
        entries.append(entry)
        head = digest
    db.session.execute(_insert_entries(), [{column: getattr(entry, column) for column in _ENTRY_COLUMNS}
                                            for entry in entries])
    moved = db.session.execute(_move_end(), {"till_id": till_id, "expected": first_seq, "seq": seq, "head": head,
                                             "sales": grand_sales, "returns": grand_returns}).rowcount
    if moved != 1:
        raise RuntimeError(f"the journal of till {till_id} moved while it was being appended to")
    return entries


_ENTRY_COLUMNS = ("till_id", "seq", "at", "kind", "person_id", "body", "prev_hash", "hash", "control_code")


@functools.cache
def _insert_entries() -> Insert:
    return insert(JournalEntry.__table__)


@functools.cache
def _lock_end() -> Update:
    """Lock the till row (an UPDATE that changes nothing) and read where its journal ends."""
    tills = Till.__table__.c
    return (update(Till.__table__).where(tills.id == bindparam("till_id")).values(journal_seq=tills.journal_seq)
            .returning(tills.journal_seq, tills.journal_head))


@functools.cache
def _move_end() -> Update:
    """The till's new journal end and grand totals, only if the journal still ends where it was read."""
    tills = Till.__table__.c
    return (update(Till.__table__).where(tills.id == bindparam("till_id"), tills.journal_seq == bindparam("expected"))
            .values(journal_seq=bindparam("seq"), journal_head=bindparam("head"),
                    grand_sales=tills.grand_sales + bindparam("sales"),
                    grand_returns=tills.grand_returns + bindparam("returns")))


def entries_of(till_id: int, kind: str) -> list[dict[str, Any]]:
    """The parsed bodies of a till's journal entries of one kind, oldest first."""
    return [json.loads(body) for body in db.session.scalars(
        select(JournalEntry.body).where(JournalEntry.till_id == till_id, JournalEntry.kind == kind)
        .order_by(JournalEntry.seq))]


@dataclass
class Verdict:
    """The result of verifying the journals."""

    ok: bool
    entries: int
    first_bad: dict[str, Any] | None = None


def verify() -> Verdict:
    """Recompute every till's chain; report the first entry that does not fit."""
    checked = 0
    for till in db.session.scalars(select(Till).order_by(Till.id)):
        prev = GENESIS
        expected_seq = 1
        rows = db.session.execute(
            select(JournalEntry.seq, JournalEntry.kind, JournalEntry.body, JournalEntry.prev_hash, JournalEntry.hash)
            .where(JournalEntry.till_id == till.id).order_by(JournalEntry.seq)
        )
        for seq, kind, body, prev_hash, digest in rows:
            checked += 1
            problem = None
            if seq != expected_seq:
                problem = "missing_entry"
            elif prev_hash != prev:
                problem = "broken_chain"
            else:
                try:
                    parsed = json.loads(body)
                except ValueError:
                    parsed = None
                if not isinstance(parsed, dict) or (parsed.get("seq"), parsed.get("till_id"), parsed.get("kind")) != (
                        seq, till.id, kind):
                    problem = "altered_entry"
                elif chain_hash(prev, body) != digest:
                    problem = "altered_entry"
            if problem:
                return Verdict(False, checked, {"till_id": till.id, "seq": seq, "problem": problem})
            prev = digest
            expected_seq += 1
        if expected_seq - 1 != till.journal_seq or prev != till.journal_head:
            return Verdict(False, checked, {"till_id": till.id, "seq": expected_seq, "problem": "missing_entry"})
    return Verdict(True, checked)
