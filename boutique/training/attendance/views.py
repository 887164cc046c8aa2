"""Attendance pages: the participant's check-in button (on the start page), their month, the supervisor's
overview and corrections, the shared kiosk, the timesheet and the personal card."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from boutique.auth import ANY, SUPERVISOR, roles_required
from boutique.clock import SHOP_TZ, shop_date, utcnow
from boutique.db import db
from boutique.errors import DomainError
from boutique.models import Person, Shop
from boutique.pages import flash_form_errors, me, safe_next

from ..access import may_read, require, supervises
from . import services
from .card import card_pdf
from .forms import REASON_ICONS, AbsenceForm, CardForm, ClosingTimeForm, CorrectionForm, StayForm, moment
from .models import Absence
from .timesheet import REASON_NAMES, clock_text, month_of, parse_month, timesheet_for, timesheet_pdf

bp = Blueprint("attendance", __name__)


# --------------------------------------------------------------------------- helpers


def hhmm(value: datetime | None) -> str:
    """A moment as the shop's clock shows it, "09:02"."""
    return value.astimezone(SHOP_TZ).strftime("%H:%M") if value is not None else ""


def correction_span(times: dict[str, Any]) -> str:
    """A correction's stored times (ISO moments) as "09:00–15:00", or "–" for a stay that was not there."""
    if not times:
        return "–"
    return "–".join(hhmm(datetime.fromisoformat(times[key])) if times.get(key) else "" for key in ("in_at", "out_at"))


@bp.app_context_processor
def attendance_helpers() -> dict[str, Any]:
    """What the attendance templates (the start page's button among them) format times and reasons with."""
    return {"hhmm": hhmm, "clock_text": clock_text, "correction_span": correction_span,
            "local_month": lambda m: shop_date(m).strftime("%Y-%m"),
            "absence_reason_name": lambda r: str(REASON_NAMES.get(r, r)),
            "absence_reason_icon": lambda r: REASON_ICONS.get(r, "calendar")}


def _run(action: Any) -> Any:
    """Call one service; flash its domain error. The service's result, or None when it failed."""
    try:
        return action()
    except DomainError as exc:
        flash(str(exc.message), "error")
        return None


def _month_arg() -> date:
    try:
        return parse_month(request.args.get("month"))
    except DomainError:
        return shop_date(utcnow()).replace(day=1)


def _to_person(person_id: int, on: date | None = None) -> Any:
    month = (on or shop_date(utcnow())).strftime("%Y-%m")
    return redirect(url_for("attendance.person", person_id=person_id, month=month))


def _readable(person_id: int) -> Person:
    person = db.get_or_404(Person, person_id)
    require(may_read(me(), person))
    return person


def _welcome(stay: Any, checked_in: bool, person: Person) -> str:
    if checked_in:
        return _("Welcome, %(name)s! Checked in at %(time)s.", name=person.display_name, time=hhmm(stay.in_at))
    return _("Goodbye, %(name)s! Checked out at %(time)s (%(hours)s hours today).", name=person.display_name,
             time=hhmm(stay.out_at), hours=clock_text(stay.minutes))


# --------------------------------------------------------------------------- checking in and out


@bp.post("/training/attendance/<int:person_id>/check-in")
@roles_required(ANY)
def check_in(person_id: int) -> Any:
    """The big button (oneself), or a supervisor checking someone in."""
    stay = _run(lambda: services.check_in(person_id, by=me(), station="page"))
    if stay is not None:
        flash(_welcome(stay, True, stay.person), "success")
    return redirect(safe_next(request.form.get("next")))


@bp.post("/training/attendance/<int:person_id>/check-out")
@roles_required(ANY)
def check_out(person_id: int) -> Any:
    """The big button again, or a supervisor checking someone out."""
    stay = _run(lambda: services.check_out(person_id, by=me(), station="page"))
    if stay is not None:
        flash(_welcome(stay, False, stay.person), "success")
    return redirect(safe_next(request.form.get("next")))


# --------------------------------------------------------------------------- the supervisor's overview


@bp.get("/training/attendance")
@roles_required(SUPERVISOR)
def overview() -> Any:
    """Who is in now, who is not, and the stays the closing time closed that wait for a look."""
    people = services.participants(me().shop_id)
    shop = _own_shop()
    closing = ClosingTimeForm(data={"closes_at": services.closes_at(shop)}) if shop else None
    return render_template("training/attendance.html", people=people,
                           open_stays=services.open_stays([p.id for p in people]),
                           flagged=services.flagged_stays(me().shop_id), closing_form=closing)


def _own_shop() -> Shop | None:
    """The signed-in person's shop (the first shop for someone of every shop)."""
    shop_id = me().shop_id or db.session.scalar(select(Shop.id).order_by(Shop.id).limit(1))
    return db.session.get(Shop, shop_id) if shop_id else None


@bp.post("/training/attendance/closing-time")
@roles_required(SUPERVISOR)
def closing_time() -> Any:
    """Set when the shop closes."""
    form, shop = ClosingTimeForm(), _own_shop()
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
    elif _run(lambda: services.set_closing_time(shop.id, form.closes_at.data.strftime("%H:%M"), by=me())):
        flash(_("Saved."), "success")
    return redirect(url_for("attendance.overview"))


# --------------------------------------------------------------------------- a participant's month


