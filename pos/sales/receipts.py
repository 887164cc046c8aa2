"""The receipt: what a Swedish cash-register receipt carries, as data, as HTML and as PDF.

Receipts stay in Swedish whatever the interface language: they are legal documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from barcode import Code128
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from boutique.clock import SHOP_TZ
from boutique.db import db
from boutique.models import Shop
from boutique.money import format_ore
from boutique.pdf import finish_pdf, new_pdf

from ..models import Sale

RECEIPT_LOCALE = "sv"


@dataclass
class PrintedReceipt:
    """Everything printed on one receipt, already formatted."""

    shop_name: str
    org_no: str
    address: str
    title: str
    marks: list[str]
    when: str
    receipt_no: int
    till: str
    cashier: str
    lines: list[tuple[str, str]]
    totals: list[tuple[str, str]]
    vat_lines: list[tuple[str, str]] = field(default_factory=list)
    payments: list[tuple[str, str]] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    code: str = ""
    control_code: str = ""


_RECEIPT_CODE = re.compile(r"^\s*(?:R(\d{1,9})-)?(\d{1,9})\s*$", re.IGNORECASE)


def receipt_code(till_id: int, receipt_no: int) -> str:
    """What the receipt's barcode carries: till and receipt number, "R1-42"."""
    return f"R{till_id}-{receipt_no}"


def parse_receipt_code(text: str, default_till_id: int) -> tuple[int, int] | None:
    """(till id, receipt number) from a scanned barcode or a typed number, or None."""
    match = _RECEIPT_CODE.match(text or "")
    if match is None:
        return None
    return (int(match.group(1)) if match.group(1) else default_till_id), int(match.group(2))


def code128_modules(text: str) -> str:
    """The Code 128 bar pattern of `text`, "1" a dark module."""
    return "".join(Code128(text).build())


def bar_runs(text: str) -> list[tuple[int, int]]:
    """Adjacent dark modules merged into bars: (first module, width in modules)."""
    runs, start = [], -1
    for i, module in enumerate(code128_modules(text) + "0"):
        if module == "1" and start < 0:
            start = i
        elif module != "1" and start >= 0:
            runs.append((start, i - start))
            start = -1
    return runs


def barcode_svg(text: str, height: int = 40) -> Markup:
    """The receipt code as an inline SVG Code 128 with a quiet zone, scaled to its container."""
    quiet = 10
    width = len(code128_modules(text)) + 2 * quiet
    bars = "".join(f'<rect x="{quiet + x}" y="0" width="{w}" height="{height}"/>' for x, w in bar_runs(text))
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
                  f'preserveAspectRatio="none" role="img" aria-label="{text}" class="receipt-barcode">'
                  f'<rect width="{width}" height="{height}" fill="#fff"/><g fill="#000">{bars}</g></svg>')


def method_name(method: str) -> str:
    """A payment method on the receipt."""
    return {"cash": _("Cash"), "card": _("Card"), "swish": "Swish"}.get(method, method)


