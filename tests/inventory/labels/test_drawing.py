"""Labels: decoded with a real barcode reader, from PNGs and from rasterised PDF pages."""

from __future__ import annotations

import dataclasses
import io

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
import zxingcpp
from barcode import EAN13
from PIL import Image

from inventory.codes import make_item_code
from inventory.labels import LABEL_FORMATS, LabelData, ean13_modules, render_label_png, render_labels_pdf

MM_PER_INCH = 25.4
RENDER_DPI = 300  # rasterising PDFs: 3 px per 0.254 mm module


def make_label(serial: int, **changes: object) -> LabelData:
    """A fully filled label for item `serial`; keyword arguments override single fields."""
    label = LabelData(
        code=make_item_code(serial),
        price_text="149\u00a0kr",
        size="M",
        category="Klänning",
        shop="Kupan Södermalm",
        tag_colour="Blå",
        tag_colour_rgb=(30, 90, 200),
        designers="Redesign: Amina & Sara",
        qr_url=None,
    )
    return dataclasses.replace(label, **changes)  # type: ignore[arg-type]


def several_labels(count: int) -> list[LabelData]:
    """Labels with different codes, colours and optional fields, like a real batch."""
    colours = [
        ("Blå", (30, 90, 200)),
        ("Gul", (250, 220, 40)),
        ("Svart", (0, 0, 0)),
        ("", None),
        ("Röd", (200, 30, 30)),
    ]
    labels = []
    for i in range(count):
        name, rgb = colours[i % len(colours)]
        labels.append(
            make_label(
                1000 + 7919 * i,
                price_text=f"{49 + 100 * i}\u00a0kr",
                tag_colour=name,
                tag_colour_rgb=rgb,
                designers="" if i % 3 else "Redesign: Åsa & Öyvind",
                qr_url=f"https://boutique.example/p/{i}" if i % 4 == 0 else None,
            )
        )
    return labels


def decoded(image: Image.Image, fmt: zxingcpp.BarcodeFormat) -> list[str]:
    """Texts of all symbols of one format that zxing-cpp finds in the image."""
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == fmt]


def png_image(label: LabelData, dpi: int) -> Image.Image:
    """The PNG label, decoded back into a Pillow image."""
    image = Image.open(io.BytesIO(render_label_png(label, dpi)))
    image.load()
    return image


def pdf_pages(pdf: bytes, dpi: int = RENDER_DPI) -> list[Image.Image]:
    """Every page of a PDF rasterised at `dpi`, as pdfium would print it."""
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=dpi / 72).to_pil() for page in document]


def dark_pixels(image: Image.Image) -> int:
    """How many pixels are darker than mid-grey."""
    return sum(image.convert("L").point(lambda v: 255 if v < 128 else 0).histogram()[255:])


# --------------------------------------------------------------------------- bar pattern


@pytest.mark.parametrize("code", ["0400000000015", "4006381333931", "5901234123457"])
def test_the_module_pattern_is_python_barcodes_ean13(code: str) -> None:
    modules = ean13_modules(code)
    assert modules == EAN13(code[:12]).build()[0]
    assert len(modules) == 95
    assert modules[:3] == "101" and modules[45:50] == "01010" and modules[-3:] == "101"


@pytest.mark.parametrize("bad", ["0400000000016", "040000000001", "04000000000150", "04000000000a5", ""])
def test_the_module_pattern_refuses_what_is_not_a_valid_ean13(bad: str) -> None:
    with pytest.raises(ValueError):
        ean13_modules(bad)


# --------------------------------------------------------------------------- PNG


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("serial", [0, 1, 1234, 98765, 9_999_999_999])
def test_a_png_label_decodes_to_its_code_at_each_printer_dpi(dpi: int, serial: int) -> None:
    label = make_label(serial)
    assert decoded(png_image(label, dpi), zxingcpp.BarcodeFormat.EAN13) == [label.code]


@pytest.mark.parametrize(("dpi", "size"), [(203, (496, 232)), (300, (732, 343))])
def test_a_png_label_is_62_by_29_mm_and_carries_its_dpi(dpi: int, size: tuple[int, int]) -> None:
    image = png_image(make_label(5), dpi)
    assert image.size == size
    assert tuple(round(v) for v in image.info["dpi"]) == (dpi, dpi)


