"""The coordinator's decisions on a question: assess, schedule, return, park, refer, decline."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.attributes import set_committed_value

from .. import access
from ..errors import Conflict, Invalid, InvalidTransition
from ..extensions import db
from ..issues.lifecycle import change_status
from ..labels import ISSUE_STATUS
from ..mail import notices
from ..meetings.lifecycle import UPCOMING
from ..meetings.removal import has_begun, require_removable
from ..models import (
    AgendaItem,
    Assessment,
    Event,
    Issue,
    IssueStatus,
    ItemKind,
    Meeting,
    User,
)
from ..models.base import commit_or_conflict, refuses_cleanly, utcnow
from ..models.events import record
from .checklist import QUESTIONS, Answers, Recommendation, recommend

MESSAGE_MAX = 2000
ITEM_MINUTES_MAX = 480


@refuses_cleanly
def assess(user: User, issue: Issue, question: str, answer: bool | None) -> Assessment:
    """Answer one checklist question; the recommendation follows from all four."""
    access.require_coordinator(user, issue.network_id)
    if question not in QUESTIONS:
        raise Invalid(_("Unknown checklist question."))
    _require_in_queue(issue)
    assessment = _hold_assessment(issue)
    previous = getattr(assessment, question)
    setattr(assessment, question, answer)
    assessment.recommendation = recommend(answers_of(assessment)).value
    assessment.assessed_by = user
    assessment.assessed_at = utcnow()
    record(
        "assessed",
        user,
        issue=issue,
        from_value=_answer(previous),
        to_value=_answer(answer),
        message=question,
    )
    commit_or_conflict(lambda: decided_first(issue))
    return assessment


def _hold_assessment(issue: Issue) -> Assessment:
    """The question's assessment as it is now, created on the first answer and locked until
    the commit: two coordinators answering at the same moment are taken one after the other,
    the second on top of the first's answers (SQLite writes one at a time anyway). An
    assessment is never removed, so one already loaded with the question needs no insert."""
    if issue.assessment is None:
        insert = (
            postgresql_insert
            if db.session.get_bind().dialect.name == "postgresql"
            else sqlite_insert
        )
        db.session.execute(
            insert(Assessment)
            .values(issue_id=issue.id, recommendation=Recommendation.INCOMPLETE.value)
            .on_conflict_do_nothing()
        )
    assessment = db.session.scalars(
        select(Assessment)
        .where(Assessment.issue_id == issue.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    set_committed_value(issue, "assessment", assessment)
    return assessment


def answers_of(assessment: Assessment | None) -> Answers:
    if assessment is None:
        return Answers()
    return Answers(**{q: getattr(assessment, q) for q in QUESTIONS})


@refuses_cleanly
def schedule(
    user: User,
    issue: Issue,
    meeting: Meeting,
    version: int,
    *,
    kind: ItemKind,
    minutes: int,
    presenter: str | None = None,
) -> AgendaItem:
    access.require_coordinator(user, issue.network_id)
    _require_current(issue, version)
    if meeting.network_id != issue.network_id:
        raise Invalid(_("Choose a meeting of the question's own network."))
    if meeting.status not in UPCOMING or (meeting.starts_at <= utcnow()):
        raise Invalid(_("Choose a coming meeting."))
    if not 1 <= minutes <= ITEM_MINUTES_MAX:
        raise Invalid(_("Allot between 1 and %(max)s minutes.", max=ITEM_MINUTES_MAX))
    position = _position_for_new_item(meeting)
    # Nothing is written before the commit, so that a concurrent decision surfaces there,
    # as the Conflict the coordinator can act on.
    with db.session.no_autoflush:
        change_status(issue, IssueStatus.SCHEDULED, user, meeting.name)
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=issue.title,
            kind=kind,
            allotted_minutes=minutes,
            presenter=(presenter if presenter is not None else issue.presenter) or "",
            issue=issue,
        )
        db.session.add(item)
        meeting.updated_at = utcnow()
        record("item_added", user, meeting=meeting, to_value=issue.reference, message=issue.title)
        notices.decision(issue, user, meeting=meeting)
    commit_or_conflict(lambda: _schedule_conflict(issue))
    return item


@refuses_cleanly
def return_issue(user: User, issue: Issue, version: int, message: str) -> None:
    _decide(user, issue, version, IssueStatus.RETURNED, _required(message))


@refuses_cleanly
def park(user: User, issue: Issue, version: int, message: str = "") -> None:
    _decide(user, issue, version, IssueStatus.PARKED, message.strip())


@refuses_cleanly
def refer(user: User, issue: Issue, version: int, where: str) -> None:
    _decide(user, issue, version, IssueStatus.REFERRED, _required(where))


@refuses_cleanly
def decline(user: User, issue: Issue, version: int, reason: str) -> None:
    _decide(user, issue, version, IssueStatus.DECLINED, _required(reason))


@refuses_cleanly
def unschedule(user: User, issue: Issue, version: int) -> None:
    """Take a question off an agenda and back into the queue."""
    access.require_coordinator(user, issue.network_id)
    _require_current(issue, version)
    item = issue.agenda_item
    meeting = item.meeting if item is not None else None
    if item is not None:
        require_removable(item)
    change_status(issue, IssueStatus.SUBMITTED, user)
    notices.decision(issue, user, meeting=meeting)
    if meeting is not None:  # the question was on an agenda
        meeting.updated_at = utcnow()
        record(
            "item_removed",
            user,
            meeting=meeting,
            from_value=issue.reference,
            message=issue.title,
        )
        db.session.delete(item)
    commit_or_conflict(lambda: decided_first(issue))


@refuses_cleanly
def merge(user: User, issue: Issue, into: Issue, version: int) -> None:
    """Join a question into another on the same topic that is already on a coming agenda:
    the agenda item then names both administrations and both submitters."""
    access.require_coordinator(user, issue.network_id)
    _require_current(issue, version)
    if into.id == issue.id:
        raise Invalid(_("A question cannot be joined to itself."))
    if into.network_id != issue.network_id:
        raise Invalid(_("Choose a question of the same network."))
    item = into.agenda_item
    if into.status != IssueStatus.SCHEDULED or item is None or has_begun(item.meeting):
        raise Invalid(_("%(ref)s is not on the agenda of a coming meeting.", ref=into.reference))
    change_status(issue, IssueStatus.MERGED, user, into.label)
    issue.merged_into = into
    record("merged_in", user, issue=into, to_value=issue.reference, message=issue.title)
    item.meeting.updated_at = utcnow()
    notices.merged(into, issue, user)
    commit_or_conflict(lambda: decided_first(issue))


@refuses_cleanly
def unmerge(user: User, issue: Issue, version: int) -> None:
    """Take a merged question apart again: back in the queue on its own, the agenda item
    it was joined to no longer names it."""
    access.require_coordinator(user, issue.network_id)
    _require_current(issue, version)
    into = issue.merged_into
    item = into.agenda_item if into is not None else None
    meeting = item.meeting if item is not None else None
    if item is not None:
        # The item names the question it was joined to: once the meeting has begun, the
        # minutes say that both were handled there.
        require_removable(item)
    change_status(issue, IssueStatus.SUBMITTED, user, into.label if into else "")
    issue.merged_into = None
    if into is not None:
        record("merged_out", user, issue=into, to_value=issue.reference, message=issue.title)
    if meeting is not None:
        meeting.updated_at = utcnow()
    notices.decision(issue, user, meeting=meeting)
    commit_or_conflict(lambda: decided_first(issue))


def bulk(
    user: User, selected: list[tuple[Issue, int]], action: str, message: str
) -> tuple[list[Issue], list[tuple[Issue, str]]]:
    """Park or refer each selected question (with the version the coordinator saw), each
    as a decision of its own: one that another coordinator decided on first is left as it
    is and reported, the others go through. Returns (done, refused with why)."""
    if action == "refer":
        message = _required(message)
    done, refused = [], []
    for issue, version in selected:
        try:
            (refer if action == "refer" else park)(user, issue, version, message)
        except (Conflict, InvalidTransition) as error:
            db.session.rollback()
            refused.append((issue, error.message))
        else:
            done.append(issue)
    return done, refused


def _decide(user: User, issue: Issue, version: int, target: IssueStatus, message: str) -> None:
    access.require_coordinator(user, issue.network_id)
    _require_current(issue, version)
    change_status(issue, target, user, message)
    notices.decision(issue, user, message=message)
    commit_or_conflict(lambda: decided_first(issue))


def _require_current(issue: Issue, version: int) -> None:
    if issue.version != version:
        raise decided_first(issue)


def decided_first(issue: Issue) -> Conflict:
    """The conflict to show when the question changed since the card was drawn: by its
    submitter (withdrawn or edited), or by another coordinator's decision."""
    last = db.session.scalar(
        select(Event)
        .where(Event.issue_id == issue.id)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    )
    actor = last.actor if last is not None else None
    if actor is not None and not access.is_coordinator(actor, issue.network_id):
        if issue.status is IssueStatus.WITHDRAWN:
            return Conflict(
                _("%(name)s withdrew %(ref)s meanwhile.", name=actor.name, ref=issue.reference),
                current=issue,
            )
        return Conflict(
            _(
                "%(name)s changed %(ref)s meanwhile. Read it again before you decide.",
                name=actor.name,
                ref=issue.reference,
            ),
            current=issue,
        )
    return Conflict(
        _(
            "Another coordinator decided on %(ref)s first. It is now “%(status)s”.",
            ref=issue.reference,
            status=_status(issue),
        ),
        current=issue,
    )


