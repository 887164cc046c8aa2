"""Core pages: sign in and out, the start page, the language switch."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .auth import authenticate
from .forms import LoginForm
from .i18n import event_label, kilos
from .models import LANGUAGES
from .services import set_language

bp = Blueprint("boutique", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after sign-in."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("boutique.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        person = authenticate(form.username.data or "", form.password.data or "")
        if person is None:
            flash(_("Wrong username or password."), "error")
        else:
            login_user(person)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("boutique/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Sign out."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("boutique.login"))


@bp.get("/")
@login_required
def home() -> Any:
    """The start page: big tiles for what this person's role does."""
    return render_template("boutique/home.html")


@bp.post("/language/<lang>")
def choose_language(lang: str) -> Any:
    """Switch the interface language (saved on the person when signed in)."""
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            set_language(current_user._get_current_object(), lang)
    return redirect(_safe_next(request.form.get("next") or request.referrer and urlsplit(request.referrer).path))


def register_page_helpers(app: Flask) -> None:
    """Values every template can use."""

    app.jinja_env.globals.update(kilos=kilos, event_label=event_label, languages=LANGUAGES,
                                 language_names={"sv": "Svenska", "en": "English"})

    @app.context_processor
    def page_globals() -> dict[str, Any]:
        return {"current_locale": str(get_locale() or "sv")}
