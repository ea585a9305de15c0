"""Column types and helpers shared by the models."""

import enum
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.types import TypeDecorator

from ..config import DEFAULTS
from ..errors import DomainError
from ..extensions import db

# The zone local dates and times are read and shown in: the configured default (Flask-Babel
# shows times in it), as a constant for the models and rules that run outside a request.
LOCAL_TZ = ZoneInfo(DEFAULTS["BABEL_DEFAULT_TIMEZONE"])


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite stores it naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_cls: type[enum.Enum], **kwargs) -> sa.Enum:
    """Store an enum by its value as a plain string (no native database enum)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        **kwargs,
    )


def commit_or_conflict(conflict) -> None:
    """Commit; when another writer changed a versioned row between our read and our
    write, roll back and raise the domain's Conflict, built after the rollback so that
    it describes the row as it is now."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise conflict() from None


def refuses_cleanly(operation):
    """An operation that refuses leaves the session clean: on a domain error, whatever it
    added, changed or locked is rolled back before the error goes up, so that the view can
    show the refusal without ending the transaction itself."""

    @wraps(operation)
    def run(*args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except DomainError:
            db.session.rollback()
            raise

    return run


@contextmanager
def keeping_loaded():
    """Commits inside keep the loaded objects as they are instead of expiring them, for a
    view that answers with what it just changed (a triage card after a checklist answer)
    and so need not read it all again. Only for changes that leave no loaded collection
    out of order; a rollback still expires everything."""
    session = db.session()
    before = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = before
