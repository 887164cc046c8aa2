"""Label rendering speed: `python -m bench.labels` prints a Markdown table.

Times PNG labels at both printer resolutions, 1,000-label PDFs with vector bars, and, for
comparison, the naive PDF that embeds one python-barcode PNG per label. Each figure is
the median of several runs after one warm-up run (imports, fonts). Every run gets labels
with new codes and URLs, so per-item caches (bar patterns, QR symbols) never help: a
real print batch is new items.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import time
from collections.abc import Callable

import fpdf
from barcode import EAN13
from barcode.writer import ImageWriter
from fpdf import FPDF

from inventory.codes import make_item_code
from inventory.labels import FONT_DIR, LabelData, render_label_png, render_labels_pdf

_COLOURS = [
    ("Blå", (30, 90, 200)),
    ("Gul", (250, 220, 40)),
    ("Röd", (200, 30, 30)),
    ("Grön", (30, 150, 60)),
    ("", None),
]
_SIZES = ["S", "M", "L", "38", "One size"]
_CATEGORIES = ["Klänning", "Byxor", "Skjorta", "Väskor"]


def make_labels(count: int, qr_share: int = 10, first: int = 100_000) -> list[LabelData]:
    """A realistic batch: four in five with a tag colour, one in `qr_share` a redesign with a QR."""
    labels = []
    for i in range(first, first + count):
        name, rgb = _COLOURS[i % len(_COLOURS)]
        redesign = qr_share > 0 and i % qr_share == 0
        labels.append(
            LabelData(
                code=make_item_code(i),
                price_text=f"{(i * 37) % 900 + 20}\u00a0kr",
                size=_SIZES[i % len(_SIZES)],
                category=_CATEGORIES[i % len(_CATEGORIES)],
                shop="Kupan Södermalm",
                tag_colour=name,
                tag_colour_rgb=rgb,
                designers="Redesign: Amina & Sara" if redesign else "",
                qr_url=f"https://boutique.example/p/{i}" if redesign else None,
            )
        )
    return labels


def naive_pdf(labels: list[LabelData]) -> bytes:
    """The obvious way: one python-barcode PNG per label, embedded as an image on an A4 grid."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", "B", 20)
    for i, label in enumerate(labels):
        slot = i % 24
        if slot == 0:
            pdf.add_page()
        row, col = divmod(slot, 3)
        x, y = col * 70, 0.5 + row * 37
        png = io.BytesIO()
        EAN13(label.code[:12], writer=ImageWriter()).write(png, {"dpi": 300, "module_height": 12.0})
        png.seek(0)
        pdf.image(png, x=x + 3, y=y + 3, w=36)
        pdf.text(x + 42, y + 12, label.price_text)
    return bytes(pdf.output())


Batch = Callable[[int], list[LabelData]]  # run number -> labels never rendered before


def median_seconds(render: Callable[[list[LabelData]], object], batch: Batch, runs: int) -> float:
    """Median wall time of rendering a fresh batch `runs` times, after one warm-up run."""
    render(batch(0))
    times = []
    for run in range(1, runs + 1):
        labels = batch(run)
        start = time.perf_counter()
        render(labels)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per row (median is reported)")
    parser.add_argument("--labels", type=int, default=1000, help="labels per PDF")
    parser.add_argument("--pngs", type=int, default=200, help="labels per PNG timing run")
    args = parser.parse_args()

    def mixed(run: int) -> list[LabelData]:
        return make_labels(args.labels, first=100_000 + run * args.labels)

    def all_qr(run: int) -> list[LabelData]:
        return make_labels(args.labels, qr_share=1, first=200_000 + run * args.labels)

    def png_batch(run: int) -> list[LabelData]:
        return make_labels(args.pngs, first=300_000 + run * args.pngs)

    rows: list[tuple[str, int, float, int]] = []  # what, labels, seconds, bytes
    for dpi in (203, 300):
        def pngs(labels: list[LabelData], dpi: int = dpi) -> list[bytes]:
            return [render_label_png(label, dpi) for label in labels]

        seconds = median_seconds(pngs, png_batch, args.runs)
        rows.append((f"PNG 62×29 mm, {dpi} dpi", args.pngs, seconds, len(render_label_png(png_batch(0)[0], dpi))))
    cases: list[tuple[str, Callable[[list[LabelData]], bytes], Batch]] = [
        ("PDF A4 3×8, vector bars (10 % with QR)", lambda labels: render_labels_pdf(labels, "a4-3x8"), mixed),
        ("PDF A4 3×8, vector bars (all with QR)", lambda labels: render_labels_pdf(labels, "a4-3x8"), all_qr),
        ("PDF 62×29 tape, vector bars (10 % with QR)", lambda labels: render_labels_pdf(labels, "62x29"), mixed),
        ("PDF A4 3×8, naive: one barcode PNG per label", naive_pdf, mixed),
    ]
    for name, render, batch in cases:
        seconds = median_seconds(render, batch, args.runs)
        rows.append((name, args.labels, seconds, len(render(batch(0)))))

    print(
        f"Python {platform.python_version()}, fpdf2 {fpdf.__version__}, {os.cpu_count()} CPU(s), "
        f"median of {args.runs} runs after a warm-up\n"
    )
    print("| What | Labels | Median time | Labels/s | Output |")
    print("|---|---:|---:|---:|---:|")
    for name, count, seconds, size in rows:
        size_text = f"{size / 1024:,.0f} KiB" + (" each" if name.startswith("PNG") else "")
        print(f"| {name} | {count:,} | {seconds * 1000:,.0f} ms | {count / seconds:,.0f} | {size_text} |")


if __name__ == "__main__":
    main()
