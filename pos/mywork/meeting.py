"""The follow-up meeting's one-page PDF: the plan, hours since the last follow-up, skills, the work."""

from __future__ import annotations

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from boutique.db import MAX_ID, db
from boutique.errors import NotFound
from boutique.models import Person, Shop
from boutique.training import access
from boutique.training.plans.models import Plan, SubGoal
from boutique.training.report.pdf import Document
from boutique.training.report.texts import hours_text
from boutique.training.skills.services import signed_off

from . import services


def plan_for_meeting(plan_id: int, *, reader: Person) -> Plan:
    """The plan: NotFound if none; Forbidden unless `reader` is its participant or supervises them."""
    plan = db.session.get(Plan, plan_id) if 0 < plan_id <= MAX_ID else None
    if plan is None:
        raise NotFound(plan_id=plan_id)
    access.require(access.may_read(reader, plan.person))
    return plan


def _current_sub_goals(plan: Plan) -> list[SubGoal]:
    """The plan's sub-goals as they stand: those a follow-up changed or dropped are left out."""
    return list(db.session.scalars(select(SubGoal).where(SubGoal.plan_id == plan.id,
                                                         SubGoal.replaced_by_follow_up_id.is_(None))
                                   .order_by(SubGoal.position, SubGoal.id)))


def meeting_pdf(plan: Plan, locale: str, *, reader: Person) -> bytes:
    """One A4 page for the follow-up meeting, in `locale`."""
    person = plan.person
    start, end = services.default_period(person.id, plan=plan)
    work = services.participant_work(person.id, reader=reader, start=start, end=end, locale=locale)
    held = services.last_follow_up(plan)
    shop = db.session.get(Shop, plan.shop_id)
    with force_locale(locale):
        title = _("Follow-up meeting: %(name)s", name=person.display_name)
        doc = Document(title)
        doc.heading(title, 15)
        doc.text(" · ".join(part for part in (
            shop.name if shop else "", _("Meeting on %(date)s", date=format_date(plan.follow_up_on)),
            _("Last follow-up %(date)s", date=format_date(held.held_on)) if held else _("First follow-up"))
            if part), size=9)
        doc.heading(_("Long-term goal"), 12)
        doc.text(plan.long_term_goal)
        doc.heading(_("Sub-goals"), 12)
        for goal in _current_sub_goals(plan):
            mark = "☑" if goal.met_on else "☐"
            state = _("met %(date)s", date=format_date(goal.met_on)) if goal.met_on else _("not met yet")
            doc.bullet(f"{mark} {goal.text} ({state})")
        doc.heading(_("Hours since the last follow-up (%(start)s – %(end)s)", start=format_date(start),
                      end=format_date(end)), 12)
        doc.rows([(_("Attended"), hours_text(work.attended_minutes)),
                  (_("Agreed"), hours_text(work.agreed_minutes) if work.agreed_minutes is not None else "–"),
                  (_("Days in the shop"), str(work.days_attended))])
        doc.heading(_("Skills signed off"), 12)
        skills = signed_off(person.id)
        if not skills:
            doc.text(_("None yet."))
        for sign_off in skills:
            name = sign_off.skill.names.get(locale) or sign_off.skill.names.get("sv") or sign_off.skill.key
            doc.bullet(f"{name} ({format_date(sign_off.signed_on)})")
        doc.heading(_("The work in the period"), 12)
        doc.rows([(_("Garments sorted"), str(work.work.get("sorted", 0))),
                  (_("Garments valued"), str(work.work.get("valued", 0))),
                  (_("Garments priced"), str(work.work.get("priced", 0))),
                  (_("Sales served at the till"), str(work.sales)),
                  (_("Hours in the workshop"), hours_text(work.workshop_minutes))])
        for valuations, line in ((work.estimates, _("Estimates of sold garments: on average %(miss)s kr off")),
                                 (work.prices, _("Prices of sold garments: on average %(miss)s kr off"))):
            if valuations.average_miss is not None:
                doc.text(line % {"miss": round(valuations.average_miss / 100)}, size=9)
        doc.heading(_("Notes from the meeting"), 12)
        for _line in range(4):
            doc.text("_" * 80, size=10)
        return doc.finish()