@bp.get("/training/attendance/<int:person_id>")
@roles_required(ANY)
def person(person_id: int) -> Any:
    """A participant's month: each day's stays with their corrections, absences, and (for a supervisor) forms."""
    row = _readable(person_id)
    first = _month_arg()
    sheet = month_of(row, first)
    by_ids = {c.by_id for day in sheet.days for stay in day.stays for c in stay.corrections if c.by_id}
    names = {p.id: p.display_name for p in db.session.scalars(select(Person).where(Person.id.in_(by_ids)))}
    return render_template(
        "training/attendance_person.html", person=row, sheet=sheet, open_stay=services.open_stay(row.id),
        agreement=services.agreement_of(row.id), can_correct=supervises(me(), row), people_names=names,
        previous=(first - timedelta(days=1)).strftime("%Y-%m"),
        following=(sheet.last + timedelta(days=1)).strftime("%Y-%m"),
        correction_form=CorrectionForm(), stay_form=StayForm(data={"on": shop_date(utcnow())}),
        absence_form=AbsenceForm(data={"on": shop_date(utcnow())}))


@bp.post("/training/attendance/stays/<int:attendance_id>/correct")
@roles_required(SUPERVISOR)
def correct(attendance_id: int) -> Any:
    """New times for one stay, with the reason; the correction is kept and shown on the day."""
    stay = services.get_stay(attendance_id)
    on = shop_date(stay.in_at)
    form = CorrectionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif _run(lambda: services.correct_stay(stay.id, in_at=moment(on, form.in_time.data),
                                            out_at=moment(on, form.out_time.data), reason=form.reason.data,
                                            by=me())) is not None:
        flash(_("Corrected. The times before are kept beside the new ones."), "success")
    return _to_person(stay.person_id, on)


@bp.post("/training/attendance/<int:person_id>/stays")
@roles_required(SUPERVISOR)
def add_stay(person_id: int) -> Any:
    """A stay the participant forgot to check in for."""
    form = StayForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _to_person(person_id)
    on = form.on.data
    if _run(lambda: services.add_stay(person_id, in_at=moment(on, form.in_time.data),
                                      out_at=moment(on, form.out_time.data), reason=form.reason.data,
                                      by=me())) is not None:
        flash(_("The stay is added."), "success")
    return _to_person(person_id, on)


@bp.post("/training/attendance/<int:person_id>/absences")
@roles_required(SUPERVISOR)
def record_absence(person_id: int) -> Any:
    """A day away, with its reason."""
    form = AbsenceForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _to_person(person_id)
    if _run(lambda: services.record_absence(person_id, on=form.on.data, reason=form.reason.data,
                                            note=form.note.data or "", by=me())) is not None:
        flash(_("The absence is recorded."), "success")
    return _to_person(person_id, form.on.data)


@bp.post("/training/attendance/absences/<int:absence_id>/remove")
@roles_required(SUPERVISOR)
def remove_absence(absence_id: int) -> Any:
    """Take back an absence recorded by mistake."""
    absence = db.get_or_404(Absence, absence_id)
    person_id, on = absence.person_id, absence.on
    try:
        services.remove_absence(absence_id, by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The absence is removed."), "success")
    return _to_person(person_id, on)


# --------------------------------------------------------------------------- timesheet and card


@bp.get("/training/attendance/<int:person_id>/timesheet")
@roles_required(ANY)
def timesheet(person_id: int) -> Any:
    """The month's timesheet to view and print, with a link to the PDF to sign."""
    row = _readable(person_id)
    sheet = month_of(row, _month_arg())
    return render_template("training/timesheet.html", person=row, sheet=sheet)


@bp.get("/training/attendance/<int:person_id>/timesheet.pdf")
@roles_required(ANY)
def timesheet_file(person_id: int) -> Any:
    """The timesheet as a PDF with signature lines for participant and supervisor."""
    sheet = timesheet_for(person_id, _month_arg().strftime("%Y-%m"), reader=me())
    return Response(timesheet_pdf(sheet), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="timesheet-{person_id}-{sheet.month}.pdf"'})


@bp.post("/training/attendance/<int:person_id>/card")
@roles_required(ANY)
def card(person_id: int) -> Any:
    """The personal card to print (a POST: its code is made the first time; `replace` for a lost card)."""
    replace = request.form.get("replace") == "1"
    agreement = _run(lambda: services.issue_card(person_id, by=me(), replace=replace))
    if agreement is None:
        return _to_person(person_id)
    shop = db.session.get(Shop, agreement.shop_id)
    return Response(card_pdf(agreement.person, shop, agreement.card_code or ""), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="card-{person_id}.pdf"'})


# --------------------------------------------------------------------------- the kiosk


@bp.get("/kiosk/attendance")
@roles_required(SUPERVISOR)
def kiosk() -> Any:
    """A shared screen a supervisor opens: tap one's name, or scan one's card, to check in or out."""
    people = services.participants(me().shop_id)
    return render_template("training/kiosk.html", people=people, form=CardForm(),
                           open_stays=services.open_stays([p.id for p in people]))


@bp.post("/kiosk/attendance/<int:person_id>")
@roles_required(SUPERVISOR)
def kiosk_tap(person_id: int) -> Any:
    """A tap on a name: in when out, out when in, as the screen showed it."""
    action = services.check_out if request.form.get("action") == "out" else services.check_in
    stay = _run(lambda: action(person_id, by=me(), station="kiosk"))
    if stay is not None:
        flash(_welcome(stay, stay.out_at is None, stay.person), "success")
    return redirect(url_for("attendance.kiosk"))


@bp.post("/kiosk/attendance/scan")
@roles_required(SUPERVISOR)
def kiosk_scan() -> Any:
    """A card scanned (the scanner types its code and Enter)."""
    form = CardForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("attendance.kiosk"))

    def scan() -> Any:
        participant = services.participant_by_card(form.code.data or "")
        return services.check_in_or_out(participant.id, by=me(), station="kiosk")

    result = _run(scan)
    if result is not None:
        stay, checked_in = result
        flash(_welcome(stay, checked_in, stay.person), "success")
    return redirect(url_for("attendance.kiosk"))
