"""X and Z reports, and the cash count at closing."""

from __future__ import annotations

import pytest

from pos.errors import TillClosed
from pos.sales import returns as sale_returns
from pos.tills import services as till_services


def test_the_x_report_adds_up_the_session(make_item, open_till, cashier, supervisor, sell):
    jeans, shirt, tops = make_item(price=10000, category="jeans"), make_item(price=6000), make_item(price=4000)
    sell(jeans, shirt)
    sale = sell(tops, method="card")
    sale_returns.return_items(sale.id, [tops.code], method="card", by=supervisor)
    report = till_services.x_report(open_till.id)
    assert report["kind"] == "X"
    assert report["total_sales"] == 20000
    assert report["sales_per_category"] == {"jeans": 10000, "shirts": 6000 + 4000 - 4000}
    assert report["payments"] == {"card": 0, "cash": 16000}
    assert report["returns"] == {"count": 1, "amount": -4000}
    assert (report["receipts"], report["items_sold"]) == (2, 3)
    assert report["expected_cash"] == 50000 + 16000
    assert report["grand_totals"] == {"sales": 20000, "returns": -4000, "net": 16000}


def test_closing_the_day_counts_the_drawer_and_numbers_the_z_report(make_item, open_till, cashier, supervisor, sell):
    sell(make_item(price=14900))
    report = till_services.close_till(open_till.id, counted_cash=50000 + 14900 - 100, by=supervisor)
    assert (report["kind"], report["z_number"]) == ("Z", 1)
    assert (report["expected_cash"], report["difference"]) == (64900, -100)
    with pytest.raises(TillClosed):
        till_services.close_till(open_till.id, counted_cash=0, by=supervisor)


def test_closing_the_day_refreshes_sqlites_statistics_for_the_query_planner(make_item, open_till, supervisor, sell):
    from sqlalchemy import text

    from boutique.db import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    sell(make_item(price=1000))
    db.session.execute(text("ANALYZE"))  # makes sqlite_stat1, emptied next
    db.session.execute(text("DELETE FROM sqlite_stat1"))
    db.session.commit()
    till_services.close_till(open_till.id, counted_cash=51000, by=supervisor)
    analysed = set(db.session.scalars(text("SELECT idx FROM sqlite_stat1 WHERE tbl = 'items'")))
    assert {"ix_items_status_category", "ix_items_feedback"} <= analysed


def test_closing_the_day_folds_the_days_garment_changes_into_the_tallies(make_item, open_till, supervisor, sell):
    from sqlalchemy import text

    from boutique.db import db
    from inventory.tallies import services as tallies

    def waiting() -> int:
        return sum(db.session.scalar(text(f"SELECT COUNT(*) FROM {t.changes}")) for t in tallies.TALLIES)

    sell(make_item(price=1000))
    assert waiting() > 0
    listed = sorted(tallies.counts(tallies.LISTED, ["status"]))
    till_services.close_till(open_till.id, counted_cash=51000, by=supervisor)
    assert waiting() == 0
    assert sorted(tallies.counts(tallies.LISTED, ["status"])) == listed



def test_a_tally_fault_after_the_close_leaves_the_z_report_saved_and_answered(api_as, make_item, open_till, supervisor,
                                                                           sell, monkeypatch, caplog):
    from sqlalchemy import text

    from boutique.db import db
    from inventory.tallies import services as tallies

    def broken_fold(conn, tally):  # a fault in the database, which on PostgreSQL spoils its transaction
        conn.execute(text("SELECT no_such_column FROM items"))

    sell(make_item(price=1000))
    monkeypatch.setattr(tallies, "fold", broken_fold)
    api, till_id = api_as(supervisor), open_till.id
    db.session.remove()
    response = api.post(f"/tills/{till_id}/session/close", json={"counted_cash": 51000})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["z_number"], response.get_json()["total_sales"]) == (1, 1000)
    db.session.remove()
    assert [z["z_number"] for z in till_services.z_reports(till_id)] == [1]
    assert till_services.open_session(till_id) is None
    assert "fold_all failed" in caplog.text


def test_grand_totals_never_reset_across_days(make_item, open_till, cashier, supervisor, sell):
    sell(make_item(price=1000))
    till_services.close_till(open_till.id, counted_cash=51000, by=supervisor)
    till_services.open_till(open_till.id, opening_float=50000, by=cashier)
    sell(make_item(price=2000))
    report = till_services.close_till(open_till.id, counted_cash=52000, by=supervisor)
    assert (report["z_number"], report["total_sales"], report["grand_totals"]["sales"]) == (2, 2000, 3000)


def test_a_till_whose_lifetime_sales_pass_21_million_kronor_goes_on_selling(make_item, open_till, cashier,
                                                                             supervisor, sell):
    from sqlalchemy import update

    from boutique.db import db
    from boutique.models import Till
    from pos.journal import services as journal
    from pos.tills import services as till_services

    sell(make_item(price=1000))
    # Years of sales later: one krona short of what a 32-bit column holds (2,147,483,647 öre).
    db.session.execute(update(Till).where(Till.id == open_till.id).values(grand_sales=2_147_483_547))
    db.session.commit()
    sale = sell(make_item(price=50000))
    assert sale.receipt_no == 2
    report = till_services.close_till(open_till.id, counted_cash=50000 + 51000, by=supervisor)
    assert report["grand_totals"]["sales"] == 2_147_483_547 + 50000
    assert journal.verify().ok

