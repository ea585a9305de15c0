"""What administrators change in the accessibility statement."""

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..errors import Conflict, NotAllowed
from ..extensions import db
from ..models import AccessibilityStatement, AssessmentMethod, Compliance, User
from ..models.base import refuses_cleanly, utcnow
from ..models.events import record
from ..models.statement import STATEMENT_ID

PROBLEMS_MAX = 10_000
PHONE_MAX = 40
RESPONSE_DAYS_MAX = 60
# What Event.from_value and to_value hold: a long text is kept as its beginning.
EVENT_VALUE_MAX = 200


@dataclass(frozen=True)
class StatementInput:
    compliance: Compliance
    known_problems: str
    known_problems_en: str
    assessed_on: date | None
    assessment_method: AssessmentMethod
    contact_email: str
    contact_phone: str
    response_days: int


# The fields an administrator edits, in the form's order; each change is an Event.
FIELDS = tuple(field.name for field in fields(StatementInput))


@refuses_cleanly
def save_statement(user: User, version: int | None, data: StatementInput) -> bool:
    """Save the municipality's parts of the statement, from the form rendered at `version`
    (0 before the first save). One Event per changed field, from and to; the date of the
    last update moves on. False when nothing changed (nothing is written)."""
    if not user.is_admin:
        raise NotAllowed(_("Only administrators may do this."))
    statement = db.session.get(AccessibilityStatement, STATEMENT_ID)
    if (statement.version if statement else 0) != version:
        raise changed_first()
    if statement is None:
        statement = AccessibilityStatement.initial()
    before = _values(statement)
    changed = [name for name in FIELDS if before[name] != getattr(data, name)]
    if not changed:
        return False
    db.session.add(statement)
    for name in changed:
        after = getattr(data, name)
        record(
            "statement_changed",
            user,
            from_value=_shown(before[name]),
            to_value=_shown(after),
            message=name,
        )
        setattr(statement, name, after)
    statement.updated_at = utcnow()
    statement.updated_by = user
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        # Another administrator saved first: an update of the version we read, or the
        # first save at the same moment as ours.
        db.session.rollback()
        raise changed_first() from None
    return True


def changed_first() -> Conflict:
    return Conflict(
        _(
            "Another administrator changed the statement while you had it open. Here it is "
            "as it is now; make your change again if it still applies."
        )
    )


def _values(statement: AccessibilityStatement) -> dict:
    return {name: getattr(statement, name) for name in FIELDS}


def _shown(value) -> str | None:
    """A field's value as its Event keeps it: codes as codes, dates as 2026-11-22."""
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text if len(text) <= EVENT_VALUE_MAX else text[: EVENT_VALUE_MAX - 1] + "…"
