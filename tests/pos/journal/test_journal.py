"""The register journal: append-only, gapless, hash-chained, and verify finds any tampering."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from boutique.db import db
from pos.campaigns.prices import LineRequest
from pos.journal import services as journal
from pos.models import JournalEntry
from pos.sales import returns as sale_returns
from pos.sales import services as sale_services
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services


@pytest.fixture
def busy_till(make_item, open_till, cashier):
    """A till with a float entry and three sales in its journal."""
    for price in (1000, 2000, 3000):
        item = make_item(price=price)
        sale_services.ring_up(open_till.id, [LineRequest(code=item.code)], [PaymentRequest("cash", price)], by=cashier)
    return open_till


def entries(till_id):
    return db.session.query(JournalEntry).filter_by(till_id=till_id).order_by(JournalEntry.seq).all()


def test_every_register_event_is_chained_to_the_one_before(busy_till):
    rows = entries(busy_till.id)
    assert [r.kind for r in rows] == ["float", "sale", "sale", "sale"]
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[0].prev_hash == journal.GENESIS
    for before, after in zip(rows, rows[1:]):
        assert after.prev_hash == before.hash
        assert after.hash == journal.chain_hash(before.hash, after.body)
    assert journal.verify().ok and journal.verify().entries == 4


def test_verify_finds_an_altered_amount(busy_till):
    row = entries(busy_till.id)[2]
    body = json.loads(row.body)
    body["data"]["total"] = 1
    db.session.execute(text("UPDATE journal_entries SET body = :b WHERE id = :id"),
                       {"b": json.dumps(body, sort_keys=True, separators=(",", ":")), "id": row.id})
    db.session.commit()
    verdict = journal.verify()
    assert not verdict.ok
    assert verdict.first_bad == {"till_id": busy_till.id, "seq": 3, "problem": "altered_entry"}


def test_verify_finds_a_deleted_entry(busy_till):
    row = entries(busy_till.id)[1]
    db.session.execute(text("DELETE FROM journal_entries WHERE id = :id"), {"id": row.id})
    db.session.commit()
    verdict = journal.verify()
    assert not verdict.ok and verdict.first_bad["seq"] == 3 and verdict.first_bad["problem"] == "missing_entry"


def test_verify_finds_the_last_entry_deleted(busy_till):
    row = entries(busy_till.id)[-1]
    db.session.execute(text("DELETE FROM journal_entries WHERE id = :id"), {"id": row.id})
    db.session.commit()
    assert journal.verify().first_bad == {"till_id": busy_till.id, "seq": 4, "problem": "missing_entry"}


def test_verify_finds_two_entries_swapped(busy_till):
    second, third = entries(busy_till.id)[1:3]
    db.session.execute(text("UPDATE journal_entries SET seq = -1 WHERE id = :id"), {"id": second.id})
    db.session.execute(text("UPDATE journal_entries SET seq = 2 WHERE id = :id"), {"id": third.id})
    db.session.execute(text("UPDATE journal_entries SET seq = 3 WHERE id = :id"), {"id": second.id})
    db.session.commit()
    verdict = journal.verify()
    assert not verdict.ok and verdict.first_bad["seq"] == 2


def test_the_verify_command_exits_1_on_a_tampered_journal(busy_till, runner):
    assert runner.invoke(args=["journal", "verify"]).exit_code == 0
    db.session.execute(text("UPDATE journal_entries SET kind = 'copy' WHERE seq = 2"))
    db.session.commit()
    result = runner.invoke(args=["journal", "verify"])
    assert result.exit_code == 1
    assert "seq': 2" in result.output


def test_sales_and_returns_interleaved_keep_one_gapless_numbering_and_the_grand_totals(make_item, open_till, cashier,
                                                                                        supervisor, sell):
    first, second, third = make_item(price=1000), make_item(price=2000), make_item(price=3000)
    sale_one = sell(first, second)
    refund_one = sale_returns.return_items(sale_one.id, [first.code], method="cash", by=supervisor)
    sale_two = sell(third, method="card")
    refund_two = sale_returns.return_items(sale_one.id, [second.code], method="card", by=supervisor)
    refund_three = sale_returns.return_items(sale_two.id, [third.code], method="cash", by=supervisor)
    assert [r.receipt_no for r in (sale_one, refund_one, sale_two, refund_two, refund_three)] == [1, 2, 3, 4, 5]
    rows = entries(open_till.id)
    assert [r.kind for r in rows] == ["float", "sale", "return", "sale", "return", "return"]
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [json.loads(r.body)["data"].get("receipt_no") for r in rows[1:]] == [1, 2, 3, 4, 5]
    report = till_services.x_report(open_till.id)
    assert report["grand_totals"] == {"sales": 6000, "returns": -6000, "net": 0}
    assert journal.verify().ok
