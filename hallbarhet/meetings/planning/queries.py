"""What the semester plan shows: the user's networks' meetings grouped by semester."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from sqlalchemy import Select, bindparam, case, func, or_, select
from sqlalchemy.orm import joinedload, raiseload

from ... import access
from ...auth.readers import Person
from ...extensions import db, plain_rows
from ...models import Meeting, MeetingStatus, Network, User
from ...models.base import LOCAL_TZ, utcnow
from ...page_cache import ReaderState
from ..lifecycle import UPCOMING
from . import rules
from .operations import cancellable
from .rules import Semester


@dataclass(frozen=True)
class PlanRow:
    meeting: Meeting
    deadline: datetime
    deadline_passed: bool
    changeable: bool
    cancellable: bool
    # Monday 0 to Sunday 6, in the municipality's time zone.
    weekday: int

    @property
    def has_minutes(self) -> bool:
        return self.meeting.status == MeetingStatus.MINUTES_PUBLISHED


@dataclass
class NetworkPlan:
    network: Network
    rows: list[PlanRow] = field(default_factory=list)


@dataclass
class SemesterPlan:
    semester: Semester
    networks: list[NetworkPlan] = field(default_factory=list)


@dataclass(frozen=True)
class Overview:
    semesters: list[SemesterPlan]
    # The semester asked for (one semester's page), or None for the current and coming ones.
    only: Semester | None
    earlier: list[Semester]
    # Networks whose plans the user may add to, by name.
    plannable: list[Network]
    member: bool


def overview(user: User, only: Semester | None = None, now: datetime | None = None) -> Overview:
    """The current and coming semesters in full, or one semester; a fixed number of
    statements however many years of meetings there are."""
    now = now or utcnow()
    today = now.astimezone(LOCAL_TZ).date()
    member_ids = access.member_network_ids(user)
    coordinated = access.coordinated_network_ids(user)
    networks = _networks(member_ids)
    meetings = _meetings(member_ids, only or Semester.of(today), whole=only is None)
    semesters: dict[Semester, SemesterPlan] = {}
    if only is not None:
        semesters[only] = SemesterPlan(only)
    for meeting in meetings:
        semester = Semester.of(rules.local_day(meeting.starts_at))
        plan = semesters.setdefault(semester, SemesterPlan(semester))
        if not plan.networks or plan.networks[-1].network.id != meeting.network_id:
            plan.networks.append(NetworkPlan(meeting.network))
        deadline = rules.submission_deadline(
            meeting.starts_at, meeting.network.submission_lead_days
        )
        plan.networks[-1].rows.append(
            PlanRow(
                meeting=meeting,
                deadline=deadline,
                deadline_passed=rules.deadline_passed(deadline, now),
                changeable=meeting.status in UPCOMING and meeting.network_id in coordinated,
                cancellable=cancellable(meeting, now) and meeting.network_id in coordinated,
                weekday=rules.local_day(meeting.starts_at).weekday(),
            )
        )
    earliest = _earliest(member_ids)
    return Overview(
        semesters=[semesters[key] for key in sorted(semesters)],
        only=only,
        earlier=rules.past_semesters(earliest, today),
        plannable=[network for network in networks if network.id in coordinated],
        member=bool(member_ids),
    )


def plan_state(user: Person, only: Semester | None, now: datetime | None = None) -> ReaderState:
    """What the semester plan shows this user now, as a string (page_cache): the networks
    and every meeting of them by count, versions and latest change (a meeting planned,
    moved, cancelled, its agenda or minutes published), how many have begun and how many
    deadlines have passed (both to the minute, as the plan marks them), the day, and what
    the user may do in which network."""
    now = now or utcnow()
    statement = _plan_networks(everyone=user.is_admin)
    networks = plain_rows(statement, {"user_id": user.id}).all()
    meetings: tuple = (0, 0, None, 0, 0)
    if networks:
        ids = tuple(sorted(network_id for network_id, _version, _lead in networks))
        moments = {"now": now} | {
            f"deadline_{network_id}": now + timedelta(days=lead)
            for network_id, _version, lead in networks
        }
        meetings = tuple(plain_rows(_plan_meetings(ids), moments).one())
    state = repr(
        (
            sorted(tuple(network) for network in networks),
            meetings,
            sorted(access.coordinated_network_ids(user)),
            only.key if only else None,
            now.astimezone(LOCAL_TZ).date().isoformat(),
        )
    )
    return ReaderState(state=state, last_modified=meetings[2])


@cache
def _plan_networks(*, everyone: bool) -> Select:
    """The networks whose plan the user reads (as access.member_network_ids: an administrator
    all), with what of them the plan shows; built once, the user bound."""
    statement = select(Network.id, Network.version, Network.submission_lead_days)
    return statement if everyone else statement.where(access.member_networks_bound(Network.id))


@lru_cache(maxsize=64)
def _plan_meetings(network_ids: tuple[int, ...]) -> Select:
    """The networks' meetings by count, versions, latest change, how many have begun and how
    many deadlines have passed; built once per set of networks, the moments bound."""
    passed = [
        (Meeting.network_id == network_id)
        & (Meeting.starts_at <= bindparam(f"deadline_{network_id}"))
        for network_id in network_ids
    ]
    return select(
        func.count(Meeting.id),
        func.coalesce(func.sum(Meeting.version), 0),
        func.max(Meeting.updated_at),
        func.count(case((Meeting.starts_at <= bindparam("now"), 1))),
        func.count(case((or_(*passed), 1))),
    ).where(or_(*(Meeting.network_id == network_id for network_id in network_ids)))


def _networks(network_ids: set[int]) -> list[Network]:
    if not network_ids:
        return []
    query = select(Network).where(Network.id.in_(network_ids)).order_by(Network.name)
    return list(db.session.scalars(query))


def _meetings(network_ids: set[int], semester: Semester, *, whole: bool) -> list[Meeting]:
    """The meetings from the semester's start: to its end, or on into every coming one
    (whole). Ordered so that each semester's meetings come network by network."""
    if not network_ids:
        return []
    query = (
        select(Meeting)
        .options(joinedload(Meeting.network), raiseload(Meeting.items))
        .where(Meeting.network_id.in_(network_ids), Meeting.starts_at >= semester.starts_at)
    )
    if not whole:
        query = query.where(Meeting.starts_at < semester.ends_at)
    meetings = list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)).unique())
    # Within a semester by network (by name), then by time; the semester of a meeting is
    # its local date's, which the database cannot tell without the time zone.
    return sorted(
        meetings,
        key=lambda m: (
            Semester.of(rules.local_day(m.starts_at)),
            m.network.name,
            m.network_id,
            m.starts_at,
            m.id,
        ),
    )


def _earliest(network_ids: set[int]) -> date | None:
    if not network_ids:
        return None
    first = db.session.scalar(
        select(func.min(Meeting.starts_at)).where(Meeting.network_id.in_(network_ids))
    )
    if first is None:
        return None
    return rules.local_day(first)
