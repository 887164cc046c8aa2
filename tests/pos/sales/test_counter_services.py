"""The counter's use cases beyond the plain sale: cash, campaigns and markdowns, discounts, training, VAT."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from boutique.clock import frozen_at, shop_date, utcnow
from boutique.db import db
from boutique.errors import Forbidden, ValidationFailed
from inventory.garments import services as garment_services
from pos.campaigns import services as campaign_services
from pos.campaigns.prices import Discount, LineRequest
from pos.errors import ApprovalNeeded, ReturnNotAllowed
from pos.journal import services as journal
from pos.models import JournalEntry
from pos.sales import returns as sale_returns
from pos.sales import services as sale_services
from pos.sales.receipts import build_receipt
from pos.sales.services import PaymentRequest
from pos.tills import services as till_services


def journal_kinds(till_id):
    return list(db.session.scalars(select(JournalEntry.kind).where(JournalEntry.till_id == till_id)
                                   .order_by(JournalEntry.seq)))


def receipt_text(sale):
    receipt = build_receipt(sale, is_copy=False)
    return "\n".join(f"{left} {right}" for left, right in receipt.lines + receipt.totals + receipt.vat_lines)


def test_a_float_counted_by_notes_and_coins_is_their_sum(till, cashier):
    session = till_services.open_till(till.id, counts={50000: 1, 10000: 3, 2000: 2, 500: 4}, by=cashier)
    assert session.opening_float == 50000 + 30000 + 4000 + 2000
    assert json.loads(db.session.scalar(select(JournalEntry.body)))["data"]["counts"] == {
        "50000": 1, "10000": 3, "2000": 2, "500": 4}


def test_a_float_of_unknown_coins_is_refused(till, cashier):
    with pytest.raises(ValidationFailed):
        till_services.open_till(till.id, counts={300: 1}, by=cashier)
    assert till_services.open_session(till.id) is None


def test_cash_in_and_out_need_a_reason_and_move_the_expected_cash(open_till, cashier):
    with pytest.raises(ValidationFailed):
        till_services.move_cash(open_till.id, "cash_out", amount=10000, reason=" ", by=cashier)
    till_services.move_cash(open_till.id, "cash_in", amount=20000, reason="Växel från banken", by=cashier)
    till_services.move_cash(open_till.id, "cash_out", amount=5000, reason="Kaffe", by=cashier)
    report = till_services.x_report(open_till.id)
    assert report["cash_in"] == {"count": 1, "amount": 20000}
    assert report["cash_out"] == {"count": 1, "amount": 5000}
    assert report["expected_cash"] == 50000 + 20000 - 5000
    assert journal_kinds(open_till.id)[-2:] == ["cash_in", "cash_out"]


def test_opening_the_drawer_without_a_sale_is_journalled_and_counted(open_till, cashier):
    till_services.move_cash(open_till.id, "no_sale", by=cashier)
    till_services.move_cash(open_till.id, "no_sale", by=cashier)
    assert till_services.x_report(open_till.id)["no_sale_openings"] == 2
    assert journal_kinds(open_till.id).count("no_sale") == 2
    assert journal.verify().ok


def test_closing_by_notes_and_coins_records_the_drawer_short(make_item, open_till, sell, supervisor):
    sell(make_item(price=14900))
    report = till_services.close_till(open_till.id, counts={50000: 1, 10000: 1, 2000: 2}, by=supervisor)
    assert (report["expected_cash"], report["counted_cash"], report["difference"]) == (64900, 64000, -900)
    assert report["counted_by_denomination"] == {"50000": 1, "10000": 1, "2000": 2}
    assert till_services.z_reports(open_till.id)[0]["difference"] == -900


def test_a_campaign_on_a_category_lowers_the_price_and_names_itself_on_the_line(make_item, open_till, sell,
                                                                                   supervisor, shop):
    jeans, shirt = make_item(price=14900, category="jeans"), make_item(price=6000)
    today = shop_date(utcnow())
    campaign_services.create_campaign(shop.id, name="Julmarknad", starts_on=today, ends_on=today, percent=25,
                             categories=["jeans"], by=supervisor)
    sale = sell(jeans, shirt)
    lines = {line.category.key: line for line in sale.lines}
    assert (lines["jeans"].list_price, lines["jeans"].markdown, lines["jeans"].price) == (14900, 3700, 11200)
    assert lines["jeans"].markdown_reason == "Julmarknad −25 %"
    assert (lines["shirts"].markdown, lines["shirts"].price) == (0, 6000)
    assert "Julmarknad −25 % -37\u00a0kr" in receipt_text(sale)
    assert till_services.x_report(open_till.id)["discounts"] == 3700


def test_a_campaign_for_one_tag_colour_leaves_other_colours_alone(make_item, open_till, sell, supervisor, shop):
    item = make_item(price=10000)
    other = next(c for c in ("blue", "green") if c != item.tag_colour)
    today = shop_date(utcnow())
    campaign_services.create_campaign(shop.id, name="Ramadan", starts_on=today, ends_on=today + timedelta(days=29),
                             percent=20, tag_colours=[other], by=supervisor)
    assert sell(item).total == 10000


def test_an_ended_or_future_campaign_changes_nothing(make_item, open_till, sell, supervisor, shop):
    today = shop_date(utcnow())
    ended = campaign_services.create_campaign(shop.id, name="Gammal", starts_on=today, ends_on=today, percent=50,
                                     by=supervisor)
    campaign_services.end_campaign(ended.id, by=supervisor)
    campaign_services.create_campaign(shop.id, name="Sen", starts_on=today + timedelta(days=1),
                             ends_on=today + timedelta(days=2), percent=50, by=supervisor)
    assert sell(make_item(price=10000)).total == 10000


def test_a_garment_long_on_the_floor_is_marked_down_by_its_weeks(make_item, open_till, cashier, supervisor, shop):
    with frozen_at(utcnow() - timedelta(weeks=5)):
        old = make_item(price=8000)
    campaign_services.set_markdowns(shop.id, {4: 30, 8: 50}, by=supervisor)
    fresh = make_item(price=8000)
    lines = sale_services.price_cart(open_till.id, [LineRequest(code=old.code), LineRequest(code=fresh.code)])
    assert [line.price for line in lines] == [5600, 8000]
    assert "5" in lines[0].markdown_reason and "30 %" in lines[0].markdown_reason


def test_a_campaign_and_a_markdown_do_not_add_up_the_better_one_wins(make_item, open_till, supervisor, shop):
    with frozen_at(utcnow() - timedelta(weeks=9)):
        old = make_item(price=10000)
    campaign_services.set_markdowns(shop.id, {8: 50}, by=supervisor)
    today = shop_date(utcnow())
    campaign_services.create_campaign(shop.id, name="Vår", starts_on=today, ends_on=today, percent=20, by=supervisor)
    [line] = sale_services.price_cart(open_till.id, [LineRequest(code=old.code)])
    assert (line.markdown, line.price) == (5000, 5000)


def test_the_sale_prices_by_every_running_campaign_and_markdown_step_as_the_cart_showed(
        make_item, open_till, sell, supervisor, shop):
    # The sale reads the rules with its shop, the cart in a statement of its own: both must
    # find the same campaigns (lists of categories and tag colours) and steps, in the same order.
    with frozen_at(utcnow() - timedelta(weeks=9)):
        nine_weeks = make_item(price=10000)
    with frozen_at(utcnow() - timedelta(weeks=5)):
        five_weeks = make_item(price=10000)
    with frozen_at(utcnow() - timedelta(weeks=2)):  # last-but-one week's colour, no markdown yet
        plain = make_item(price=10000)
    tagged, jeans = make_item(price=10000), make_item(price=10000, category="jeans")
    campaign_services.set_markdowns(shop.id, {8: 50, 4: 30, 12: 70}, by=supervisor)
    today = shop_date(utcnow())
    tomorrow = today + timedelta(days=1)
    for name, percent, kwargs in (("Alla", 10, {}), ("Jeans", 40, {"categories": ["jeans", "dresses"]}),
                                  ("Färg", 20, {"tag_colours": [tagged.tag_colour]}),
                                  ("Imorgon", 60, {"starts_on": tomorrow})):
        campaign_services.create_campaign(shop.id, name=name, starts_on=kwargs.pop("starts_on", today), ends_on=tomorrow,
                                 percent=percent, by=supervisor, **kwargs)
    garments = [nine_weeks, five_weeks, tagged, jeans, plain]
    cart = sale_services.price_cart(open_till.id, [LineRequest(code=g.code) for g in garments])
    sale = sell(*garments)
    expected = [(5000, "50 %"), (3000, "30 %"), (2000, "Färg −20 %"), (4000, "Jeans −40 %"), (1000, "Alla −10 %")]
    shown = [(line.markdown, line.markdown_reason[-len(reason):]) for line, (_, reason) in zip(cart, expected)]
    assert shown == expected
    assert [(line.markdown, line.markdown_reason) for line in sale.lines] == [
        (line.markdown, line.markdown_reason) for line in cart]


def test_a_small_discount_is_recorded_on_its_line_and_journalled_as_a_price_override(make_item, open_till, sell):
    item = make_item(price=10000)
    sale = sell(LineRequest(code=item.code, discount=Discount(amount=1000, reason="Fläck")))
    line = sale.lines[0]
    assert (line.list_price, line.discount, line.discount_reason, line.price) == (10000, 1000, "Fläck", 9000)
    assert journal_kinds(open_till.id)[-2:] == ["sale", "price_override"]
    assert till_services.x_report(open_till.id)["discounts"] == 1000
    assert "Fläck -10\u00a0kr" in receipt_text(sale)


def test_a_discount_above_the_threshold_needs_a_supervisors_pin(make_item, open_till, cashier, supervisor):
    item = make_item(price=10000)
    big = [LineRequest(code=item.code, discount=Discount(percent=50, reason="damaged"))]
    with pytest.raises(ApprovalNeeded):
        sale_services.ring_up(open_till.id, big, [PaymentRequest("cash", 5000)], by=cashier)
    assert garment_services.get_item(item.code).status == "priced"
    with pytest.raises(Forbidden):
        till_services.check_approval(supervisor.username, "0000")
    approver = till_services.check_approval(supervisor.username, "4321")
    sale = sale_services.ring_up(open_till.id, big, [PaymentRequest("cash", 5000)], by=cashier, approved_by=approver)
    assert (sale.total, sale.approved_by_id) == (5000, supervisor.id)


def test_a_discount_on_the_whole_sale_is_spread_over_the_lines_to_the_ore(make_item, open_till, sell):
    items = [make_item(price=3333), make_item(price=3333), make_item(price=3334)]
    sale = sell(*items, discount=Discount(amount=1000, reason="bundle"))
    assert sum(line.discount for line in sale.lines) == 1000
    assert sale.total == 9000
    assert len({line.discount_reason for line in sale.lines}) == 1 and sale.lines[0].discount_reason


def test_a_quick_key_sells_at_the_flat_price_and_an_open_price_only_within_the_limits(open_till, cashier, shop):
    flat = sale_services.ring_up(open_till.id, [LineRequest(category="tops")], [PaymentRequest("cash", 4000)], by=cashier)
    assert flat.total == 4000
    with pytest.raises(ValidationFailed):
        sale_services.ring_up(open_till.id, [LineRequest(category="tops", price=shop.open_price_max + 100)],
                         [PaymentRequest("cash", 200000)], by=cashier)
    assert sale_services.ring_up(open_till.id, [LineRequest(category="tops", price=2500)],
                            [PaymentRequest("cash", 2500)], by=cashier).receipt_no == 2


@pytest.mark.parametrize("who", ["person", "till"])
def test_training_mode_makes_every_receipt_a_training_receipt_and_moves_no_stock(who, make_item, open_till, sell,
                                                                                    cashier, supervisor):
    if who == "person":
        till_services.set_person_training(cashier.id, True, by=supervisor)
    else:
        till_services.set_till_training(open_till.id, True, by=supervisor)
    item = make_item(price=5000)
    sale = sell(item)
    assert sale.training and "ÖVNINGSKVITTO" in build_receipt(sale, is_copy=False).marks
    assert garment_services.get_item(item.code).status == "priced"
    report = till_services.x_report(open_till.id)
    assert (report["training"], report["total_sales"], report["payments"]) == ({"count": 1, "amount": 5000}, 0, {})
    with pytest.raises(ReturnNotAllowed):
        sale_returns.return_items(sale.id, [item.code], method="cash", by=supervisor)


def test_switching_person_needs_their_pin(open_till, cashier, make_person):
    other = make_person("counter", display_name="Samir")
    with pytest.raises(Forbidden):
        till_services.switch_person(open_till.id, other.username, "9999", by=cashier)
    assert till_services.switch_person(open_till.id, other.username, "4321", by=cashier) == other


def test_standard_vat_is_shown_per_rate_on_the_receipt_and_in_the_report(make_item, open_till, sell, shop,
                                                                          supervisor):
    shop.vat_mode = "standard"
    db.session.commit()
    sale = sell(make_item(price=12500))
    assert (sale.lines[0].vat_rate, sale.lines[0].vat_amount) == (2500, 2500)
    assert "Moms 25 % av 100\u00a0kr 25\u00a0kr" in receipt_text(sale)
    assert till_services.x_report(open_till.id)["vat"] == {"2500": 2500}


def test_the_margin_scheme_shows_no_vat_amount(make_item, open_till, sell, shop):
    shop.vat_mode = "margin"
    db.session.commit()
    sale = sell(make_item(price=12500))
    assert sale.lines[0].vat_amount == 0
    assert till_services.x_report(open_till.id)["vat"] == {}
    assert build_receipt(sale, is_copy=False).vat_lines == [("Begagnade varor – vinstmarginalbeskattning", "")]


def test_only_an_admin_changes_the_vat_mode(shop, supervisor, make_person):
    settings = {"discount_approval_percent": 20, "open_price_min": 1000, "open_price_max": 100000,
                "swish_number": "123 456 78 90"}
    with pytest.raises(Forbidden):
        campaign_services.update_counter_settings(shop.id, by=supervisor, vat_mode="standard", **settings)
    updated = campaign_services.update_counter_settings(shop.id, by=make_person("admin"), vat_mode="standard", **settings)
    assert (updated.vat_mode, updated.swish_number) == ("standard", "1234567890")


class StampingControlUnit:
    """A stand-in for a certified control unit: answers a code for every entry."""

    def register(self, till, entry):
        return f"KU-{till.id}-{entry.seq}"


def test_a_control_unit_signs_each_receipt_and_the_code_is_printed(app, make_item, open_till, sell):
    app.config["CONTROL_UNIT"] = StampingControlUnit()
    sale = sell(make_item(price=5000))
    assert sale.control_code == "KU-%d-2" % open_till.id
    assert build_receipt(sale, is_copy=False).control_code == sale.control_code


def test_a_quick_key_line_can_be_returned_by_line_and_cash_is_refunded_in_whole_kronor(open_till, cashier,
                                                                                        supervisor):
    sale = sale_services.ring_up(open_till.id, [LineRequest(category="tops", price=4950)],
                            [PaymentRequest("cash", 5000)], by=cashier)
    refund = sale_returns.return_items(sale.id, line_ids=[sale.lines[0].id], method="cash", by=supervisor)
    assert (refund.total, refund.payments[0].amount, refund.rounding) == (-4950, -5000, -50)
    assert sale_returns.returned_line_ids(sale) == {sale.lines[0].id}


def test_a_payment_short_of_the_total_is_held_until_the_rest_is_paid(make_item, open_till, cashier):
    item = make_item(price=15000)
    first = sale_services.checkout(open_till.id, [LineRequest(code=item.code)], [PaymentRequest("card", 10000, "T1")],
                              by=cashier)
    assert (first.sale, first.due) == (None, 5000)
    assert garment_services.get_item(item.code).status == "priced"
    done = sale_services.checkout(open_till.id, [LineRequest(code=item.code)],
                             first.payments + [PaymentRequest("cash", None)], by=cashier)
    assert done.sale is not None
    assert sorted((p.method, p.amount) for p in done.sale.payments) == [("card", 10000), ("cash", 5000)]


def test_the_swish_qr_text_is_the_prefilled_payment_with_nothing_editable(shop):
    shop.swish_number = "1234567890"
    assert sale_services.swish_payload(shop, 14900, "Kvitto 12") == "C1234567890;149,00;Kvitto%2012;0"
