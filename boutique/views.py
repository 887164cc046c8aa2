"""Core pages: sign in and out, the start page, the language switch."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import Markup

from . import services
from .auth import ADMIN, ANY, SUPERVISOR, authenticate, public, roles_required
from .db import db
from .errors import DomainError
from .forms import (
    CohortForm,
    LoginForm,
    PersonForm,
    ProfileForm,
    SecretForm,
    SetupForm,
    ShopForm,
    TillForm,
    kind_choices,
    role_choices,
)
from .i18n import event_label, kilos
from .models import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES, Person, Shop
from .pages import form_errors, me, safe_next
from .services import set_language
from .static_files import init_static_files
from .training.attendance.services import open_stay

bp = Blueprint("boutique", __name__)



@bp.route("/setup", methods=["GET", "POST"])
@public
def setup() -> Any:
    """First start of a real shop: create the first admin and the shop. Gone once someone exists."""
    if not services.needs_setup():
        return redirect(url_for("boutique.login"))
    form = SetupForm()
    if form.validate_on_submit():
        try:
            person = services.first_run_setup(
                username=form.username.data, display_name=form.display_name.data, password=form.password.data,
                shop_name=form.shop_name.data, org_no=form.org_no.data or "", address=form.address.data or "")
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            login_user(person)
            flash(_("Welcome! Add the people who work in the shop under People."), "success")
            return redirect(url_for("boutique.home"))
    return render_template("boutique/setup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with username and password."""
    if services.needs_setup():
        return redirect(url_for("boutique.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            person = authenticate(form.username.data or "", form.password.data or "")
        except DomainError as exc:
            flash(str(exc.message), "error")
            return render_template("boutique/login.html", form=form), exc.status
        if person is None:
            flash(_("Wrong username or password."), "error")
            return render_template("boutique/login.html", form=form), 401
        login_user(person)
        return redirect(safe_next(request.args.get("next")))
    return render_template("boutique/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Sign out."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("boutique.login"))


@bp.get("/")
@roles_required(ANY)
def home() -> Any:
    """The start page: big tiles for what this person's role does; a participant's check-in button first."""
    person = me()
    return render_template("boutique/home.html",
                           open_stay=open_stay(person.id) if person.kind == "participant" else None)


@bp.post("/language/<lang>")
def choose_language(lang: str) -> Any:
    """Switch the interface language (saved on the person when signed in)."""
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            set_language(me(), lang)
    return redirect(safe_next(request.form.get("next") or request.referrer and urlsplit(request.referrer).path))




@bp.get("/people")
@roles_required(SUPERVISOR)
def people() -> Any:
    """Everyone who can sign in, for supervisors to manage."""
    return render_template("boutique/people.html", people=services.list_people(), form=PersonForm())


@bp.post("/people")
@roles_required(SUPERVISOR)
def create_person() -> Any:
    """Add a participant, volunteer, student or staff member."""
    form = PersonForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
    elif not services.may_manage(me(), form.role.data or ""):
        flash(_("Your role may not give that role."), "error")
    else:
        try:
            person = services.create_person(
                form.username.data or "", role=form.role.data, password=form.password.data or "",
                display_name=form.display_name.data, kind=form.kind.data, language=form.language.data,
                pin=form.pin.data or None, shop_id=me().shop_id, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("%(name)s can now sign in as %(username)s.", name=person.display_name,
                    username=person.username), "success")
            return redirect(url_for("boutique.people"))
    return render_template("boutique/people.html", people=services.list_people(), form=form), 422


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def person(person_id: int) -> Any:
    """Change a person's role, language or access, or reset their password or PIN."""
    row = db.get_or_404(Person, person_id)
    form = PersonForm(obj=row)
    if request.method == "GET":
        form.cohort.data = str(row.cohort_id or "")
    if form.validate_on_submit():
        try:
            services.update_person(row.id, by=me(), display_name=form.display_name.data, role=form.role.data,
                                   kind=form.kind.data, language=form.language.data, active=form.active.data,
                                   password=form.password.data or None, pin=form.pin.data or None,
                                   cohort_id=int(form.cohort.data) if form.cohort.data else None)
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("boutique.people"))
    elif request.method == "POST":
        flash(form_errors(form), "error")
    return render_template("boutique/person.html", person=row, form=form)


@bp.route("/cohorts", methods=["GET", "POST"])
@roles_required(SUPERVISOR)
def cohorts() -> Any:
    """Courses of students, each with the teacher who follows their pieces."""
    form = CohortForm()
    form.teacher.choices = [("", _("None"))] + [(str(p.id), p.display_name) for p in services.list_people()
                                                if p.active]
    if form.validate_on_submit():
        try:
            cohort = services.create_cohort(form.name.data, teacher_id=int(form.teacher.data) if form.teacher.data
                                            else None, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("The cohort %(name)s is made. Add students to it on each person's page.", name=cohort.name),
                  "success")
            return redirect(url_for("boutique.cohorts"))
    elif request.method == "POST":
        flash(form_errors(form), "error")
    return render_template("boutique/cohorts.html", cohorts=services.list_cohorts(), form=form,
                           members=services.cohort_sizes())


@bp.get("/people/<int:person_id>/export.json")
@roles_required(SUPERVISOR)
def export_person(person_id: int) -> Any:
    """A person's data as JSON, for a data-access request."""
    from flask import jsonify

    response = jsonify(services.export_person(person_id))
    response.headers["Content-Disposition"] = f"attachment; filename=person-{person_id}.json"
    return response


@bp.post("/people/<int:person_id>/pseudonymise")
@roles_required(SUPERVISOR)
def pseudonymise_person(person_id: int) -> Any:
    """Erase a person's identity; sales history and the journal stay."""
    try:
        services.pseudonymise_person(person_id, by=me())
    except DomainError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("boutique.person", person_id=person_id))
    flash(_("The person's name and sign-in are removed. Their work stays in the history."), "success")
    return redirect(url_for("boutique.people"))


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(ANY)
def profile() -> Any:
    """My name, language, text size, password and PIN."""
    person = me()
    form = ProfileForm(obj=person, large_text=session.get("large_text", False))
    secret = SecretForm(prefix="secret")
    if request.method == "POST" and request.form.get("which") == "profile" and form.validate_on_submit():
        try:
            services.update_profile(person, display_name=form.display_name.data, language=form.language.data,
                                    large_text=bool(form.large_text.data))
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            session["large_text"] = bool(form.large_text.data)
            session["lang"] = form.language.data
            flash(_("Saved."), "success")
            return redirect(url_for("boutique.profile"))
    if request.method == "POST" and request.form.get("which") == "secret" and secret.validate_on_submit():
        try:
            services.change_own_secret(person, current_password=secret.current_password.data,
                                       new_password=secret.new_password.data or "", new_pin=secret.new_pin.data or "")
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("boutique.profile"))
    return render_template("boutique/profile.html", form=form, secret=secret)


