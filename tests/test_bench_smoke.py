"""The benchmark harness runs end to end on a tiny SQLite dataset and reports every row.

Speed is what the benchmark measures (`make bench`); this test only checks that the harness
works, so it asserts no timings.
"""

from __future__ import annotations

from pathlib import Path

from bench import run


def test_quick_run_reports_every_row(tmp_path: Path) -> None:
    output = tmp_path / "PERFORMANCE.md"
    output.write_text("# Performance\n\nHand-written.\n\n<!-- bench:begin -->\nold\n<!-- bench:end -->\n\nMore.\n")

    markdown = run.main(["--quick", "--garments", "300", "--small", "100", "--db", "sqlite", "--reps", "3",
                         "--labels", "48", "--load-seconds", "1", "--counters", "2", "--workers", "2",
                         "--no-browser", "--workdir", str(tmp_path)])

    for row in ("Bare Flask route", "Scan lookup `GET /api/v1/items/{code}`", "the lookup's statement through the driver",
                "First lookup of a garment since the dataset was built",
                "statements through the driver", "Add a scanned garment to the cart", "Commit a 5-line sale",
                "One label PNG", "48-label PDF", "Feedback `GET /feedback`, counted on the request",
                "Shop insights", "Feedback of one designer",
                "Feedback of one valuer", "X report",
                "Cost as the data grows", "Load test"):
        assert row in markdown, row
    load_line = next(line for line in markdown.splitlines() if line.startswith("| SQLite | 2 |"))
    cells = [cell.strip() for cell in load_line.strip("|").split("|")]
    assert cells[-3:] == ["0", "0", "ok"]  # no errors, no double sales, the journal verifies

    run.write_markdown(output, markdown)
    written = output.read_text()
    assert written.startswith("# Performance\n\nHand-written.") and written.endswith("More.\n")
    assert "old" not in written and "Scan lookup" in written
