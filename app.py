"""The application factory: the only module that imports every package and wires them together."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from boutique import api as boutique_api
from boutique import cli as boutique_cli
from boutique import views as boutique_views
from boutique.auth import login_manager
from boutique.config import Defaults, default_database_url, environment_overrides, load_secret_key
from boutique.db import DatabaseIdConverter, db, ping_after_idle
from boutique.i18n import babel, localtime_filter, money_filter, select_locale
from boutique.jsonio import FastJSONProvider
from boutique.security import init_security
from boutique.training.report import api as report_api
from boutique.training.report import views as report_views
from inventory.donations import api as donations_api
from inventory.donations import views as donations_views
from inventory.garments import api as garments_api
from inventory.garments import views as garments_views
from inventory.labels import api as labels_api
from inventory.labels import views as labels_views
from inventory.labels.data import add_label_extras
from inventory.tallies import cli as tallies_cli
from inventory.workshop import api as workshop_api
from inventory.workshop import services as workshop
from inventory.workshop import views as workshop_views
from pos import cli as pos_cli
from pos.campaigns import api as campaigns_api
from pos.campaigns import views as campaigns_views
from pos.feedback import api as feedback_api
from pos.feedback import views as feedback_views
from pos.journal import api as journal_api
from pos.mywork import api as mywork_api
from pos.mywork import views as mywork_views
from pos.sales import api as sales_api
from pos.sales import views as sales_views
from pos.tills import api as tills_api
from pos.tills import views as tills_views
from boutique.training import cli as training_cli
from boutique.training import daily
from boutique.training.agreements import api as agreements_api
from boutique.training.agreements import views as agreements_views
from boutique.training.attendance import api as attendance_api
from boutique.training.attendance import views as attendance_views
from boutique.training.plans import api as plans_api
from boutique.training.plans import views as plans_views
from boutique.training.ratings import api as ratings_api
from boutique.training.ratings import cli as ratings_cli
from boutique.training.ratings import views as ratings_views
from boutique.training.skills import views as skills_views

ROOT = Path(__file__).resolve().parent
migrate = Migrate(directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then `test_config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.json = FastJSONProvider(app)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = default_database_url(app.instance_path)
    app.config["MEDIA_FOLDER"] = str(Path(app.instance_path) / "media")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(environment_overrides())
        app.config.from_prefixed_env()
    else:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)

    app.url_map.converters["int"] = DatabaseIdConverter
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":  # a database file cannot drop a connection the way a server can
            ping_after_idle(db.engine, app.config["DB_PING_AFTER_IDLE_SECONDS"])
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["money"] = money_filter
    app.jinja_env.filters["localtime"] = localtime_filter

    for blueprint in (boutique_views.bp, donations_views.bp, garments_views.bp, labels_views.bp, workshop_views.bp,
                      tills_views.bp, sales_views.bp, campaigns_views.bp, feedback_views.bp, agreements_views.bp,
                      plans_views.bp, attendance_views.bp, skills_views.bp, ratings_views.bp, report_views.bp,
                      mywork_views.bp):
        app.register_blueprint(blueprint)
    for api_blueprint in (boutique_api.bp, donations_api.bp, garments_api.bp, labels_api.bp, workshop_api.bp,
                          tills_api.bp, sales_api.bp, campaigns_api.bp, journal_api.bp, feedback_api.bp,
                          agreements_api.bp, plans_api.bp, attendance_api.bp, ratings_api.bp, report_api.bp,
                          mywork_api.bp):
        csrf.exempt(api_blueprint)  # bearer tokens, not cookies, authorise writes
        app.register_blueprint(api_blueprint)
    add_label_extras(workshop.label_extras)  # the credit line and QR code of a redesigned piece
    app.register_blueprint(boutique_cli.cli)
    app.register_blueprint(tallies_cli.cli)
    app.register_blueprint(pos_cli.cli)
    app.register_blueprint(training_cli.cli)
    app.register_blueprint(ratings_cli.cli)
    boutique_api.register_error_handlers(app)
    boutique_views.register_page_helpers(app)
    init_security(app)
    daily.start(app)  # the daily jobs (boutique/training/daily.py), unless testing or DAILY_JOBS is off
    return app