@bp.route("/shops/<int:shop_id>", methods=["GET", "POST"])
@roles_required(ADMIN)
def shop(shop_id: int) -> Any:
    """A shop's receipt details, VAT mode, Swish number and tills."""
    row = db.get_or_404(Shop, shop_id)
    form = ShopForm(obj=row)
    till_form = TillForm(prefix="till")
    if form.validate_on_submit():
        try:
            services.update_shop(row.id, by=me(), name=form.name.data, org_no=form.org_no.data or "",
                                 address=form.address.data or "", vat_mode=form.vat_mode.data,
                                 swish_number=form.swish_number.data or "")
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("boutique.shop", shop_id=row.id))
    return render_template("boutique/shop.html", shop=row, form=form, till_form=till_form)


@bp.post("/shops/<int:shop_id>/tills")
@roles_required(ADMIN)
def add_till(shop_id: int) -> Any:
    """Add a till to the shop."""
    form = TillForm(prefix="till")
    if form.validate_on_submit():
        try:
            services.add_till(shop_id, name=form.name.data, by=me())
        except DomainError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Saved."), "success")
    else:
        flash(form_errors(form), "error")
    return redirect(url_for("boutique.shop", shop_id=shop_id))


@bp.get("/shops")
@roles_required(ADMIN)
def shops() -> Any:
    """Every shop."""
    return render_template("boutique/shops.html", shops=services.list_shops())


def in_place_attributes(target: str = "main") -> Markup:
    """The attributes of an element whose forms update a part of the page in place: with
    JavaScript, htmx sends the form and swaps in the `target` element (a CSS selector) of the
    page the server redirects to; without, a plain post. The page sets `{% set in_place = true %}`
    so that base.html loads htmx (static/js/in-place.js). A view whose page has a smaller part
    that changes answers an in-place request with that part alone (`boutique.pages.in_place_request`)."""
    return Markup('hx-boost="true" hx-target="{0}" hx-select="{0}" hx-swap="outerHTML" hx-push-url="false"').format(
        target)


def register_page_helpers(app: Flask) -> None:
    """Values every template can use, and static file URLs that carry their version."""
    init_static_files(app)

    roles, kinds = dict(role_choices()), dict(kind_choices())
    app.jinja_env.globals.update(kilos=kilos, event_label=event_label, languages=LANGUAGES,
                                 role_name=lambda r: str(roles.get(r, r)), kind_name=lambda k: str(kinds.get(k, k)),
                                 language_names=LANGUAGE_NAMES, rtl_languages=RTL_LANGUAGES,
                                 in_place_attributes=in_place_attributes)

    @app.context_processor
    def page_globals() -> dict[str, Any]:
        locale = str(get_locale() or "sv")
        return {"current_locale": locale, "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr",
                "large_text": session.get("large_text", False)}
