"""What the triage screen reads: the queue, one card, the coming meetings and their budgets."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..dates import is_passed
from ..extensions import db
from ..meetings.budget import Budget, budget_for
from ..meetings.lifecycle import UPCOMING
from ..models import (
    Administration,
    Event,
    Issue,
    IssueKind,
    IssueStatus,
    Meeting,
    Network,
    WorkArea,
)
from ..models.base import LOCAL_TZ

# The statuses the queue shows: waiting for a decision, kept for later, or back with the submitter.
QUEUE_STATUSES = (IssueStatus.SUBMITTED, IssueStatus.PARKED, IssueStatus.RETURNED)
SEARCH_MAX = 200
# Questions per page of the queue: a page renders fast, and "Show more" brings the next.
PAGE_SIZE = 10
# A card shows this many of the question's latest events; its page shows them all.
HISTORY_SHOWN = 8
# A question's events newest first (the order of their index, ix_event_issue_history).
NEWEST_FIRST = (Event.created_at.desc(), Event.id.desc())
# At most this many questions are ordered by their suggested meeting.
RANKED_MAX = 2000


@dataclass(frozen=True)
class QueueFilter:
    status: IssueStatus = IssueStatus.SUBMITTED
    network_id: int | None = None
    work_area_id: int | None = None
    administration_id: int | None = None
    kind: IssueKind | None = None
    text: str = ""
    # "age" (oldest submitted first), "desired" (desired meeting, then latest date) or
    # "suggested" (the suggested meeting's date, ordered by the view).
    sort: str = "age"


@dataclass(frozen=True)
class MeetingOption:
    """A meeting as the schedule form offers it for one question."""

    meeting: Meeting
    budget: Budget
    deadline_passed: bool
    after_latest_date: bool


def _card_loads():
    """Everything a card shows, so that a page of cards costs the same few statements. The
    affected administrations in a statement of their own: joined to the row, SQLite reads
    every question's (a nested join it materialises whole)."""
    return (
        joinedload(Issue.network),
        joinedload(Issue.administration),
        joinedload(Issue.submitter),
        joinedload(Issue.work_area),
        joinedload(Issue.assessment),
        joinedload(Issue.desired_meeting).joinedload(Meeting.network),
        selectinload(Issue.affected),
    )


def queue(
    network_ids: set[int],
    wanted: QueueFilter,
    *,
    offset: int = 0,
    limit: int | None = None,
    light: bool = False,
) -> list[Issue]:
    """The questions of the coordinated networks in one status, in the filter's order
    (by age for "suggested", which the view orders itself)."""
    if not network_ids:
        return []
    # Light: only what ranking the meetings needs, to order a whole queue by them.
    loads = (joinedload(Issue.work_area), joinedload(Issue.assessment)) if light else _card_loads()
    # The page is chosen first, from the questions (and their desired meetings) alone, and
    # only its questions are loaded with what they show; its bounds are written into the
    # statement. PostgreSQL then plans the join once: with the bounds as parameters it
    # cannot tell that the join is of one page, and plans it anew on every visit (longer
    # than running it).
    page = select(Issue.id).where(*_queue_conditions(network_ids, wanted))
    ordering: list = []
    if wanted.sort == "desired":
        desired = aliased(Meeting)
        page = page.outerjoin(desired, Issue.desired_meeting_id == desired.id)
        ordering = [
            desired.starts_at.is_(None),
            desired.starts_at,
            Issue.latest_date.is_(None),
            Issue.latest_date,
        ]
    ordering += [Issue.submitted_at, Issue.id]
    page = page.add_columns(func.row_number().over(order_by=ordering).label("position"))
    page = page.order_by(*ordering)
    if limit is not None:
        page = page.offset(_written(offset)).limit(_written(limit))
    chosen = page.subquery("page")
    query = (
        select(Issue)
        .options(*loads)
        .join(chosen, chosen.c.id == Issue.id)
        .order_by(chosen.c.position)
    )
    return list(db.session.scalars(query).unique())


def _written(number: int):
    """A bound of a page, written into the statement (an int of ours: nothing to inject)."""
    return literal(int(number), literal_execute=True)


def queue_size(
    network_ids: set[int], wanted: QueueFilter, counts: dict[IssueStatus, int] | None = None
) -> int:
    """How many questions the filter finds; `counts` (queue_counts, when already read) hold
    the answer for a filter by status alone."""
    if not network_ids:
        return 0
    if counts is not None and wanted.status in counts and _status_only(wanted):
        return counts[wanted.status]
    return db.session.execute(
        select(func.count()).select_from(Issue).where(*_queue_conditions(network_ids, wanted))
    ).scalar_one()


def _status_only(wanted: QueueFilter) -> bool:
    return replace(wanted, sort=QueueFilter.sort) == QueueFilter(status=wanted.status)


def _queue_conditions(network_ids: set[int], wanted: QueueFilter) -> list:
    conditions = [Issue.network_id.in_(network_ids), Issue.status == wanted.status]
    if wanted.network_id is not None:
        conditions.append(Issue.network_id == wanted.network_id)
    if wanted.work_area_id is not None:
        conditions.append(Issue.work_area_id == wanted.work_area_id)
    if wanted.administration_id is not None:
        conditions.append(Issue.administration_id == wanted.administration_id)
    if wanted.kind is not None:
        conditions.append(Issue.kind == wanted.kind)
    if wanted.text:
        pattern = "%" + _escape_like(wanted.text[:SEARCH_MAX]) + "%"
        conditions.append(
            or_(
                Issue.title.ilike(pattern, escape="\\"),
                Issue.reference.ilike(pattern, escape="\\"),
            )
        )
    return conditions