def _schedule_conflict(issue: Issue) -> Conflict:
    if issue.status in (IssueStatus.SUBMITTED, IssueStatus.PARKED):
        # The question was free; the meeting's agenda changed at the same moment.
        return Conflict(
            _(
                "The meeting's agenda changed at the same moment. Check its time budget and "
                "schedule %(ref)s again.",
                ref=issue.reference,
            ),
            current=issue,
        )
    return decided_first(issue)


def _require_in_queue(issue: Issue) -> None:
    if issue.status not in (IssueStatus.SUBMITTED, IssueStatus.PARKED):
        raise Conflict(
            _(
                "%(ref)s is no longer in the queue. It is now “%(status)s”.",
                ref=issue.reference,
                status=_status(issue),
            ),
            current=issue,
        )


def _required(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write a message for the submitter."))
    if len(text) > MESSAGE_MAX:
        raise Invalid(_("The message is too long (at most %(max)s characters).", max=MESSAGE_MAX))
    return text


def _position_for_new_item(meeting: Meeting) -> int:
    """After the last item, but before a closing standing item ("next meeting")."""
    items = meeting.items
    if items and items[-1].kind == ItemKind.STANDING and len(items) > 1:
        closing = items[-1]
        position = closing.position
        closing.position = position + 1
        return position
    last = db.session.scalar(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    )
    return 0 if last is None else last + 1


def _answer(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "-"}[value]


def _status(issue: Issue) -> str:
    return str(ISSUE_STATUS[issue.status])
