"""One garment's whole path through the real pages, as a supervisor walks it."""

from __future__ import annotations

import re
from io import BytesIO

import zxingcpp
from PIL import Image

from inventory.garments.models import Item
from pos.models import Sale


def _flash(html: str) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>([^<]*)<', html))


def test_a_supervisor_walks_one_garment_from_donation_to_sales_feedback(client, supervisor, login, app):
    login(supervisor)

    page = client.post("/donations/new", data={"channel": "drop_off", "weight": "4,5", "bags": "2", "note": ""},
                       follow_redirects=True)
    assert "Gåva 1 mottagen" in _flash(page.get_data(as_text=True)) or "Donation 1" in page.get_data(as_text=True)
    assert "4,5\u00a0kg" in page.get_data(as_text=True)

    for stage in ("unpacked", "washed"):
        page = client.post("/donations/1/stage", data={"stage": stage}, follow_redirects=True)
        assert page.status_code == 200

    page = client.post("/donations/1/sort", data={"category": "shirts", "size": "M", "colour": "blå",
                                                  "brand": "Filippa K", "material": "bomull", "condition": "4",
                                                  "weight": "0,3", "route": "shop"}, follow_redirects=True)
    item = app.extensions["sqlalchemy"].session.query(Item).one()
    assert item.code in page.get_data(as_text=True)
    assert item.donation_id == 1 and item.status == "sorted" and item.weight_grams == 300

    client.post(f"/items/{item.code}/valuation", data={"estimate": "120"}, follow_redirects=True)
    page = client.post(f"/items/{item.code}/price", data={"price": "149"}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "149\u00a0kr" in html

    label = client.get(f"/items/{item.code}/label.png")
    assert label.mimetype == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(BytesIO(label.data)))
    assert [d.text for d in decoded if d.format == zxingcpp.BarcodeFormat.EAN13] == [item.code]

    page = client.post("/till/1/open", data={"opening_float": "500"}, follow_redirects=True)
    assert "Kassa 1" in page.get_data(as_text=True)
    page = client.post("/till/1/scan", data={"code": item.code}, follow_redirects=True)
    assert "149\u00a0kr" in page.get_data(as_text=True)

    page = client.post("/till/1/pay", data={"method": "cash", "amount": "200"}, follow_redirects=True)
    receipt = page.get_data(as_text=True)
    assert "Kvittonr 1" in receipt
    assert "51\u00a0kr" in receipt  # change from 200 kr
    assert "KOPIA" not in receipt
    assert "KOPIA" in client.get("/sales/1/receipt").get_data(as_text=True)

    feedback = client.get("/feedback").get_data(as_text=True)
    assert item.code in feedback
    sale = app.extensions["sqlalchemy"].session.get(Sale, 1)
    assert sale.total == 14900 and sale.change == 5100


def test_a_wrong_check_digit_at_the_counter_says_scan_again_and_adds_nothing(client, supervisor, login,
                                                                               make_item, open_till):
    item = make_item(price=5000)
    wrong = item.code[:-1] + str((int(item.code[-1]) + 1) % 10)
    login(supervisor)
    page = client.post(f"/till/{open_till.id}/scan", data={"code": wrong}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Skanna igen" in html or "scan again" in html.lower()
    assert 'data-testid="cart"' not in html


def test_pages_refuse_a_role_that_may_not_use_them(client, make_person, login):
    designer = make_person("designer")
    login(designer)
    assert client.get("/donations").status_code == 403
    assert client.get("/till").status_code == 403
    assert client.get("/feedback").status_code == 200


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get("/donations")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
