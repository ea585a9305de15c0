"""What representatives do with their questions: draft, submit, edit, withdraw."""

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import access
from ..dates import local_today
from ..errors import Conflict, Invalid, InvalidField, NotAllowed
from ..extensions import db
from ..meetings.removal import require_removable
from ..models import (
    Administration,
    AskedFor,
    Event,
    Issue,
    IssueKind,
    IssueStatus,
    Meeting,
    MeetingStatus,
    Network,
    ReferenceCounter,
    User,
    WorkArea,
)
from ..models.base import commit_or_conflict, refuses_cleanly, utcnow
from ..models.events import record
from .lifecycle import EDITABLE_STATUSES, change_status

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
MINUTES_MAX = 120
# What Event.from_value and to_value hold.
EVENT_VALUE_MAX = 200


@dataclass
class IssueInput:
    network_id: int
    title: str
    kind: IssueKind
    asked_for: AskedFor
    description: str = ""
    work_area_id: int | None = None
    affected_ids: list[int] = field(default_factory=list)
    goals: list[int] = field(default_factory=list)
    desired_meeting_id: int | None = None
    latest_date: date | None = None
    estimated_minutes: int = 15
    presenter: str = ""
    links: str = ""


@refuses_cleanly
def create_issue(user: User, data: IssueInput, *, submit: bool) -> Issue:
    if data.network_id not in access.representing_network_ids(user):
        raise NotAllowed(_("You do not represent your administration in that network."))
    issue = Issue(
        network_id=data.network_id,
        administration_id=user.administration_id,
        submitter=user,
        status=IssueStatus.DRAFT,
    )
    _apply(issue, data)
    db.session.add(issue)
    record("created", user, issue=issue)
    if submit:
        submit_issue(user, issue)
    db.session.commit()
    return issue


@refuses_cleanly
def update_issue(user: User, issue: Issue, data: IssueInput, version: int, *, submit: bool):
    _check_editable(user, issue, version)
    if data.network_id != issue.network_id:
        raise Invalid(_("A question cannot move to another network."))
    before = _described(issue)
    _apply(issue, data)
    after = _described(issue)
    # One Event per changed field, from and to, so that the history says what changed.
    for name, value in before.items():
        if value != after[name]:
            record("edited", user, issue=issue, from_value=value, to_value=after[name],
                   message=name)  # fmt: skip
    if submit and issue.status in (IssueStatus.DRAFT, IssueStatus.RETURNED):
        submit_issue(user, issue)
    commit_or_conflict(lambda: _changed_first(issue))
    return issue


def submit_issue(user: User, issue: Issue) -> None:
    if issue.reference is None:
        issue.reference = next_reference(issue.network_id)
    issue.submitted_at = utcnow()
    change_status(issue, IssueStatus.SUBMITTED, user)


@refuses_cleanly
def withdraw_issue(user: User, issue: Issue, version: int, message: str = "") -> None:
    if not access.can_edit_issue(user, issue):
        raise NotAllowed(_("Only your administration's representatives may withdraw it."))
    _check_version(issue, version)
    item = issue.agenda_item
    meeting = item.meeting if item is not None else None
    if item is not None:
        require_removable(item, by_submitter=True)
    change_status(issue, IssueStatus.WITHDRAWN, user, message)
    if meeting is not None:  # the question was on an agenda
        meeting.updated_at = utcnow()
        record(
            "item_removed", user, meeting=meeting, from_value=issue.reference, message=issue.title
        )
        db.session.delete(item)
    commit_or_conflict(lambda: _changed_first(issue))


@refuses_cleanly
def delete_draft(user: User, issue: Issue) -> None:
    """Drafts that were never submitted are the author's to delete; nothing else is."""
    if issue.status != IssueStatus.DRAFT or issue.reference is not None:
        raise NotAllowed(_("Only drafts that were never submitted can be deleted."))
    if issue.submitter_id != user.id:
        raise NotAllowed(_("Only the author may delete a draft."))
    # Typed as any FromClause a class may be mapped to; Event's is its Table.
    events = cast(Table, Event.__table__)
    db.session.execute(events.delete().where(Event.issue_id == issue.id))
    db.session.delete(issue)
    db.session.commit()


