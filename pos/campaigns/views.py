"""Pages of the counter's prices: campaigns, markdowns, training mode and limits in one settings page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from boutique.auth import SUPERVISOR, roles_required
from boutique.clock import shop_date, utcnow
from boutique.db import db
from boutique.errors import DomainError
from boutique.forms import select_choices
from boutique.i18n import EVENT_LABELS
from boutique.models import Till
from boutique.pages import flash_form_errors, me
from boutique.services import shop_of
from inventory.garments import categories as garment_categories
from inventory.garments.models import TAG_COLOURS
from inventory.labels.data import tag_colour_name

from ..tills import services as till_services
from . import services as campaign_services
from .forms import CampaignForm, CounterSettingsForm, MarkdownForm
from .prices import markdowns_of

bp = Blueprint("campaigns", __name__)

EVENT_LABELS.update({
    "campaign.created": _l("Campaign started"), "campaign.ended": _l("Campaign ended"),
    "markdowns.set": _l("Markdowns set"), "shop.counter_settings": _l("Counter settings changed"),
})


@bp.get("/counter/settings")
@roles_required(SUPERVISOR)
def settings() -> Any:
    """Campaigns, markdowns, training mode and the counter's limits."""
    shop = shop_of(me())
    if shop is None:
        flash(_("Create a shop first."), "error")
        return redirect(url_for("boutique.home"))
    categories = garment_categories.list_categories()
    campaign_form = CampaignForm(starts_on=shop_date(utcnow()), ends_on=shop_date(utcnow()) + timedelta(days=6))
    campaign_form.categories.choices = select_choices([(c.key, c.name(_current_locale())) for c in categories])
    campaign_form.tag_colours.choices = select_choices([(c, tag_colour_name(c)) for c in TAG_COLOURS])
    steps = markdowns_of(shop.id)[::-1]
    markdown_form = MarkdownForm(data={f"{field}{n}": getattr(step, attr) for n, step in enumerate(steps[:3], 1)
                                       for field, attr in (("weeks", "after_weeks"), ("percent", "percent"))})
    settings_form = CounterSettingsForm(obj=shop)
    return render_template(
        "pos/settings.html", shop=shop, campaigns=campaign_services.campaigns(shop.id), campaign_form=campaign_form,
        markdown_form=markdown_form, settings_form=settings_form, tag_colour_name=tag_colour_name,
        tills=db.session.scalars(select(Till).where(Till.shop_id == shop.id).order_by(Till.id)).all(),
        people=till_services.counter_people(shop.id), category_names={c.key: c.name(_current_locale())
                                                               for c in categories})


def _current_locale() -> str:
    return str(get_locale() or "sv")


@bp.post("/counter/campaigns")
@roles_required(SUPERVISOR)
def new_campaign() -> Any:
    """Start a campaign."""
    shop = shop_of(me())
    form = CampaignForm()
    form.categories.choices = select_choices([(c.key, c.key) for c in garment_categories.list_categories()])
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
        return redirect(url_for("campaigns.settings"))
    try:
        campaign_services.create_campaign(shop.id, name=form.name.data, starts_on=form.starts_on.data,
                                 ends_on=form.ends_on.data, percent=form.percent.data,
                                 categories=form.categories.data or [], tag_colours=form.tag_colours.data or [],
                                 by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The campaign is saved."), "success")
    return redirect(url_for("campaigns.settings"))


@bp.post("/counter/campaigns/<int:campaign_id>/end")
@roles_required(SUPERVISOR)
def end_campaign(campaign_id: int) -> Any:
    """Stop a campaign now."""
    campaign_services.end_campaign(campaign_id, by=me())
    flash(_("The campaign is ended."), "success")
    return redirect(url_for("campaigns.settings"))


@bp.post("/counter/markdowns")
@roles_required(SUPERVISOR)
def markdowns() -> Any:
    """Set the tag-colour markdown steps."""
    shop = shop_of(me())
    form = MarkdownForm()
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
        return redirect(url_for("campaigns.settings"))
    campaign_services.set_markdowns(shop.id, form.steps(), by=me())
    flash(_("The markdowns are saved."), "success")
    return redirect(url_for("campaigns.settings"))


@bp.post("/counter/limits")
@roles_required(SUPERVISOR)
def counter_settings() -> Any:
    """Save the counter's limits, the Swish number and the VAT mode."""
    shop = shop_of(me())
    form = CounterSettingsForm()
    if not form.validate_on_submit() or shop is None:
        flash_form_errors(form)
        return redirect(url_for("campaigns.settings"))
    try:
        campaign_services.update_counter_settings(
            shop.id, by=me(), discount_approval_percent=form.discount_approval_percent.data,
            open_price_min=form.open_price_min.data, open_price_max=form.open_price_max.data,
            swish_number=form.swish_number.data or "", vat_mode=form.vat_mode.data)
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The settings are saved."), "success")
    return redirect(url_for("campaigns.settings"))