def build_receipt(sale: Sale, *, is_copy: bool) -> PrintedReceipt:
    """Collect and format the receipt of a sale or a return."""
    with force_locale(RECEIPT_LOCALE):
        shop = db.session.get(Shop, sale.till.shop_id)
        money = lambda ore: format_ore(ore, locale="sv_SE")  # noqa: E731 - one formatter for the receipt
        marks = []
        if sale.training:
            marks.append(_("TRAINING RECEIPT"))
        if is_copy:
            marks.append(_("COPY"))
        title = _("Return receipt") if sale.kind == "return" else _("Receipt")
        lines = []
        for line in sale.lines:
            lines.append((line.description, money(line.list_price)))
            if line.markdown:
                lines.append(("  " + line.markdown_reason, money(-line.markdown)))
            if line.discount:
                lines.append(("  " + _("Discount: %(reason)s", reason=line.discount_reason), money(-line.discount)))
        totals = [(_("Total"), money(sale.total))]
        reductions = sum(line.markdown + line.discount for line in sale.lines)
        if reductions:
            totals.append((_("Of which discounts"), money(-reductions)))
        if sale.rounding:
            totals.append((_("Rounding"), money(sale.rounding)))
            totals.append((_("To pay"), money(sale.total + sale.rounding)))
        vat_lines: list[tuple[str, str]] = []
        if sale.vat_mode == "standard":
            rates: dict[int, list[int]] = {}
            for line in sale.lines:
                gross_vat = rates.setdefault(line.vat_rate, [0, 0])
                gross_vat[0] += line.price
                gross_vat[1] += line.vat_amount
            for rate, (gross, vat) in sorted(rates.items()):
                percent = f"{rate // 100}" if rate % 100 == 0 else f"{rate / 100:.2f}".replace(".", ",")
                vat_lines.append((_("VAT %(rate)s %% of %(net)s", rate=percent, net=money(gross - vat)), money(vat)))
        elif sale.vat_mode == "margin":
            vat_lines.append((_("Second-hand goods, margin scheme"), ""))
        else:
            vat_lines.append((_("Exempt from VAT (non-profit)"), ""))
        payments = []
        for p in sale.payments:
            label = method_name(p.method) + (f" ({p.reference})" if p.reference else "")
            payments.append((label, money(p.amount)))
            if p.tendered is not None and p.tendered != p.amount:
                payments.append((_("Cash received"), money(p.tendered)))
        if sale.change:
            payments.append((_("Change"), money(sale.change)))
        footer = [_("Thank you for giving clothes a second life!")]
        if sale.original is not None:
            footer.insert(0, _("Return of receipt %(no)s", no=sale.original.receipt_no))
        return PrintedReceipt(
            shop_name=shop.name if shop else "", org_no=shop.org_no if shop else "",
            address=shop.address if shop else "", title=title, marks=marks,
            when=sale.at.astimezone(SHOP_TZ).strftime("%Y-%m-%d %H:%M:%S"),
            receipt_no=sale.receipt_no, till=f"{sale.till.name} (id {sale.till_id})",
            cashier=sale.person.display_name, lines=lines, totals=totals, vat_lines=vat_lines,
            payments=payments, footer=footer, code=receipt_code(sale.till_id, sale.receipt_no),
            control_code=sale.control_code,
        )


def receipt_pdf(receipt: PrintedReceipt) -> bytes:
    """The receipt as a PDF 80 mm wide, for a thermal printer or a screen."""
    width = 80
    height = 140 + 6 * (len(receipt.lines) + len(receipt.totals) + len(receipt.vat_lines) + len(receipt.payments))
    pdf = new_pdf(unit="mm", format=(width, height))
    pdf.set_margins(5, 5, 5)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    inner = width - 10

    def centred(text: str, size: float = 9, style: str = "") -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.cell(inner, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def pair(left: str, right: str, style: str = "") -> None:
        pdf.set_font("DejaVu", style, 9)
        pdf.cell(inner * 0.7, 5, left)
        pdf.cell(inner * 0.3, 5, right, align="R", new_x="LMARGIN", new_y="NEXT")

    for mark in receipt.marks:
        centred(mark, 14, "B")
    centred(receipt.shop_name, 12, "B")
    with force_locale(RECEIPT_LOCALE):
        org_label = _("Org. no.")
        receipt_label = _("Receipt no.")
        cashier_label = _("Served by")
    if receipt.org_no:
        centred(f"{org_label} {receipt.org_no}")
    if receipt.address:
        centred(receipt.address)
    pdf.ln(2)
    centred(receipt.title, 11, "B")
    pair(receipt.when, "")
    pair(f"{receipt_label} {receipt.receipt_no}", "")
    pair(receipt.till, "")
    pair(f"{cashier_label} {receipt.cashier}", "")
    pdf.ln(2)
    for left, right in receipt.lines:
        pair(left, right)
    pdf.ln(1)
    for left, right in receipt.totals:
        pair(left, right, "B")
    for left, right in receipt.vat_lines:
        pair(left, right)
    pdf.ln(1)
    for left, right in receipt.payments:
        pair(left, right)
    if receipt.control_code:
        with force_locale(RECEIPT_LOCALE):
            pair(f"{_('Control code')} {receipt.control_code}", "")
    pdf.ln(2)
    for mark in receipt.marks:
        centred(mark, 12, "B")
    for text in receipt.footer:
        centred(text, 8)
    pdf.ln(3)
    modules = len(code128_modules(receipt.code))
    module_width = min(0.33, (inner - 6) / modules)
    left = 5 + (inner - module_width * modules) / 2
    top = pdf.get_y()
    for x, w in bar_runs(receipt.code):  # drawn as vectors, so any printer resolution scans
        pdf.rect(left + x * module_width, top, w * module_width, 12, style="F")
    pdf.set_y(top + 13)
    centred(receipt.code, 8)
    return finish_pdf(pdf)
