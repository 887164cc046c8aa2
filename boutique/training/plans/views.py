"""Pages of the participants' programme: the supervisor's list, a participant's page, a new plan, a
follow-up meeting, the participant's own "My plan", and the start page's block of follow-ups due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from boutique.auth import ANY, SUPERVISOR, roles_required
from boutique.errors import DomainError
from boutique.i18n import EVENT_LABELS
from boutique.pages import flash_form_errors, me, run_and_flash

from .. import access
from ..agreements import services as agreements
from ..agreements.forms import OUTCOME_NAMES, REFERRAL_NAMES
from . import services
from .forms import SUB_GOAL_FIELDS, FollowUpForm, PlanForm

bp = Blueprint("plans", __name__)


def _to_participant(person_id: int) -> Any:
    return redirect(url_for("plans.participant", person_id=person_id))


def _status(warn: bool) -> int:
    """A form page shown again after a post: 422 when something was refused, 200 when it only warns."""
    return 422 if request.method == "POST" and not warn else 200


def _texts(name: str) -> list[str]:
    return [text for text in request.form.getlist(name) if text.strip()]


@bp.app_context_processor
def follow_ups_due_helper() -> dict[str, Any]:
    """`follow_ups_due()` for the start page: the signed-in supervisor's follow-ups of the next 14 days."""

    def due() -> list[services.DueFollowUp]:
        if not current_user.is_authenticated or current_user.role not in SUPERVISOR:
            return []
        return services.follow_ups_due(me())

    return {"follow_ups_due": due}


@bp.get("/participants")
@roles_required(SUPERVISOR)
def participants() -> Any:
    """The shop's participants with their agreement and next follow-up."""
    return render_template("training/participants.html", rows=services.participant_rows(me()),
                           referral_names=REFERRAL_NAMES, today=services.today())


@bp.get("/participants/<int:person_id>")
@roles_required(ANY)
def participant(person_id: int) -> Any:
    """A participant's agreement, current plan, sub-goals met and follow-ups; other parts link from here."""
    reader = me()
    person = agreements.readable_person(person_id, reader)
    plans = services.plans_of(person.id, reader)
    return render_template("training/participant.html", person=person, agreement=agreements.agreement_of(person.id),
                           plan=plans[0] if plans else None, older_plans=plans[1:],
                           may_change=access.supervises(reader, person) and person.kind == "participant",
                           referral_names=REFERRAL_NAMES, outcome_names=OUTCOME_NAMES, today=services.today())


@bp.route("/participants/<int:person_id>/plans/new", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def new_plan(person_id: int) -> Any:
    """A new action plan: the long-term goal and at least three sub-goals, in the participant's words."""
    person = agreements.supervised_participant(person_id, me())
    form = PlanForm(data={"follow_up_on": services.today() + timedelta(days=services.DEFAULT_NEXT_DAYS)})
    warn = False
    if form.validate_on_submit():
        warn = services.outside_advised_range(form.follow_up_on.data) and not form.keep_date.data
        if not warn:
            if run_and_flash(lambda: services.create_plan(
                    person.id, long_term_goal=form.long_term_goal.data, sub_goals=_texts("sub_goal"),
                    follow_up_on=form.follow_up_on.data, by=me()), _("The plan is saved.")):
                return _to_participant(person.id)
    elif request.method == "POST":
        flash_form_errors(form)
    typed = request.form.getlist("sub_goal")
    sub_goals = typed + [""] * (SUB_GOAL_FIELDS - len(typed))
    return render_template("training/new_plan.html", person=person, form=form, warn=warn,
                           sub_goals=sub_goals), _status(warn)


@bp.route("/plans/<int:plan_id>/follow-up", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def follow_up(plan_id: int) -> Any:
    """Record a follow-up meeting: who met, notes, sub-goals met or reworded, new ones, the next date."""
    plan = services.get_plan(plan_id)
    person = agreements.supervised_participant(plan.person_id, me())
    today = services.today()
    agreement = agreements.agreement_of(person.id)
    who = [person.display_name, me().display_name] + ([agreement.referral_contact_name]
                                                      if agreement and agreement.referral_contact_name else [])
    form = FollowUpForm(data={"held_on": today, "attendees": ", ".join(who),
                              "next_follow_up_on": today + timedelta(days=services.DEFAULT_NEXT_DAYS)})
    standing = services.current_sub_goals(plan)
    warn = False
    if form.validate_on_submit():
        warn = (services.outside_advised_range(form.next_follow_up_on.data, since=form.held_on.data)
                and not form.keep_date.data)
        if not warn:
            met = tuple(int(v) for v in request.form.getlist("met") if v.isdigit())
            changed = tuple((goal.position, request.form.get(f"goal_{goal.position}", goal.text))
                            for goal in standing)
            meeting = services.FollowUpNotes(
                notes=form.notes.data or "", attendees=form.attendees.data or "", sub_goals_met=met,
                changed_sub_goals=changed, new_sub_goals=tuple(_texts("new_sub_goal")),
                next_follow_up_on=form.next_follow_up_on.data, held_on=form.held_on.data)
            try:
                services.record_follow_up(plan.id, meeting, by=me())
            except DomainError as exc:
                flash(str(exc.message), "error")
            else:
                flash(_("The follow-up is saved. Next follow-up: %(date)s.",
                        date=format_date(form.next_follow_up_on.data)), "success")
                return _to_participant(person.id)
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("training/follow_up.html", person=person, plan=plan, standing=standing, form=form,
                           warn=warn, met=set(request.form.getlist("met"))), _status(warn)


@bp.get("/my-plan")
@roles_required(ANY)
def my_plan() -> Any:
    """The participant's own plan: the goal, the sub-goals (met ones ticked) and the next follow-up."""
    person = me()
    plan = services.current_plan(person.id)
    return render_template("training/my_plan.html", person=person, plan=plan,
                           sub_goals=services.current_sub_goals(plan) if plan else [], today=services.today())


EVENT_LABELS.update({
    "training.plan_created": _l("Action plan made"),
    "training.follow_up": _l("Follow-up held"),
})
