"""Flask extensions, created unbound and initialised by create_app()."""

from typing import TYPE_CHECKING, Any

import flask_limiter
from flask_babel import Babel
from flask_caching import Cache
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
# The models' base class. At run time it is db.Model, which Flask-SQLAlchemy builds from Base
# with a table name derived from each class's name, bind keys and a query property (unused
# here). A type checker cannot see a class built at run time, so to it the base is Base: the
# same declarative base, columns and constructor.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def plain_rows(statement: Executable, values: dict[str, Any] | None = None) -> CursorResult:
    """The rows of a statement that selects plain values, no mapped objects: run on the
    session's connection, in its transaction, after its pending changes are flushed as the
    session would (autoflush), without the ORM's handling of results that it does not need.
    For the statements every reader's page runs."""
    session = db.session
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, values or {})


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Limits are declared on the views that need them (the invitation links); none by default.
# The sign-in limits are counted in the database instead (hallbarhet.auth.limits).
# In memory (the default storage) the counters belong to the process and are made anew by
# each init_app; several app servers share a Redis storage instead (RATELIMIT_STORAGE_URI).
limiter = flask_limiter.Limiter(key_func=flask_limiter.util.get_remote_address)
# Rendered fragments that many people read and few change (a published agenda), keyed by
# what they show; per process by default, shared through Redis with several app servers.
cache = Cache()
