"""What coordinators do with a network's semester plan: plan it, change a meeting, cancel one."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ... import access
from ...errors import Conflict, Invalid
from ...extensions import db
from ...issues.lifecycle import change_status
from ...mail.cancellations import mail_cancellation
from ...models import (
    AgendaItem,
    Issue,
    IssueStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Network,
    User,
)
from ...models.base import commit_or_conflict, refuses_cleanly, utcnow
from ...models.events import record
from ..lifecycle import UPCOMING, change_meeting_status
from ..operations import plan_meeting
from ..removal import KeptInTheMinutes, has_begun, require_removable
from . import rules
from .rules import Semester

THEME_MAX = 200
PLACE_MAX = 300
DESCRIPTION_MAX = 5000
REASON_MAX = 2000
# What Event.from_value and to_value hold.
EVENT_VALUE_MAX = 200


@dataclass(frozen=True)
class MeetingPlan:
    """One meeting as the coordinator writes it: a local date and start time."""

    day: date
    start: time
    duration_minutes: int
    form: MeetingForm
    place: str
    theme: str
    theme_description: str = ""

    @property
    def starts_at(self) -> datetime:
        return rules.local_start(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of one meeting; row is the plan's index (None for an
    edit of a single meeting), field the MeetingPlan's input it belongs beside."""

    row: int | None
    field: str
    message: str


class PlanRefused(Invalid):
    """Nothing was saved: one or more fields are wrong, each with its message."""

    def __init__(self, problems: list[Problem]):
        super().__init__(_("Nothing was saved. Correct the marked fields and send it again."))
        self.problems = problems


@refuses_cleanly
def plan_semester(
    user: User, network: Network, semester: Semester, plans: list[MeetingPlan]
) -> list[Meeting]:
    """All the semester's meetings, each with the network's standing items and an Event,
    or none of them: one wrong field refuses the whole plan."""
    access.require_coordinator(user, network.id)
    if not plans:
        raise PlanRefused([Problem(0, "day", _("Fill in at least one meeting."))])
    _hold_plan(network)
    problems = plan_problems(network, semester, plans)
    if problems:
        raise PlanRefused(problems)
    meetings = [
        plan_meeting(
            network,
            plan.starts_at,
            theme=plan.theme,
            theme_description=plan.theme_description,
            duration_minutes=plan.duration_minutes,
            form=plan.form,
            place=plan.place,
            actor=user,
        )
        for plan in plans
    ]
    db.session.commit()
    return meetings


def plan_problems(
    network: Network, semester: Semester | None, plans: list[MeetingPlan]
) -> list[Problem]:
    """What is wrong with the plans, each beside its field; nothing when they may be
    planned. Without a semester (one that was not offered) its dates are not checked."""
    now = utcnow()
    problems = []
    for row, plan in enumerate(plans):
        problems += _problems(plan, row, now)
        if semester is not None and not semester.contains(plan.day):
            message = _(
                "%(date)s is not in the chosen semester (%(first)s to %(last)s).",
                date=plan.day.isoformat(),
                first=semester.first_day.isoformat(),
                last=semester.last_day.isoformat(),
            )
            problems.append(Problem(row, "day", message))
    return problems + _overlaps(network, plans)


@refuses_cleanly
def edit_meeting(user: User, meeting: Meeting, version: int, plan: MeetingPlan) -> bool:
    """Change a meeting's plan; an Event per changed field, from and to. False when
    nothing changed. A change to a published agenda's meeting marks the agenda changed."""
    access.require_coordinator(user, meeting.network_id)
    _require_changeable(meeting, version)
    _hold_plan(meeting.network)
    now = utcnow()
    moved = plan.starts_at != meeting.starts_at
    problems = _problems(plan, None, now, check_past=moved)
    problems += _overlaps(meeting.network, [plan], besides=meeting)
    if problems:
        raise PlanRefused(problems)
    changes = _changes(meeting, plan)
    if not changes:
        return False
    for name, before, after in changes:
        record("edited", user, meeting=meeting, from_value=before, to_value=after, message=name)
    meeting.starts_at = plan.starts_at
    meeting.duration_minutes = plan.duration_minutes
    meeting.form = plan.form
    meeting.place = plan.place
    meeting.theme = plan.theme
    meeting.theme_description = plan.theme_description
    # As every agenda change does (meetings.operations): the version and the time of the
    # last change move on, which is what marks a published agenda as changed.
    meeting.updated_at = now
    commit_or_conflict(lambda: changed_first(meeting))
    return True


