"""Pages of a participant's agreement: hours, dates, referral, consent to the self-rating, the exit."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from boutique.auth import SUPERVISOR, roles_required
from boutique.errors import DomainError
from boutique.i18n import EVENT_LABELS
from boutique.pages import flash_form_errors, me, run_and_flash

from . import services
from .forms import AgreementForm, ExitForm

bp = Blueprint("agreements", __name__)


def _to_participant(person_id: int) -> Any:
    return redirect(url_for("plans.participant", person_id=person_id))


@bp.route("/participants/<int:person_id>/agreement", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def agreement(person_id: int) -> Any:
    """Make or change a participant's agreement."""
    person = services.supervised_participant(person_id, me())
    row = services.agreement_of(person.id)
    form = AgreementForm(obj=row, data=None if row else {"supervisor_id": str(me().id)})
    if row is not None and request.method == "GET":
        form.hours_per_week.data = row.minutes_per_week
        form.supervisor_id.data = str(row.supervisor_id or "")
    form.supervisor_id.choices = [("", _("Nobody named yet"))] + [
        (str(p.id), p.display_name) for p in services.possible_supervisors(person)]
    if form.validate_on_submit():
        terms = services.AgreementTerms(
            minutes_per_week=form.hours_per_week.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            referral=form.referral.data, referral_contact_name=form.referral_contact_name.data or "",
            referral_contact_phone=form.referral_contact_phone.data or "",
            supervisor_id=int(form.supervisor_id.data) if form.supervisor_id.data else None)
        if run_and_flash(lambda: services.save_agreement(
                person.id, terms, by=me(), consent=bool(form.self_rating_consent.data),
                consent_on=form.consent_on.data), _("The agreement is saved.")):
            return _to_participant(person.id)
    elif request.method == "POST":
        flash_form_errors(form)
    exit_form = ExitForm(obj=row) if row is not None else None
    return render_template("training/agreement.html", person=person, agreement=row, form=form,
                           exit_form=exit_form), 422 if request.method == "POST" else 200


@bp.post("/participants/<int:person_id>/exit")
@roles_required(SUPERVISOR)
def record_exit(person_id: int) -> Any:
    """Record the end of a participation and what the person went on to."""
    form = ExitForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("agreements.agreement", person_id=person_id))
    try:
        services.record_exit(person_id, exited_on=form.exited_on.data, outcome=form.outcome.data, by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("agreements.agreement", person_id=person_id))
    flash(_("The exit is recorded."), "success")
    return _to_participant(person_id)


EVENT_LABELS.update({
    "training.agreement_created": _l("Agreement made"),
    "training.agreement_changed": _l("Agreement changed"),
    "training.consent_given": _l("Consent to the self-rating given"),
    "training.consent_withdrawn": _l("Consent to the self-rating withdrawn; self-ratings erased"),
    "training.exited": _l("Participation ended"),
    "training.exit_undone": _l("End of participation undone"),
})
