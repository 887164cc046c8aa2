"""The programme report's page, with its CSV and PDF downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, flash, render_template, request
from flask_babel import gettext as _

from boutique.auth import SUPERVISOR, roles_required
from boutique.db import db
from boutique.errors import ValidationFailed
from boutique.models import Shop
from boutique.pages import interface_locale, me

from . import services
from .pdf import report_pdf
from .texts import figure_rows

bp = Blueprint("report", __name__)


def _report() -> services.ProgrammeReport:
    first, last = services.parse_period(request.args.get("from"), request.args.get("to"))
    return services.programme_report(first, last, reader=me())


def _shop_name() -> str:
    shop = db.session.get(Shop, me().shop_id) if me().shop_id else None
    return shop.name if shop else _("Every shop")


def _file_name(report: services.ProgrammeReport, extension: str) -> str:
    return f"programme-report-{report.start.isoformat()}-{report.end.isoformat()}.{extension}"


@bp.get("/work-training/report", endpoint="report")
@roles_required(SUPERVISOR)
def report_page() -> Any:
    """The programme's figures for a date range (the last 12 months by default)."""
    try:
        report = _report()
    except ValidationFailed as error:
        flash(str(error.message), "error")
        first, last = services.parse_period(None, None)
        report = services.programme_report(first, last, reader=me())
    return render_template("training/report.html", report=report, sections=figure_rows(report),
                           shop_name=_shop_name(), min_group=services.MIN_GROUP)


@bp.get("/work-training/report.csv")
@roles_required(SUPERVISOR)
def report_csv() -> Any:
    """The report as CSV: section, figure, value ("fewer than 5" for a small group)."""
    report = _report()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Section"), _("Figure"), _("Value")])
    writer.writerow([_("Period"), report.start.isoformat(), report.end.isoformat()])
    for section, rows in figure_rows(report):
        for label, value in rows:
            # A text cell that a spreadsheet would read as a formula is quoted with an apostrophe.
            writer.writerow([_neutral(section), _neutral(label), _neutral(value)])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{_file_name(report, "csv")}"'})


@bp.get("/work-training/report.pdf")
@roles_required(SUPERVISOR)
def report_pdf_download() -> Any:
    """The report on one A4 page."""
    report = _report()
    return Response(report_pdf(report, _shop_name(), interface_locale()), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{_file_name(report, "pdf")}"'})


def _neutral(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