@refuses_cleanly
def cancel_meeting(user: User, meeting: Meeting, version: int, reason: str) -> list[Issue]:
    """Cancel a meeting that has not begun. Its questions go back to the queue, each
    with an Event and a mail to its submitter in the submitter's language; the meeting is
    kept, cancelled, with the reason. Returns the questions sent back."""
    access.require_coordinator(user, meeting.network_id)
    require_cancellable(meeting)
    _require_changeable(meeting, version)
    reason = (reason or "").strip()
    if not reason:
        raise PlanRefused([Problem(None, "reason", _("Say why the meeting is cancelled."))])
    if len(reason) > REASON_MAX:
        message = _("Write at most %(max)s characters.", max=REASON_MAX)
        raise PlanRefused([Problem(None, "reason", message)])
    returned = []
    questions = [(item, item.issue) for item in meeting.items if item.issue is not None]
    for item, _issue in questions:
        require_removable(item)
    for item, issue in questions:
        change_status(issue, IssueStatus.SUBMITTED, user, f"{meeting.name}: {reason}")
        record(
            "item_removed", user, meeting=meeting, from_value=issue.reference, message=issue.title
        )
        meeting.items.remove(item)
        mail_cancellation(issue, meeting, reason)
        returned.append(issue)
    change_meeting_status(meeting, MeetingStatus.CANCELLED, user, message=reason)
    meeting.cancelled_at = utcnow()
    meeting.cancel_reason = reason
    meeting.updated_at = meeting.cancelled_at
    commit_or_conflict(lambda: changed_first(meeting))
    return returned


def meeting_to_cancel(meeting_id: int) -> Meeting | None:
    """A meeting with what cancelling it touches: its items, their questions and the
    questions' submitters (who are mailed)."""
    return db.session.scalar(
        select(Meeting)
        .options(
            joinedload(Meeting.network),
            selectinload(Meeting.items).joinedload(AgendaItem.issue).joinedload(Issue.submitter),
            selectinload(Meeting.items).selectinload(AgendaItem.action_items),
        )
        .where(Meeting.id == meeting_id)
    )


def changed_first(meeting: Meeting) -> Conflict:
    """The conflict to show when another coordinator changed the meeting first."""
    return Conflict(
        _(
            "Someone else changed this meeting while you had it open. Here it is as it is "
            "now; make your change again if it still applies."
        ),
        current=meeting,
    )


def not_changeable(meeting: Meeting) -> Conflict:
    if meeting.status == MeetingStatus.CANCELLED:
        message = _("The meeting is cancelled; it can no longer change.")
    else:
        message = _("The meeting has been held; its plan can no longer change.")
    return Conflict(message, current=meeting)


def cancellable(meeting: Meeting, now: datetime | None = None) -> bool:
    return meeting.status in UPCOMING and not has_begun(meeting, now)


def require_cancellable(meeting: Meeting) -> None:
    """A meeting is cancelled before it begins; one that has begun keeps its agenda, which
    its minutes are written on."""
    if meeting.status not in UPCOMING:
        raise not_changeable(meeting)
    if has_begun(meeting):
        raise KeptInTheMinutes(
            _(
                "%(meeting)s has already begun, and a meeting that has begun is not "
                "cancelled. Write in its minutes what happened instead.",
                meeting=meeting.name,
            ),
            current=meeting,
        )


def _require_changeable(meeting: Meeting, version: int) -> None:
    if meeting.status not in UPCOMING:
        raise not_changeable(meeting)
    if meeting.version != version:
        raise changed_first(meeting)


def _hold_plan(network: Network) -> None:
    """Two coordinators planning the same network at once are taken one after the other
    (the network's row is locked until the commit; SQLite writes one at a time anyway),
    so that neither can miss the other's meetings when looking for overlaps."""
    db.session.execute(select(Network.id).where(Network.id == network.id).with_for_update())