def next_reference(network_id: int) -> str:
    """NEH-2026-014: the network, the year and a running number, never reused.

    The counter row is created if missing and incremented in one UPDATE, which holds the
    row's lock until the transaction ends, so two submissions at the same moment never
    get the same number (nor fail on the first one of a year)."""
    year = utcnow().year
    insert = (
        postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else (sqlite_insert)
    )
    db.session.execute(
        insert(ReferenceCounter)
        .values(network_id=network_id, year=year, last=0)
        .on_conflict_do_nothing()
    )
    number = db.session.scalar(
        update(ReferenceCounter)
        .where(ReferenceCounter.network_id == network_id, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    )
    slug = db.session.get_one(Network, network_id).slug.upper()
    return f"{slug}-{year}-{number:03d}"


def _check_editable(user: User, issue: Issue, version: int) -> None:
    if not access.can_edit_issue(user, issue):
        raise NotAllowed(_("Only your administration's representatives may edit it."))
    if issue.status not in EDITABLE_STATUSES:
        raise Conflict(
            _("The question has been triaged and can no longer be edited."), current=issue
        )
    _check_version(issue, version)


def _check_version(issue: Issue, version: int) -> None:
    if issue.version != version:
        raise _changed_first(issue)


def _changed_first(issue: Issue) -> Conflict:
    return Conflict(
        _(
            "Someone else changed the question while you had it open. "
            "Here is its current state; make your change again if it still applies."
        ),
        current=issue,
    )


def _described(issue: Issue) -> dict[str, str]:
    """The question's fields as its history shows them (ids as names, codes as codes), each
    cut to what an Event's value holds."""
    area = db.session.get(WorkArea, issue.work_area_id) if issue.work_area_id else None
    meeting = (
        db.session.get(Meeting, issue.desired_meeting_id) if issue.desired_meeting_id else None
    )
    values = {
        "title": issue.title,
        "description": issue.description,
        "kind": issue.kind.value if issue.kind else "",
        "asked_for": issue.asked_for.value if issue.asked_for else "",
        "work_area": area.name if area else "",
        "affected": ", ".join(sorted(a.name for a in issue.affected)),
        "goals": ",".join(str(goal) for goal in sorted(issue.goals or [])),
        "desired_meeting": meeting.name if meeting else "",
        "latest_date": issue.latest_date.isoformat() if issue.latest_date else "",
        "estimated_minutes": str(issue.estimated_minutes),
        "presenter": issue.presenter or "",
        "links": issue.links or "",
    }
    return {name: _cut(value or "") for name, value in values.items()}


def _cut(text: str, limit: int = EVENT_VALUE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _apply(issue: Issue, data: IssueInput) -> None:
    """Copy validated input onto the question, checking every id against the network."""
    title = data.title.strip()
    if not title:
        raise Invalid(_("Give the question a title."))
    if len(title) > TITLE_MAX or len(data.description) > DESCRIPTION_MAX:
        raise Invalid(_("The text is too long."))
    if len(data.presenter.strip()) > 200 or len(data.links) > DESCRIPTION_MAX:
        raise Invalid(_("The text is too long."))
    if not 1 <= data.estimated_minutes <= MINUTES_MAX:
        raise Invalid(_("Estimate between 1 and %(max)s minutes.", max=MINUTES_MAX))
    if data.work_area_id is not None:
        area = db.session.get(WorkArea, data.work_area_id)
        if area is None or area.network_id != data.network_id:
            raise Invalid(_("Choose a work area of the same network."))
        if area.retired and area.id != issue.work_area_id:
            raise Invalid(_("That work area is retired: choose one the form offers."))
    if data.desired_meeting_id is not None:
        meeting = db.session.get(Meeting, data.desired_meeting_id)
        if (
            meeting is None
            or meeting.network_id != data.network_id
            or meeting.status == MeetingStatus.CANCELLED
        ):
            raise Invalid(_("Choose a coming meeting of the same network."))
    if (
        data.latest_date is not None
        and data.latest_date != issue.latest_date
        and data.latest_date < local_today()
    ):
        # A date kept from before may have passed since; a new one may not have.
        raise InvalidField(
            "latest_date", _("Give a latest date today or later: that day has passed.")
        )
    if any(not 1 <= goal <= 17 for goal in data.goals):
        raise Invalid(_("The global goals are numbered 1 to 17."))
    affected = []
    if data.affected_ids:
        affected = list(
            db.session.scalars(
                select(Administration).where(Administration.id.in_(set(data.affected_ids)))
            )
        )
        kept = {administration.id for administration in issue.affected}
        if len(affected) != len(set(data.affected_ids)) or any(
            not administration.active and administration.id not in kept
            for administration in affected
        ):
            raise Invalid(_("Choose administrations from the list."))
    issue.title = title
    issue.description = data.description.strip()
    issue.kind = data.kind
    issue.asked_for = data.asked_for
    issue.work_area_id = data.work_area_id
    issue.affected = affected
    issue.goals = sorted(set(data.goals))
    issue.desired_meeting_id = data.desired_meeting_id
    issue.latest_date = data.latest_date
    issue.estimated_minutes = data.estimated_minutes
    issue.presenter = data.presenter.strip()
    issue.links = data.links.strip()
