"""The benchmark's browser rows run end to end on a tiny SQLite dataset and are reported.

A couple of cycles only, and no timings asserted (`make bench` measures). Like the browser
tests, this needs Debian's Chromium: skipped where there is none, except in CI where that fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.browser import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(autouse=True)
def chromium_present() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser rows")
        pytest.skip(f"Chromium not found at {CHROMIUM}")


def test_the_browser_rows_run_beside_their_floors_under_a_background_load(tmp_path: Path) -> None:
    # Its own process: the browser tests' Playwright may already run an event loop in this one.
    output = tmp_path / "PERFORMANCE.md"
    output.write_text("<!-- bench:begin -->\n<!-- bench:end -->\n")
    subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--garments", "300", "--db", "sqlite", "--only",
                    "browser", "--browser-runs", "2", "--background-rate", "5", "--counters", "2", "--workers", "2",
                    "--workdir", str(tmp_path), "--output", str(output)], cwd=ROOT, check=True, timeout=600)
    markdown = output.read_text()

    for row in ("Browser: scan → line visible", "Browser: Pay → receipt shown",
                "Browser: sorting station save → next garment ready", "Browser floor: bare navigation",
                "Browser floor: fetch + one DOM change", "Background load during the browser rows"):
        assert row in markdown, row
    scan = next(line for line in markdown.splitlines() if "Browser: scan" in line)
    cells = [cell.strip() for cell in scan.strip("|").split("|")]
    assert cells[3] == "2" and cells[6] == "fetch + DOM change" and cells[9] == "p99 < 50 ms"
    background = next(line for line in markdown.splitlines() if line.startswith("| SQLite | 2 | 5 |"))
    assert background.rstrip(" |").endswith("| 0")  # no errors in the background load
