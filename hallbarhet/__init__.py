"""Hållbarhetsnätverket: questions, triage and agendas for sustainability networks."""

import os
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import cli, error_pages, logs, mail, rendering, security, transactions
from .account.views import bp as account_bp
from .admin.views import bp as admin_bp
from .agenda.views import bp as agenda_bp
from .auth import oidc, sessions
from .auth.directory_views import bp as directory_bp
from .auth.views import bp as auth_bp
from .config import DEFAULTS
from .dashboard.views import bp as dashboard_bp
from .extensions import babel, cache, csrf, db, limiter, migrate
from .i18n import select_locale
from .invitations.views import bp as invitations_bp
from .issues.views import bp as issues_bp
from .meetings.planning.views import bp as planning_bp
from .meetings.views import bp as meetings_bp
from .minutes.views import bp as minutes_bp
from .reportback.views import bp as reportback_bp
from .similar.thesaurus.views import bp as thesaurus_bp
from .similar.views import bp as similar_bp
from .statement.views import bp as statement_bp
from .triage.views import bp as triage_bp
from .urls import require_base_url

# Every area's blueprint, in the order they were always registered.
BLUEPRINTS = (
    auth_bp,
    dashboard_bp,
    issues_bp,
    triage_bp,
    meetings_bp,
    agenda_bp,
    planning_bp,
    invitations_bp,
    minutes_bp,
    reportback_bp,
    similar_bp,
    admin_bp,
    directory_bp,
    statement_bp,
    account_bp,
    thesaurus_bp,
)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Readers do not wait for a writer, and a commit does not wait for the disk twice:
        # with two workers a decision's commit was most of its time. (A database in memory
        # stays in its own journal mode.)
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def create_app(test_config=None) -> Flask:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.path.join(root, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "hallbarhet.sqlite"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("HALLBARHET")
    else:
        app.config.from_mapping(test_config)
    _require_secret_key(app)
    require_base_url(app)
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config[key] is None:
            app.config[key] = not (app.debug or app.testing)
    logs.init_app(app)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PROXIES"]:
        proxies = int(app.config["PROXIES"])
        # Flask's documented way to add WSGI middleware; its typing has wsgi_app as a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    db.init_app(app)
    transactions.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    sessions.init_app(app)
    oidc.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    security.init_app(app)
    rendering.init_app(app)
    error_pages.init_app(app)
    cli.init_app(app)
    mail.init_app(app)

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app


def _require_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = "development-only-secret"  # noqa: S105
        return
    raise RuntimeError(
        "SECRET_KEY is not set: set HALLBARHET_SECRET_KEY or SECRET_KEY in instance/config.py"
    )
