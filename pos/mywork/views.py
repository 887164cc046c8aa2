"""The "My work" page (oneself, or a participant for their supervisor) and the follow-up PDF link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from boutique.auth import ANY, roles_required
from boutique.pages import interface_locale, me
from boutique.training.report.texts import hours_text

from . import charts, services
from .meeting import meeting_pdf, plan_for_meeting

bp = Blueprint("mywork", __name__)

CHARTS: dict[str, Callable[[services.ParticipantWork], str]] = {
    "weeks": charts.weeks_chart, "hours": charts.hours_chart,
    "estimates": lambda work: charts.valuation_chart(work.estimates, _("Estimates and what customers paid"),
                                                     _("Estimate")),
    "prices": lambda work: charts.valuation_chart(work.prices, _("Prices and what customers paid"), _("Price")),
}


def _page(person_id: int) -> Any:
    work = services.participant_work(
        person_id, reader=me(), start=services.parse_day(request.args.get("from"), "from"),
        end=services.parse_day(request.args.get("to"), "to"), locale=interface_locale())
    return render_template("training/mywork.html", work=work, plan=services.current_plan(work.person.id),
                           own=work.person.id == me().id, hours=hours_text)


@bp.get("/my-work", endpoint="my_work")
@roles_required(ANY)
def my_work() -> Any:
    """The signed-in person's own work: garments, the till, the workshop, attendance, valuations."""
    return _page(me().id)


@bp.get("/participants/<int:person_id>/work", endpoint="participant_work")
@roles_required(ANY)
def participant_work(person_id: int) -> Any:
    """A participant's work, for themself and the supervisors of their shop (403 for anyone else)."""
    return _page(person_id)


@bp.get("/participants/<int:person_id>/work/<chart>.svg", endpoint="work_chart")
@roles_required(ANY)
def work_chart(person_id: int, chart: str) -> Any:
    """One of the page's charts as SVG (same period and the same rights as the page)."""
    if chart not in CHARTS:
        abort(404)
    work = services.participant_work(
        person_id, reader=me(), start=services.parse_day(request.args.get("from"), "from"),
        end=services.parse_day(request.args.get("to"), "to"), locale=interface_locale())
    response = Response(CHARTS[chart](work), mimetype="image/svg+xml")
    # pygal writes its styles in the SVG; an image runs no script, and this one loads nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.cache_control.private = True
    return response


@bp.get("/plans/<int:plan_id>/meeting.pdf", endpoint="meeting_pdf")
@roles_required(ANY)
def meeting_pdf_download(plan_id: int) -> Any:
    """The follow-up meeting's one-page PDF, for the page's link (the API serves the same bytes)."""
    plan = plan_for_meeting(plan_id, reader=me())
    return Response(meeting_pdf(plan, interface_locale(), reader=me()), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="follow-up-{plan.id}.pdf"'})


