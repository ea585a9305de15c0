"""What administrators change in the municipality's administrations: add, rename, deactivate
and reactivate them, and reorganise (move people and open questions from one to another).

Nothing here deletes an administration: a deactivated one is offered in no form for
something new, and everything that refers to it keeps it. Each change is an Event about
the administration in the change's transaction; a refusal leaves the session clean."""

import hashlib
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..access import require_admin
from ..errors import Conflict, Invalid, InvalidField
from ..extensions import db
from ..issues.lifecycle import OPEN_STATUSES
from ..models import Administration, Issue, User
from ..models.base import commit_or_conflict, refuses_cleanly
from ..models.events import record

NAME_MAX = 200
SHORT_NAME_MAX = 16


@refuses_cleanly
def add_administration(actor: User, name: str, short_name: str) -> Administration:
    require_admin(actor)
    name, short_name = _checked(name, short_name)
    administration = Administration(name=name, short_name=short_name, active=True)
    db.session.add(administration)
    record(
        "administration_added",
        actor,
        administration=administration,
        to_value=f"{name} ({short_name})",
    )
    _commit_unique(lambda: _checked(name, short_name))
    return administration


@refuses_cleanly
def update_administration(
    actor: User, administration: Administration, name: str, short_name: str, version: int
) -> bool:
    """Rename it or change its short name; returns whether anything changed."""
    require_admin(actor)
    _check_version(administration, version)
    name, short_name = _checked(name, short_name, administration)
    changed = False
    if name != administration.name:
        record(
            "administration_renamed",
            actor,
            administration=administration,
            from_value=administration.name,
            to_value=name,
        )
        administration.name = name
        changed = True
    if short_name != administration.short_name:
        record(
            "administration_short_name",
            actor,
            administration=administration,
            from_value=administration.short_name,
            to_value=short_name,
        )
        administration.short_name = short_name
        changed = True
    if changed:
        _commit_unique(
            lambda: _checked(name, short_name, administration),
            conflict=lambda: changed_first(administration),
        )
    return changed


@refuses_cleanly
def deactivate_administration(actor: User, administration: Administration, version: int) -> None:
    """Refused while active people or open questions belong to it: they move first
    (reorganise), so that no one is left representing an administration no form offers."""
    require_admin(actor)
    _check_version(administration, version)
    if not administration.active:
        return
    people, questions = _members(administration)
    if people or questions:
        raise Invalid(
            _(
                "%(name)s still has %(people)s and %(questions)s. Move them to another "
                "administration first (reorganise), then deactivate it.",
                name=administration.name,
                people=people_words(len(people)),
                questions=question_words(len(questions)),
            )
        )
    _deactivate(actor, administration)
    commit_or_conflict(lambda: changed_first(administration))


@refuses_cleanly
def reactivate_administration(actor: User, administration: Administration, version: int) -> None:
    require_admin(actor)
    _check_version(administration, version)
    if administration.active:
        return
    administration.active = True
    record("administration_reactivated", actor, administration=administration)
    commit_or_conflict(lambda: changed_first(administration))


@dataclass(frozen=True)
class Move:
    """What a reorganisation moves from the source to the target: its active people and its
    open questions (lifecycle.OPEN_STATUSES), as they are now."""

    source: Administration
    target: Administration
    people: list[User]
    questions: list[Issue]

    @property
    def fingerprint(self) -> str:
        """What the confirmation step showed: confirming moves exactly that, or nothing."""
        ids = ",".join(str(user.id) for user in self.people)
        ids += ";" + ",".join(str(issue.id) for issue in self.questions)
        text = f"{self.source.id}>{self.target.id}:{ids}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def empty(self) -> bool:
        return not self.people and not self.questions


def planned_move(source: Administration, target: Administration) -> Move:
    people, questions = _members(source)
    return Move(source, target, people, questions)


