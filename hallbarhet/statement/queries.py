"""What the statement's pages read."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import AccessibilityStatement, Event
from ..models.statement import STATEMENT_ID

# The changes the edit page lists, newest first.
HISTORY_ROWS = 20


def current_statement() -> AccessibilityStatement:
    """The statement as saved, or as the product ships it before the first save."""
    statement = db.session.scalar(
        select(AccessibilityStatement)
        .options(joinedload(AccessibilityStatement.updated_by))
        .where(AccessibilityStatement.id == STATEMENT_ID)
    )
    return statement or AccessibilityStatement.initial()


def statement_history(limit: int = HISTORY_ROWS) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.actor))
            .where(Event.action == "statement_changed")
            .order_by(Event.created_at.desc(), Event.id.desc())
            .limit(limit)
        )
    )
