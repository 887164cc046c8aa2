"""The CSV export opened in LibreOffice (headless): a neutralised cell never becomes a formula."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pos.feedback import shop as feedback_shop

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def soffice() -> str:
    """LibreOffice's soffice; skipped where there is none, except in CI where that fails."""
    if SOFFICE is None:
        if _in_ci():
            pytest.fail("LibreOffice (soffice) not found; CI must run the export test")
        pytest.skip("LibreOffice (soffice) not found")
    return SOFFICE


def spreadsheet_content(soffice: str, csv_text: str, folder: Path) -> str:
    """Open a CSV in LibreOffice, save it as .ods and return the sheet's content.xml."""
    source = folder / "export.csv"
    source.write_text(csv_text, encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "ods",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(folder / "export.ods") as ods:
        return ods.read("content.xml").decode()


DANGEROUS = [["Brand", "Sold"], ["=1+1", 2], ["+SUM(1;2)", 1], ["-3+4", 1], ["@SUM(1;2)", 1]]


def test_a_spreadsheet_runs_no_formula_from_an_exported_table(soffice, tmp_path):
    content = spreadsheet_content(soffice, feedback_shop.csv_text(DANGEROUS[0], DANGEROUS[1:]), tmp_path)
    assert "table:formula" not in content
    assert "=1+1" in content  # the text is kept, to be read, not run


def test_the_same_table_unneutralised_would_run_a_formula(soffice, tmp_path):
    raw = "\n".join(",".join(str(cell) for cell in row) for row in DANGEROUS) + "\n"
    assert "table:formula" in spreadsheet_content(soffice, raw, tmp_path)