@refuses_cleanly
def reorganise(
    actor: User,
    source: Administration,
    target: Administration | None,
    fingerprint: str,
    *,
    deactivate: bool,
) -> Move:
    """Move the source's active people and open questions to the target in one
    transaction: an Event for each person and each question (their own histories say
    where they came from) and one Event with the counts about the source. With
    deactivate, the source is deactivated in the same step."""
    require_admin(actor)
    target = check_target(source, target)
    move = planned_move(source, target)
    if move.fingerprint != fingerprint:
        raise Conflict(
            _(
                "The people or the open questions of %(name)s changed after you looked. "
                "Here is what would move now; confirm again if it is still right.",
                name=source.name,
            ),
            current=move,
        )
    if move.empty and not deactivate:
        raise Invalid(
            _("%(name)s has no active people or open questions to move.", name=source.name)
        )
    for user in move.people:
        user.administration = target
        record("person_moved", actor, person=user, from_value=source.name, to_value=target.name)
    for issue in move.questions:
        issue.administration = target
        record("question_moved", actor, issue=issue, from_value=source.name, to_value=target.name)
    if not move.empty:
        record(
            "reorganised",
            actor,
            administration=source,
            from_value=source.name,
            to_value=target.name,
            message=f"people={len(move.people)} questions={len(move.questions)}",
        )
    if deactivate and source.active:
        _deactivate(actor, source)
    commit_or_conflict(lambda: changed_first(source))
    return move


def check_target(source: Administration, target: Administration | None) -> Administration:
    """The target, if the source's people and questions may move there."""
    if target is None or not target.active:
        raise InvalidField("to", _("Choose an active administration from the list."))
    if target.id == source.id:
        raise InvalidField("to", _("Choose another administration than the one moved from."))
    return target


def people_words(count: int) -> str:
    return ngettext("%(num)s active person", "%(num)s active people", count)


def question_words(count: int) -> str:
    return ngettext("%(num)s open question", "%(num)s open questions", count)


def changed_first(administration: Administration) -> Conflict:
    return Conflict(
        _(
            "Someone else changed the administration while you had it open. Here it is as "
            "it is now; make your change again if it still applies."
        ),
        current=administration,
    )


def _deactivate(actor: User, administration: Administration) -> None:
    administration.active = False
    record("administration_deactivated", actor, administration=administration)


def _members(administration: Administration) -> tuple[list[User], list[Issue]]:
    people = db.session.scalars(
        select(User)
        .where(User.administration_id == administration.id, User.active.is_(True))
        .order_by(User.name, User.id)
    ).all()
    questions = db.session.scalars(
        select(Issue)
        .where(Issue.administration_id == administration.id, Issue.status.in_(OPEN_STATUSES))
        .order_by(Issue.id)
    ).all()
    return list(people), list(questions)


def _check_version(administration: Administration, version: int | None) -> None:
    if administration.version != version:
        raise changed_first(administration)


def _checked(
    name: str, short_name: str, administration: Administration | None = None
) -> tuple[str, str]:
    """The name and short name, stripped; InvalidField beside the one that is missing,
    too long or already another administration's (letter case aside)."""
    name, short_name = (name or "").strip(), (short_name or "").strip()
    if not name:
        raise InvalidField("name", _("Write the administration's name."))
    if len(name) > NAME_MAX:
        raise InvalidField("name", _("Write at most %(max)s characters.", max=NAME_MAX))
    if not short_name:
        raise InvalidField("short_name", _("Write a short name, such as MF."))
    if len(short_name) > SHORT_NAME_MAX:
        raise InvalidField("short_name", _("Write at most %(max)s characters.", max=SHORT_NAME_MAX))
    query = select(Administration.name, Administration.short_name)
    if administration is not None:
        query = query.where(Administration.id != administration.id)
    others = db.session.execute(query).all()
    # Folded in Python: SQLite's lower() leaves å, ä and ö as they are.
    if any(other.casefold() == name.casefold() for other, _short in others):
        raise InvalidField("name", _("Another administration already has this name."))
    if any(short.casefold() == short_name.casefold() for _other, short in others):
        raise InvalidField("short_name", _("Another administration already has this short name."))
    return name, short_name


def _commit_unique(check, conflict=None) -> None:
    """Commit; when another writer took the same name or short name in between (the
    unique constraints refuse it), roll back and say which beside its field."""
    try:
        if conflict is None:
            db.session.commit()
        else:
            commit_or_conflict(conflict)
    except IntegrityError:
        db.session.rollback()
        check()
        raise
