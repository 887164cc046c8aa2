"""The register journal: a gapless, hash-chained sequence of register events per till.

Each entry's hash is SHA-256(previous hash ‖ canonical JSON of the entry). Nothing is ever
updated or deleted; a correction is a new entry. `verify` recomputes every chain and names
the first entry that was altered, removed or moved.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

from flask import current_app, has_app_context
from sqlalchemy import select, update

from boutique.clock import utcnow
from boutique.db import db
from boutique.models import Person, Till

from .models import JournalEntry

GENESIS = "0" * 64
JOURNAL_KINDS = ("sale", "return", "copy", "training_sale", "no_sale", "cash_in", "cash_out", "float",
                 "price_override", "x_report", "z_report", "session_open")


class ControlUnit(Protocol):
    """Where a certified control unit (kontrollenhet) plugs in: it signs each register event.

    `register` is called inside the sale's transaction, after the entry is chained; what it
    returns is kept on the entry and printed on the receipt. Raising aborts the whole sale.
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
    """Append an entry to the till's journal inside the caller's transaction (flushes only).

    Incrementing the till's sequence with an UPDATE locks the till row until commit, so
    entries of one till are numbered and chained one after another even across servers.
    """
    if kind not in JOURNAL_KINDS:
        raise ValueError(f"unknown journal kind {kind!r}")
    seq, prev = db.session.execute(
        update(Till).where(Till.id == till_id).values(journal_seq=Till.journal_seq + 1)
        .returning(Till.journal_seq, Till.journal_head)
    ).one()
    at = utcnow().isoformat()
    body = canonical(till_id, seq, at, kind, by.id if by else None, data)
    digest = chain_hash(prev, body)
    db.session.execute(update(Till).where(Till.id == till_id).values(journal_head=digest))
    entry = JournalEntry(till_id=till_id, seq=seq, at=utcnow(), kind=kind, person_id=by.id if by else None,
                         body=body, prev_hash=prev, hash=digest)
    db.session.add(entry)
    db.session.flush()
    till = db.session.get(Till, till_id)
    if till is not None:
        entry.control_code = (get_control_unit().register(till, entry) or "")[:120]
    return entry


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