@pytest.mark.parametrize(("dpi", "module_px"), [(203, 2), (300, 3)])
def test_png_bars_are_whole_pixel_modules_with_clear_quiet_zones(dpi: int, module_px: int) -> None:
    label = make_label(4711, qr_url=None)
    image = png_image(label, dpi).convert("L")
    # A row through the middle of the bars, read back module by module.
    row_y = image.height // 2
    row = ["1" if image.getpixel((x, row_y)) < 128 else "0" for x in range(image.width)]
    start = row.index("1")
    width = 95 * module_px
    bar_pixels = row[start : start + width]
    modules = "".join(bar_pixels[i * module_px] for i in range(95))
    assert modules == ean13_modules(label.code)
    # Every pixel of a module has the module's colour: no bar is a fraction of a module off.
    assert all(bar_pixels[i] == modules[i // module_px] for i in range(width))
    # Quiet zones: 11 modules left (the label edge is white stock), 7 modules right.
    assert start >= 11 * module_px
    assert set(row[start + width : start + width + 7 * module_px]) == {"0"}


@pytest.mark.parametrize("dpi", [203, 300])
def test_the_qr_code_on_a_png_label_decodes_to_the_product_url(dpi: int) -> None:
    url = "https://boutique.example/p/redesign-42"
    image = png_image(make_label(42, qr_url=url), dpi)
    assert decoded(image, zxingcpp.BarcodeFormat.QRCode) == [url]


def test_a_png_label_has_no_qr_code_when_there_is_no_url() -> None:
    assert decoded(png_image(make_label(42, qr_url=None), 300), zxingcpp.BarcodeFormat.QRCode) == []


@pytest.mark.parametrize("dpi", [0, 72, 150, 600, 204])
def test_png_refuses_a_dpi_label_printers_do_not_have(dpi: int) -> None:
    with pytest.raises(ValueError):
        render_label_png(make_label(1), dpi)


@pytest.mark.parametrize("dpi", [203, 300])
def test_nothing_is_drawn_in_the_unprintable_millimetre_around_a_png_label(dpi: int) -> None:
    crowded = make_label(7, qr_url="https://boutique.example/p/7", designers="Redesign: " + "Långt Namn " * 6)
    image = png_image(crowded, dpi)
    edge = round(dpi / MM_PER_INCH)  # 1 mm in pixels
    w, h = image.size
    for box in ((0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)):
        assert dark_pixels(image.crop(box)) == 0


@pytest.mark.parametrize("dpi", [203, 300])
def test_labels_with_empty_optional_fields_still_decode(dpi: int) -> None:
    label = make_label(
        3, price_text="", size="", category="", shop="", tag_colour="", tag_colour_rgb=None, designers=""
    )
    assert decoded(png_image(label, dpi), zxingcpp.BarcodeFormat.EAN13) == [label.code]


def band_strip(label: LabelData) -> Image.Image:
    """The middle of the colour band of a 300 dpi PNG, where only the pattern shows, as pure black and white."""
    image = png_image(label, 300)
    px = RENDER_DPI / MM_PER_INCH
    # The band runs 1.5–6.43 mm from the top; 28–40 mm across lies between the chips.
    strip = image.crop((round(28 * px), round(2.2 * px), round(40 * px), round(5.7 * px)))
    return strip.convert("L").point(lambda v: 255 if v >= 128 else 0)


def test_the_tag_colour_band_survives_a_black_and_white_printer_as_a_distinct_pattern() -> None:
    # Same fill for every name: only the hatch may tell them apart, as on a mono printer.
    names = ["Röd", "Blå", "Grön", "Gul", "Orange", "Rosa", "Lila", "Vit", "Svart", "Grå", "Brun", "Turkos"]
    grey = (128, 128, 128)
    strips = [band_strip(make_label(1, tag_colour=name, tag_colour_rgb=grey, shop="")).tobytes() for name in names]
    assert len(set(strips)) == len(names)


@pytest.mark.parametrize("rgb", [(0, 0, 0), (20, 20, 120), (255, 255, 255), (250, 220, 40)])
def test_the_band_pattern_shows_in_black_and_white_on_dark_and_light_fills(rgb: tuple[int, int, int]) -> None:
    strip = band_strip(make_label(1, tag_colour="Marin", tag_colour_rgb=rgb, shop=""))
    histogram = strip.histogram()
    black, white = histogram[0], histogram[255]
    assert black > 0.1 * (black + white) and white > 0.1 * (black + white)


# --------------------------------------------------------------------------- PDF: tape


@pytest.mark.parametrize(("fmt", "size_mm"), [("62mm", (62, 40)), ("62x29", (62, 29))])
def test_tape_pdfs_have_one_label_per_page_each_decoding_to_its_own_code(fmt: str, size_mm: tuple[int, int]) -> None:
    labels = several_labels(6)
    pdf = render_labels_pdf(labels, fmt)
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == len(labels)
    for page in document:
        width_pt, height_pt = page.get_size()
        assert (round(width_pt / 72 * MM_PER_INCH), round(height_pt / 72 * MM_PER_INCH)) == size_mm
    for label, page_image in zip(labels, pdf_pages(pdf), strict=True):
        assert decoded(page_image, zxingcpp.BarcodeFormat.EAN13) == [label.code]
        expected_qr = [label.qr_url] if label.qr_url else []
        assert decoded(page_image, zxingcpp.BarcodeFormat.QRCode) == expected_qr


# --------------------------------------------------------------------------- PDF: A4 sheets


def a4_cells(page: Image.Image, top_mm: float, left_mm: float = 0.0) -> list[Image.Image]:
    """The 24 label cells of a rasterised A4 page, row by row."""
    px = RENDER_DPI / MM_PER_INCH
    cells = []
    for row in range(8):
        for col in range(3):
            x, y = (left_mm + col * 70) * px, (top_mm + row * 37) * px
            cells.append(page.crop((round(x), round(y), round(x + 70 * px), round(y + 37 * px))))
    return cells


def test_a4_sheets_put_each_code_in_its_own_cell_after_the_skipped_ones() -> None:
    labels = several_labels(30)
    skip = 5
    pdf = render_labels_pdf(labels, "a4-3x8", skip=skip)
    pages = pdf_pages(pdf)
    assert len(pages) == 2  # 19 labels fill the first sheet, 11 go on the second
    top = (297 - 8 * 37) / 2
    cells = [cell for page in pages for cell in a4_cells(page, top)]
    for position, cell in enumerate(cells):
        index = position - skip
        if index < 0 or index >= len(labels):
            assert dark_pixels(cell) == 0, f"cell {position} should be blank"
            continue
        label = labels[index]
        assert decoded(cell, zxingcpp.BarcodeFormat.EAN13) == [label.code], f"cell {position}"
        assert decoded(cell, zxingcpp.BarcodeFormat.QRCode) == ([label.qr_url] if label.qr_url else [])


def test_a4_margins_move_the_grid() -> None:
    labels = several_labels(2)
    page = pdf_pages(render_labels_pdf(labels, "a4-3x8", margin_top_mm=10, margin_left_mm=3))[0]
    cells = a4_cells(page, top_mm=10, left_mm=3)
    assert decoded(cells[0], zxingcpp.BarcodeFormat.EAN13) == [labels[0].code]
    assert decoded(cells[1], zxingcpp.BarcodeFormat.EAN13) == [labels[1].code]


def test_a_full_a4_sheet_takes_24_labels_and_the_25th_starts_a_new_sheet() -> None:
    assert len(pypdfium2.PdfDocument(render_labels_pdf(several_labels(24), "a4-3x8"))) == 1
    assert len(pypdfium2.PdfDocument(render_labels_pdf(several_labels(25), "a4-3x8"))) == 2


@pytest.mark.parametrize("skip", [-1, 24, 100])
def test_skip_must_leave_at_least_one_free_place_on_the_first_sheet(skip: int) -> None:
    with pytest.raises(ValueError):
        render_labels_pdf(several_labels(1), "a4-3x8", skip=skip)


@pytest.mark.parametrize("fmt", ["62mm", "62x29"])
def test_skip_and_margins_are_refused_for_tape(fmt: str) -> None:
    for options in ({"skip": 1}, {"margin_top_mm": 2.0}, {"margin_left_mm": 2.0}):
        with pytest.raises(ValueError):
            render_labels_pdf(several_labels(1), fmt, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- PDF: vectors, text, errors


@pytest.mark.parametrize("fmt", LABEL_FORMATS)
def test_pdfs_draw_bars_and_qr_as_vectors_never_as_images(fmt: str) -> None:
    labels = several_labels(5)
    pdf = render_labels_pdf(labels, fmt)
    assert b"/Subtype /Image" not in pdf
    for page in pypdfium2.PdfDocument(pdf):
        types = [obj.type for obj in page.get_objects()]
        assert pdfium_raw.FPDF_PAGEOBJ_IMAGE not in types
        assert types.count(pdfium_raw.FPDF_PAGEOBJ_PATH) >= 30  # at least the 30 bars of one EAN-13


@pytest.mark.parametrize("fmt", LABEL_FORMATS)
def test_pdf_text_is_real_text_with_swedish_letters(fmt: str) -> None:
    label = make_label(8, category="Kjol åäö ÅÄÖ", tag_colour="Grön", tag_colour_rgb=(30, 150, 60))
    page = pypdfium2.PdfDocument(render_labels_pdf([label], fmt))[0]
    text = page.get_textpage().get_text_range()
    for expected in ("149\u00a0kr", "Kjol åäö ÅÄÖ", "Grön", "Kupan Södermalm", "0400000000084"[1:7]):
        assert expected in text


@pytest.mark.parametrize("fmt", LABEL_FORMATS)
def test_a_long_price_shrinks_but_is_never_cut(fmt: str) -> None:
    label = make_label(9, price_text="12\u00a0345\u00a0kr", qr_url="https://boutique.example/p/9")
    page = pypdfium2.PdfDocument(render_labels_pdf([label], fmt))[0]
    assert "12\u00a0345\u00a0kr" in page.get_textpage().get_text_range()


@pytest.mark.parametrize("fmt", ["a4", "A4-3x8", "62", "62x100", "", "png"])
def test_an_unknown_format_is_refused_by_name(fmt: str) -> None:
    with pytest.raises(ValueError, match=repr(fmt)):
        render_labels_pdf(several_labels(1), fmt)


@pytest.mark.parametrize("fmt", LABEL_FORMATS)
def test_an_empty_batch_is_refused(fmt: str) -> None:
    with pytest.raises(ValueError):
        render_labels_pdf([], fmt)


@pytest.mark.parametrize("fmt", LABEL_FORMATS)
def test_a_batch_with_an_unprintable_code_is_refused_before_anything_is_drawn(fmt: str) -> None:
    with pytest.raises(ValueError):
        render_labels_pdf([make_label(1), make_label(2, code="0400000000016")], fmt)