def card_issue(
    network_ids: set[int], issue_id: int, *, for_card: bool = True, for_answer: bool = False
) -> Issue | None:
    """One question for a card (or, for_card=False, for a decision, which needs only what
    its mail to the submitter says; for_answer, for a checklist answer, whose card the page
    keeps but for the checklist, the suggestion and the history); None when the user may
    not even know of it."""
    if for_answer:
        loads: tuple = (joinedload(Issue.assessment), joinedload(Issue.work_area))
    elif for_card:
        loads = _card_loads()
    else:
        loads = (joinedload(Issue.submitter), joinedload(Issue.network))
    issue = db.session.scalar(select(Issue).options(*loads).where(Issue.id == issue_id))
    if issue is None or issue.network_id not in network_ids or issue.status == IssueStatus.DRAFT:
        return None
    return issue


def queue_counts(network_ids: set[int]) -> dict[IssueStatus, int]:
    counts = dict.fromkeys(QUEUE_STATUSES, 0)
    if not network_ids:
        return counts
    # count(*), not of a column: PostgreSQL counts it from the index on network and status
    # alone, where counting ids reads every question's row (the queue's hundreds at each
    # decision).
    rows = db.session.execute(
        select(Issue.status, func.count())
        .where(Issue.network_id.in_(network_ids), Issue.status.in_(QUEUE_STATUSES))
        .group_by(Issue.status)
    )
    for status, count in rows:
        counts[IssueStatus(status)] = count
    return counts


def meeting_options(issue: Issue, meetings: list[Meeting], now: datetime) -> list[MeetingOption]:
    """The coming meetings of the question's network that still take new agenda items."""
    options = []
    for meeting in meetings:
        if (
            meeting.network_id != issue.network_id
            or meeting.status not in UPCOMING
            or meeting.starts_at <= now
        ):
            continue
        local_day = meeting.starts_at.astimezone(LOCAL_TZ).date()
        options.append(
            MeetingOption(
                meeting=meeting,
                budget=budget_for(meeting),
                deadline_passed=is_passed(meeting.submission_deadline, now),
                after_latest_date=issue.latest_date is not None and local_day > issue.latest_date,
            )
        )
    return options


def by_ids(network_ids: set[int], ids: list[int]) -> list[Issue]:
    """The questions with these ids, for cards, in the order of the ids."""
    if not ids:
        return []
    issues = {
        issue.id: issue
        for issue in db.session.scalars(
            select(Issue)
            .options(*_card_loads())
            .where(Issue.id.in_(ids), Issue.network_id.in_(network_ids))
        ).unique()
    }
    return [issues[id_] for id_ in ids if id_ in issues]


def histories(issues: list[Issue]) -> dict[int, tuple[list[Event], int]]:
    """Each question's latest events (at most HISTORY_SHOWN, oldest first) and how many it
    has in all, for the cards' history; the question's page shows the whole of it."""
    found: dict[int, tuple[list[Event], int]] = {issue.id: ([], 0) for issue in issues}
    if not found:
        return found
    if len(found) == 1:
        (issue_id,) = found
        return {issue_id: _history(issue_id)}
    numbered = (
        select(
            Event.id,
            func.row_number().over(partition_by=Event.issue_id, order_by=NEWEST_FIRST).label("n"),
            func.count().over(partition_by=Event.issue_id).label("total"),
        )
        .where(Event.issue_id.in_(list(found)))
        .subquery()
    )
    rows = db.session.execute(
        select(Event, numbered.c.total)
        .join(numbered, numbered.c.id == Event.id)
        .options(joinedload(Event.actor))
        .where(numbered.c.n <= HISTORY_SHOWN)
        .order_by(Event.created_at, Event.id)
    )
    for event, total in rows:
        events, _total = found[event.issue_id]
        events.append(event)
        found[event.issue_id] = (events, total)
    return found


def _history(issue_id: int) -> tuple[list[Event], int]:
    """One question's latest events and their count (the card after a decision): only the
    newest rows are read and the rest counted, rather than every event numbered."""
    rows = db.session.execute(_HISTORY, {"issue_id": issue_id, "shown": HISTORY_SHOWN}).all()
    return [event for event, _total in reversed(rows)], rows[0].total if rows else 0


_HISTORY = (
    select(
        Event,
        select(func.count(Event.id))
        .where(Event.issue_id == bindparam("issue_id"))
        .scalar_subquery()
        .label("total"),
    )
    .options(joinedload(Event.actor))
    .where(Event.issue_id == bindparam("issue_id"))
    .order_by(*NEWEST_FIRST)
    .limit(bindparam("shown"))
)


def filter_choices(network_ids: set[int]) -> dict:
    """The networks, work areas and administrations the filter offers."""
    if not network_ids:
        return {"networks": [], "work_areas": [], "administrations": []}
    networks = list(
        db.session.scalars(
            select(Network).where(Network.id.in_(network_ids)).order_by(Network.slug)
        )
    )
    work_areas = list(
        db.session.scalars(
            select(WorkArea)
            .options(joinedload(WorkArea.network))
            .where(WorkArea.network_id.in_(network_ids))
            .order_by(WorkArea.network_id, WorkArea.position, WorkArea.id)
        )
    )
    administrations = list(db.session.scalars(select(Administration).order_by(Administration.name)))
    return {"networks": networks, "work_areas": work_areas, "administrations": administrations}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
