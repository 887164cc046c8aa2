"""Label printing: batches from the API and the station queues, reprints, manufacturer codes, direct printers."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from boutique.db import db
from boutique.errors import InvalidCheckDigit
from boutique.models import Event
from inventory.codes import make_item_code
from inventory.errors import UnknownItem
from inventory.garments import services as garment_services
from inventory.labels import brother_ql_raster, printers, queue, render_label_zpl, services
from inventory.labels.services import find_item_by_scan

EAN13 = zxingcpp.BarcodeFormat.EAN13
MANUFACTURER_EAN = "7310865004703"  # a real-looking Swedish GTIN: prefix 73, valid check digit



@pytest.fixture(autouse=True)
def sorter_reads_english(warehouse):
    """The pages in these tests are read in English: the sorter has chosen English."""
    from boutique.services import update_profile

    update_profile(warehouse, display_name=warehouse.display_name, language="en", large_text=False)

def decoded_pdf_codes(pdf: bytes) -> list[str]:
    """Every EAN-13 on every page, page by page, top to bottom as a reader finds them."""
    codes: list[str] = []
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=300 / 72).to_pil()
        codes.extend(r.text for r in zxingcpp.read_barcodes(image) if r.format == EAN13)
    return codes


def page_count(pdf: bytes) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def label_events(item) -> list[Event]:
    return list(db.session.scalars(select(Event).where(
        Event.subject_type == "item", Event.subject_id == item.id, Event.kind == "item.label_printed")
        .order_by(Event.id)))


def wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


# --------------------------------------------------------------------------- POST /api/v1/labels


@pytest.mark.parametrize(("fmt", "pages"), [("a4-3x8", 1), ("62mm", 3), ("62x29", 3)])
def test_the_pdf_from_the_labels_endpoint_decodes_to_the_requested_codes(api_as, warehouse, make_item, fmt, pages):
    items = [make_item(price=4900 + 1000 * i) for i in range(3)]
    response = api_as(warehouse).post("/labels", {"codes": [i.code for i in items], "format": fmt})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert page_count(response.data) == pages
    assert sorted(decoded_pdf_codes(response.data)) == sorted(i.code for i in items)


def test_skipping_used_labels_moves_the_batch_onto_a_second_sheet(api_as, warehouse, make_item):
    items = [make_item(price=4900), make_item(price=5900)]
    response = api_as(warehouse).post("/labels", {"codes": [i.code for i in items], "format": "a4-3x8",
                                                  "skip": 23, "margin_top_mm": 10, "margin_left_mm": 2.5})
    assert response.status_code == 200
    assert page_count(response.data) == 2
    assert sorted(decoded_pdf_codes(response.data)) == sorted(i.code for i in items)


def test_codes_in_the_upc_a_form_and_with_spaces_print_their_garments(api_as, warehouse, make_item):
    item = make_item(price=4900)
    response = api_as(warehouse).post("/labels", {"codes": [f"  {item.code[1:]} "], "format": "62x29"})
    assert decoded_pdf_codes(response.data) == [item.code]


def test_an_unknown_format_is_refused_naming_the_field(api_as, warehouse, make_item):
    response = api_as(warehouse).post("/labels", {"codes": [make_item(price=4900).code], "format": "a5"})
    assert response.status_code == 422
    assert "format" in response.get_json()["details"]


def test_an_empty_list_of_codes_is_refused(api_as, warehouse):
    response = api_as(warehouse).post("/labels", {"codes": [], "format": "62mm"})
    assert response.status_code == 422
    assert "codes" in response.get_json()["details"]


def test_skipping_labels_on_tape_is_refused_naming_the_field(api_as, warehouse, make_item):
    response = api_as(warehouse).post("/labels", {"codes": [make_item(price=4900).code], "format": "62mm",
                                                  "skip": 3})
    assert response.status_code == 422
    assert response.get_json()["details"]["field"] == "skip"


def test_a_wrong_check_digit_in_a_batch_is_refused_with_the_code_in_details(api_as, warehouse, make_item):
    good = make_item(price=4900)
    bad = wrong_check_digit(make_item(price=5900).code)
    response = api_as(warehouse).post("/labels", {"codes": [good.code, bad], "format": "a4-3x8"})
    body = response.get_json()
    assert response.status_code == 422 and body["error"] == "invalid_check_digit"
    assert body["details"]["code"] == bad and bad in body["message"]
    assert label_events(good) == []


def test_a_malformed_code_in_a_batch_is_refused_with_the_code_in_details(api_as, warehouse, make_item):
    response = api_as(warehouse).post("/labels", {"codes": [make_item(price=4900).code, "12345"],
                                                  "format": "62mm"})
    assert response.status_code == 422
    assert response.get_json()["details"] == {"code": "12345", "field": "codes.1"}


def test_an_unknown_code_in_a_batch_is_a_404_naming_the_code_and_nothing_is_printed(api_as, warehouse, make_item):
    good = make_item(price=4900)
    unknown = make_item_code(987654)
    response = api_as(warehouse).post("/labels", {"codes": [good.code, unknown], "format": "62x29"})
    body = response.get_json()
    assert response.status_code == 404 and body["error"] == "unknown_item"
    assert unknown in body["message"] and body["details"]["code"] == unknown
    assert label_events(good) == []
    assert [w.item.code for w in queue.label_queue(good.shop_id)] == [good.code]


def test_a_withdrawn_garment_in_a_batch_is_a_409_naming_its_code_and_status(api_as, warehouse, make_item):
    good, gone = make_item(price=4900), make_item(price=5900)
    garment_services.withdraw_item(gone.code, reason="recycling", by=warehouse)
    response = api_as(warehouse).post("/labels", {"codes": [good.code, gone.code], "format": "a4-3x8"})
    body = response.get_json()
    assert response.status_code == 409 and body["error"] == "item_not_printable"
    assert body["details"]["code"] == gone.code and body["details"]["status"] == "withdrawn"
    assert gone.code in body["message"]
    assert label_events(good) == []


def test_a_sold_garment_in_a_batch_is_a_409_naming_its_code_and_status(api_as, warehouse, cashier, make_item,
                                                                         open_till):
    sold = make_item(price=4900)
    sale = api_as(cashier).post("/sales", {"till_id": open_till.id, "lines": [{"code": sold.code}],
                                           "payments": [{"method": "cash", "amount": 4900}]})
    assert sale.status_code == 201, sale.get_json()
    response = api_as(warehouse).post("/labels", {"codes": [sold.code], "format": "62mm"})
    assert response.status_code == 409
    assert response.get_json()["details"]["status"] == "sold"


def test_a_counter_person_may_not_print_labels(api_as, cashier, make_item):
    response = api_as(cashier).post("/labels", {"codes": [make_item(price=4900).code], "format": "62mm"})
    assert response.status_code == 403


def test_the_second_print_of_a_label_is_recorded_as_a_reprint_in_the_history(api_as, warehouse, make_item):
    item = make_item(price=4900)
    api = api_as(warehouse)
    api.post("/labels", {"codes": [item.code], "format": "62mm"})
    api.post("/labels", {"codes": [item.code], "format": "a4-3x8"})
    history = [h for h in api.get(f"/items/{item.code}").get_json()["history"] if h["event"] == "item.label_printed"]
    assert [(h["data"]["reprint"], h["data"]["format"], h["by"]) for h in history] == [
        (False, "62mm", "lager"), (True, "a4-3x8", "lager")]


def test_a_code_given_twice_in_a_batch_prints_one_label(api_as, warehouse, make_item):
    item = make_item(price=4900)
    response = api_as(warehouse).post("/labels", {"codes": [item.code, item.code[1:]], "format": "62x29"})
    assert page_count(response.data) == 1
    assert len(label_events(item)) == 1


# --------------------------------------------------------------------------- the print queue


def test_a_priced_garment_waits_for_its_label_until_it_is_printed(app, warehouse, make_item):
    waiting, unpriced = make_item(price=4900), make_item()
    assert [w.item.code for w in queue.label_queue(waiting.shop_id, "pricing")] == [waiting.code]
    services.print_labels([waiting.code], "62mm", by=warehouse, station="pricing")
    assert queue.label_queue(waiting.shop_id, "pricing") == []
    assert unpriced.status == "sorted"


def test_a_new_price_puts_the_garment_back_in_the_queue_marked_as_a_new_price(app, warehouse, supervisor, make_item):
    item = make_item(price=4900)
    services.print_labels([item.code], "62mm", by=warehouse, station="pricing")
    garment_services.price_item(item.code, price=2900, by=supervisor)
    [waiting] = queue.label_queue(item.shop_id)
    assert waiting.item.code == item.code and waiting.new_price


def test_a_withdrawn_garment_leaves_the_queue(app, warehouse, make_item):
    item = make_item(price=4900)
    garment_services.withdraw_item(item.code, reason="given_away", by=warehouse)
    assert queue.label_queue(item.shop_id) == []


def test_the_queue_page_lists_waiting_garments_all_ticked(client, login, warehouse, make_item):
    items = [make_item(price=4900), make_item(price=12900)]
    page = login(warehouse).get("/labels/pricing").get_data(as_text=True)
    for item in items:
        assert f'name="codes" value="{item.code}" checked' in page
    assert "2 garments need a label" in page and "Print labels" in page
    assert "Send to printer" not in page


def test_print_labels_on_the_queue_page_returns_one_pdf_and_empties_the_queue(client, login, warehouse, make_item):
    items = [make_item(price=4900), make_item(price=12900), make_item(price=9900)]
    chosen = [items[0].code, items[2].code]
    client = login(warehouse)
    response = client.post("/labels/print", data={"codes": chosen, "format": "a4-3x8", "skip": "2",
                                                  "margin_top": "10,5", "station": "pricing",
                                                  "next": "/labels/pricing"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert sorted(decoded_pdf_codes(response.data)) == sorted(chosen)
    page = client.get("/labels/pricing").get_data(as_text=True)
    assert items[1].code in page and items[0].code not in page and items[2].code not in page
    assert "1 garment needs a label" in page


def test_printing_a_garment_that_was_withdrawn_meanwhile_says_which_and_prints_nothing(client, login, make_person,
                                                                                      warehouse, make_item):
    good, gone = make_item(price=4900), make_item(price=5900)
    garment_services.withdraw_item(gone.code, reason="waste", by=warehouse)
    response = login(make_person("warehouse", language="en")).post("/labels/print", data={
        "codes": [good.code, gone.code], "format": "62mm", "station": "pricing", "next": "/labels/pricing"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert f"Garment {gone.code} is withdrawn, so it gets no label." in page
    assert f'value="{good.code}" checked' in page
    assert label_events(good) == []


def test_printing_with_nothing_ticked_asks_to_choose_a_garment(client, login, warehouse, make_item):
    make_item(price=4900)
    response = login(warehouse).post("/labels/print", data={"format": "62mm", "station": "pricing",
                                                            "next": "/labels/pricing"}, follow_redirects=True)
    assert "Choose at least one garment." in response.get_data(as_text=True)


def test_scanning_a_garment_on_the_queue_page_opens_its_label_page(client, login, warehouse, make_item):
    item = make_item(price=4900)
    response = login(warehouse).post("/labels/scan", data={"code": item.code, "next": "/labels/pricing"})
    assert response.headers["Location"].endswith(f"/items/{item.code}/label")


def test_the_label_page_reprints_and_lists_the_reprint(client, login, warehouse, make_item):
    item = make_item(price=4900)
    client = login(warehouse)
    page = client.get(f"/items/{item.code}/label").get_data(as_text=True)
    assert "Print the label" in page and "No label has been printed" in page
    for _ in range(2):
        response = client.post("/labels/print", data={"codes": [item.code], "format": "62x29", "station": "item",
                                                      "next": f"/items/{item.code}/label"})
        assert decoded_pdf_codes(response.data) == [item.code]
    page = client.get(f"/items/{item.code}/label").get_data(as_text=True)
    assert "Print the label again" in page and "Reprint" in page and "First label" in page
    history = client.get(f"/items/{item.code}").get_data(as_text=True)
    assert history.count("Label printed") == 1 and history.count("Label reprinted") == 1


# --------------------------------------------------------------------------- scanning and manufacturer codes


def test_an_item_code_in_the_12_digit_upc_a_form_scans_to_the_garment(app, make_item):
    item = make_item(price=4900)
    assert find_item_by_scan(item.code[1:]).id == item.id


def test_a_linked_manufacturer_ean_scans_to_the_garment(app, warehouse, make_item):
    item = make_item(price=4900)
    services.link_manufacturer_code(item.code, f" {MANUFACTURER_EAN}\r", by=warehouse)
    assert find_item_by_scan(MANUFACTURER_EAN).id == item.id
    assert services.item_for_manufacturer_code(MANUFACTURER_EAN).id == item.id


def test_an_unlinked_manufacturer_ean_is_unknown_naming_the_code(app, make_item):
    make_item(price=4900)
    with pytest.raises(UnknownItem) as raised:
        find_item_by_scan(MANUFACTURER_EAN)
    assert MANUFACTURER_EAN in str(raised.value.message)


def test_a_scan_with_a_wrong_check_digit_is_never_looked_up(app, make_item):
    item = make_item(price=4900)
    with pytest.raises(InvalidCheckDigit):
        find_item_by_scan(wrong_check_digit(item.code))


def test_linking_a_manufacturer_ean_through_the_api_and_twice_is_a_409(api_as, warehouse, make_item):
    first, second = make_item(price=4900), make_item(price=5900)
    api = api_as(warehouse)
    response = api.post(f"/items/{first.code}/manufacturer-code", {"ean": MANUFACTURER_EAN})
    assert response.status_code == 201
    assert response.get_json() == {"code": first.code, "ean": MANUFACTURER_EAN,
                                   "manufacturer_codes": [MANUFACTURER_EAN]}
    again = api.post(f"/items/{second.code}/manufacturer-code", {"ean": MANUFACTURER_EAN})
    assert again.status_code == 409 and first.code in again.get_json()["message"]
    assert api.get(f"/items/{second.code}").status_code == 200


@pytest.mark.parametrize(("ean", "error"), [("7310865004704", "invalid_check_digit"), ("abc", "malformed_code")])
def test_a_manufacturer_ean_that_is_not_a_valid_code_is_refused(api_as, warehouse, make_item, ean, error):
    response = api_as(warehouse).post(f"/items/{make_item(price=4900).code}/manufacturer-code", {"ean": ean})
    assert response.status_code == 422 and response.get_json()["error"] == error


def test_one_of_our_own_codes_cannot_be_linked_as_a_manufacturer_ean(api_as, warehouse, make_item):
    item, other = make_item(price=4900), make_item(price=5900)
    response = api_as(warehouse).post(f"/items/{item.code}/manufacturer-code", {"ean": other.code})
    assert response.status_code == 422 and response.get_json()["details"]["field"] == "ean"


def test_the_manufacturer_code_form_links_a_scanned_tag(client, login, warehouse, make_item):
    item = make_item(price=4900)
    client = login(warehouse)
    assert "autofocus" in client.get(f"/items/{item.code}/manufacturer-code").get_data(as_text=True)
    response = client.post(f"/items/{item.code}/manufacturer-code", data={"ean": MANUFACTURER_EAN},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"{MANUFACTURER_EAN} now finds this garment." in page
    assert MANUFACTURER_EAN in page and 'data-testid="manufacturer-codes"' in page


def test_the_manufacturer_code_form_says_why_a_code_is_refused(client, login, warehouse, make_item):
    item = make_item(price=4900)
    response = login(warehouse).post(f"/items/{item.code}/manufacturer-code", data={"ean": item.code})
    assert response.status_code == 422
    assert f"{item.code} is one of the shop&#39;s own codes" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- direct printers


class FakePrinter(socketserver.TCPServer):
    """A network label printer on loopback: keeps every job it receives."""

    allow_reuse_address = True

    def __init__(self) -> None:
        self.jobs: list[bytes] = []
        super().__init__(("127.0.0.1", 0), FakePrinterJob)


class FakePrinterJob(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.server.jobs.append(self.rfile.read())  # type: ignore[attr-defined]


@pytest.fixture
def fake_printer() -> Iterator[FakePrinter]:
    server = FakePrinter()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_zebra_printer_receives_one_zpl_label_per_garment_with_its_code(app, warehouse, make_item, fake_printer):
    items = [make_item(price=4900, size="M"), make_item(price=12950)]
    app.config["LABEL_PRINTER"] = {"kind": "zpl", "host": "127.0.0.1", "port": fake_printer.server_address[1]}
    assert printers.send_labels_to_printer([i.code for i in items], by=warehouse, station="pricing") == 2
    [job] = fake_printer.jobs
    zpl = job.decode("utf-8")
    labels = [part for part in zpl.split("^XZ") if part.strip()]
    assert len(labels) == 2 and all(part.lstrip().startswith("^XA") for part in labels)
    assert "^BEN," in labels[0] and f"^FD{items[0].code[:12]}^FS" in labels[0]
    assert "49 kr" in labels[0] and "M · " in labels[0] and "129,50 kr" in labels[1]
    assert queue.label_queue(items[0].shop_id) == []


def test_zpl_field_data_cannot_inject_commands():
    from tests.inventory.labels.test_drawing import make_label

    zpl = render_label_zpl(make_label(42, category="Top^XZ~JR_x"))
    assert "Top_5EXZ_7EJR_5Fx" in zpl and zpl.count("^XZ") == 1


def test_an_unreachable_printer_says_print_the_pdf_and_records_nothing(app, warehouse, make_item, fake_printer):
    item = make_item(price=4900)
    port = fake_printer.server_address[1]
    fake_printer.shutdown()
    fake_printer.server_close()
    app.config["LABEL_PRINTER"] = {"kind": "zpl", "host": "127.0.0.1", "port": port, "timeout": 2}
    with pytest.raises(printers.PrinterUnavailable):
        printers.send_labels_to_printer([item.code], by=warehouse, station="pricing")
    assert label_events(item) == []


def test_the_queue_page_offers_send_to_printer_when_a_printer_is_set_up(app, client, login, warehouse, make_item,
                                                                        fake_printer):
    item = make_item(price=4900)
    app.config["LABEL_PRINTER"] = {"kind": "zpl", "host": "127.0.0.1", "port": fake_printer.server_address[1]}
    client = login(warehouse)
    assert "Send to printer" in client.get("/labels/pricing").get_data(as_text=True)
    response = client.post("/labels/print", data={"codes": [item.code], "format": "62x29", "station": "pricing",
                                                  "action": "printer", "next": "/labels/pricing"},
                           follow_redirects=True)
    assert "Sent 1 label to the printer." in response.get_data(as_text=True)
    assert item.code[:12].encode() in fake_printer.jobs[0]


def brother_pages(raster: bytes) -> list[Image.Image]:
    """Rebuild the printed labels from Brother QL raster commands, as the print head would lay the dots."""
    assert raster[:200] == b"\x00" * 200 and raster[200:205] == b"\x1b@\x1bia"
    pages, rows, i = [], [], 206
    while i < len(raster):
        if raster[i:i + 3] == b"\x1biz":
            i += 13
        elif raster[i:i + 3] in (b"\x1biM", b"\x1biA", b"\x1biK"):
            i += 4
        elif raster[i:i + 3] == b"\x1bid":
            i += 5
        elif raster[i:i + 2] == b"M\x00":
            i += 2
        elif raster[i] == 0x67:
            length = raster[i + 2]
            rows.append(raster[i + 3:i + 3 + length])
            i += 3 + length
        elif raster[i] in (0x0C, 0x1A):
            image = Image.frombytes("1", (720, len(rows)), b"".join(rows))
            # A set bit is a black dot; the first byte is the label's right edge.
            pages.append(image.convert("L").point(lambda v: 255 - v).transpose(Image.Transpose.FLIP_LEFT_RIGHT))
            rows = []
            i += 1
        else:
            raise AssertionError(f"unexpected byte {raster[i]:#x} at {i}")
    return pages


@pytest.mark.parametrize(("media", "lines"), [("62", 343), ("62x29", 271)])
def test_brother_ql_raster_prints_labels_that_decode_to_their_codes(media, lines):
    from tests.inventory.labels.test_drawing import make_label

    labels = [make_label(7), make_label(8, price_text="1\u00a0299\u00a0kr")]
    raster = brother_ql_raster(labels, media=media)
    assert raster.endswith(b"\x1a") and raster.count(b"\x1biz") == 2
    pages = brother_pages(raster)
    assert [page.height for page in pages] == [lines, lines]
    assert [[r.text for r in zxingcpp.read_barcodes(page) if r.format == EAN13] for page in pages] == [
        [labels[0].code], [labels[1].code]]



def test_a_history_table_can_name_a_reprint_as_such(app, warehouse, make_item):
    from flask_babel import force_locale

    from boutique.i18n import event_label

    item = make_item(price=4900)
    for _ in range(2):
        services.print_labels([item.code], "62mm", by=warehouse, station="pricing")
    with force_locale("en"):
        assert [event_label(e.kind, e.data) for e in label_events(item)] == ["Label printed", "Label reprinted"]