def _problems(plan: MeetingPlan, row: int | None, now: datetime, check_past=True) -> list:
    problems = []
    if not plan.theme.strip():
        message = _("Give the meeting a theme: themes are announced for the whole semester.")
        problems.append(Problem(row, "theme", message))
    elif len(plan.theme) > THEME_MAX:
        problems.append(Problem(row, "theme", _at_most(THEME_MAX)))
    if len(plan.place) > PLACE_MAX:
        problems.append(Problem(row, "place", _at_most(PLACE_MAX)))
    if len(plan.theme_description) > DESCRIPTION_MAX:
        problems.append(Problem(row, "theme_description", _at_most(DESCRIPTION_MAX)))
    if not rules.duration_allowed(plan.duration_minutes):
        message = _(
            "Give a duration from %(min)s to %(max)s minutes (8 hours).",
            min=rules.DURATION_MIN,
            max=rules.DURATION_MAX,
        )
        problems.append(Problem(row, "duration_minutes", message))
    elif not rules.ends_on_its_day(plan.starts_at, plan.duration_minutes):
        message = _(
            "The meeting would end after midnight, before its start on the clock. "
            "Shorten it or start earlier."
        )
        problems.append(Problem(row, "duration_minutes", message))
    if check_past and plan.starts_at <= now:
        field = "day" if plan.day < rules.local_day(now) else "start"
        message = _("That is in the past. Choose a coming date and time.")
        problems.append(Problem(row, field, message))
    return problems


def _overlaps(network: Network, plans: list[MeetingPlan], besides: Meeting | None = None):
    """Plans that overlap each other, or a meeting of the network that is not cancelled."""
    problems = []
    slots = [(plan.starts_at, plan.ends_at) for plan in plans]
    for i, j in rules.overlapping_pairs(slots):
        for row, other in ((i, j), (j, i)):
            message = _(
                "Overlaps with meeting %(number)s in this form (%(start)s–%(end)s).",
                number=other + 1,
                start=rules.local_clock(slots[other][0]),
                end=rules.local_clock(slots[other][1]),
            )
            problems.append(Problem(row, "start", message))
    existing = _meetings_near(network, slots, besides)
    for index, (start, end) in enumerate(slots):
        plan_row = index if besides is None else None
        for meeting in existing:
            if rules.overlaps(start, end, meeting.starts_at, meeting.ends_at):
                message = _(
                    "Overlaps with the meeting %(meeting)s, %(start)s–%(end)s (%(theme)s).",
                    meeting=meeting.name,
                    start=rules.local_clock(meeting.starts_at),
                    end=rules.local_clock(meeting.ends_at),
                    theme=meeting.theme,
                )
                problems.append(Problem(plan_row, "start", message))
    return problems


def _meetings_near(network: Network, slots, besides: Meeting | None) -> list[Meeting]:
    """The network's meetings that could overlap the slots: none starts more than the
    longest duration before the earliest slot."""
    if not slots:
        return []
    earliest = min(start for start, _end in slots) - timedelta(minutes=rules.DURATION_MAX)
    latest = max(end for _start, end in slots)
    query = (
        select(Meeting)
        .options(joinedload(Meeting.network))
        .where(
            Meeting.network_id == network.id,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at > earliest,
            Meeting.starts_at < latest,
        )
        .order_by(Meeting.starts_at)
    )
    if besides is not None:
        query = query.where(Meeting.id != besides.id)
    return list(db.session.scalars(query))


def _changes(meeting: Meeting, plan: MeetingPlan) -> list[tuple[str, str, str]]:
    """(field, from, to) for each field the plan changes, as the history shows them."""
    before = {
        "starts_at": _moment(meeting.starts_at),
        "duration_minutes": str(meeting.duration_minutes),
        "form": meeting.form.value,
        "place": meeting.place,
        "theme": meeting.theme,
        "theme_description": meeting.theme_description,
    }
    after = {
        "starts_at": _moment(plan.starts_at),
        "duration_minutes": str(plan.duration_minutes),
        "form": plan.form.value,
        "place": plan.place,
        "theme": plan.theme,
        "theme_description": plan.theme_description,
    }
    return [
        (name, _cut(before[name], EVENT_VALUE_MAX), _cut(after[name], EVENT_VALUE_MAX))
        for name in before
        if before[name] != after[name]
    ]


def _moment(value: datetime) -> str:
    return f"{rules.local_day(value).isoformat()} {rules.local_clock(value)}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _at_most(limit: int) -> str:
    return _("Write at most %(max)s characters.", max=limit)
