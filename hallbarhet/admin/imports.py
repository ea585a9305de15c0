"""Importing a municipality's administrations or staff list from a CSV file, as a
spreadsheet exports it: read (import_files), checked row by row against the database
(import_checks), shown, and imported whole or not at all (import_file), the file kept
between its preview and the confirmation (stage, confirm).

A file of administrations has the columns name and short name; a file of people has name,
e-mail and administration (its short name or name), and may have language and
memberships ("neh:representative nsh:participant"). Importing never deactivates anyone,
never makes or unmakes an administrator, and never deletes."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from ..auth.password_links import Purpose
from ..errors import Conflict, Invalid
from ..extensions import db
from ..models import Administration, StagedImport, User
from ..models.base import refuses_cleanly, utcnow
from ..models.events import record
from . import memberships, people
from .import_checks import Action, Plan, Row, check, describe_field, describe_value
from .import_files import COLUMNS, FileProblem, Kind, column_names, decode, example, read_table
from .people import require_admin

__all__ = [
    "COLUMNS",
    "Action",
    "FileProblem",
    "Kind",
    "check",
    "column_names",
    "decode",
    "describe_field",
    "describe_value",
    "example",
    "read_table",
]

# How long an uploaded file waits for its confirmation.
STAGED_FOR = timedelta(hours=24)


class ImportRefused(Invalid):
    """Some row is wrong (now): nothing was imported. `plan` has the errors."""

    def __init__(self, plan: Plan):
        super().__init__(_("Nothing was imported: correct the rows marked wrong."))
        self.plan = plan


class PlanChanged(Conflict):
    """The database changed since the preview: `plan` is what the import would do now."""

    def __init__(self, plan: Plan):
        super().__init__(
            _(
                "The tool's data changed since the preview, so the import would now do "
                "something else. Here is the new preview: nothing was imported yet."
            )
        )
        self.plan = plan


@dataclass(frozen=True)
class Imported:
    kind: Kind
    new: int
    changed: int
    mailed: int


@refuses_cleanly
def import_file(actor: User, text: str, digest: str, *, mail_links: bool = False) -> Imported:
    """Import every row of the file in one transaction, or none: ImportRefused when a row
    is wrong, PlanChanged when the import would no longer do what the preview (`digest`)
    showed. New people get a first-password link only when asked and password sign-in is
    on."""
    require_admin(actor)
    plan = check(text)
    if not plan.ok:
        raise ImportRefused(plan)
    if plan.digest != digest:
        raise PlanChanged(plan)
    if plan.kind is Kind.ADMINISTRATIONS:
        for row in plan.rows:
            _import_administration(actor, row)
        mailed = []
    else:
        new = [_import_person(actor, row) for row in plan.rows]
        mailed = [user for user in new if user is not None] if mail_links else []
        if mailed and people.password_signin():
            # The links carry the accounts' ids and the state they have once committed.
            db.session.flush()
            for user in mailed:
                people.mail_link(actor, user, Purpose.FIRST)
        else:
            mailed = []
    db.session.commit()
    return Imported(plan.kind, plan.count(Action.NEW), plan.count(Action.CHANGED), len(mailed))


def _import_administration(actor: User, row: Row) -> None:
    name, short = row.values["name"], row.values["short_name"]
    if row.action is Action.NEW:
        administration = Administration(name=name, short_name=short, active=True)
        db.session.add(administration)
        record(
            "administration_imported",
            actor,
            administration=administration,
            to_value=name,
            message=short,
        )
    elif row.action is Action.CHANGED:
        # A changed row matched an administration (import_checks._check_administrations).
        assert isinstance(row.target, Administration)
        administration = row.target
        record(
            "administration_import_renamed",
            actor,
            administration=administration,
            from_value=administration.name,
            to_value=name,
        )
        administration.name = name


def _import_person(actor: User, row: Row) -> User | None:
    """The new account of the row, if it makes one."""
    values, roles = row.values, row.values["roles"]
    if row.action is Action.NEW:
        user = User(
            name=values["name"],
            email=values["email"],
            administration=values["administration"],
            language=values["language"] or "sv",
        )
        db.session.add(user)
        record("account_imported", actor, person=user)
        memberships.set_memberships(actor, user, roles or {})
        return user
    if row.action is Action.CHANGED:
        # A changed row matched an account (import_checks._check_people).
        assert isinstance(row.target, User)
        user = row.target
        people.change_account(
            actor,
            user,
            name=values["name"],
            email=values["email"],
            administration=values["administration"],
            language=values["language"] or user.language,
        )
        if roles is not None:
            memberships.set_memberships(actor, user, roles)
    return None


# The file between its preview and its confirmation


def stage(actor: User, filename: str, text: str) -> StagedImport:
    """Keep the checked file's text for its confirmation, under a random token; files
    uploaded more than a day ago, never confirmed, go (they hold staff's personal data,
    and are no record of anything)."""
    db.session.execute(delete(StagedImport).where(StagedImport.created_at < utcnow() - STAGED_FOR))
    staged = StagedImport(
        token=secrets.token_urlsafe(32),
        created_by_id=actor.id,
        filename=(filename or "")[:200],
        content=text,
    )
    db.session.add(staged)
    db.session.commit()
    return staged


def staged_for(actor: User, token: str) -> StagedImport | None:
    """The file the administrator uploaded under the token, while it waits."""
    if len(token) > 64:
        return None
    return db.session.scalar(
        select(StagedImport).where(
            StagedImport.token == token,
            StagedImport.created_by_id == actor.id,
            StagedImport.created_at >= utcnow() - STAGED_FOR,
        )
    )


@refuses_cleanly
def confirm(actor: User, staged: StagedImport, digest: str, *, mail_links: bool) -> Imported:
    """Import the staged file (import_file); the file goes with the import's commit."""
    db.session.delete(staged)
    return import_file(actor, staged.content, digest, mail_links=mail_links)
