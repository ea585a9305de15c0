"""What the administrators' pages read."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from ..extensions import db
from ..issues.lifecycle import OPEN_STATUSES
from ..models import (
    Administration,
    Event,
    Issue,
    MailStatus,
    Membership,
    Network,
    OutboxMail,
    User,
    WorkArea,
)

# The outbox page lists at most this many mails; the counts are always the whole outbox's.
MAIL_ROWS = 100


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[MailStatus, int]
    # Waiting and failed mails, newest first, at most MAIL_ROWS.
    mails: list[OutboxMail]

    @property
    def listed_total(self) -> int:
        return self.counts[MailStatus.PENDING] + self.counts[MailStatus.FAILED]


def outbox_counts() -> dict[MailStatus, int]:
    counts = dict.fromkeys(MailStatus, 0)
    counts.update(
        db.session.execute(
            select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
        ).all()
    )
    return counts


def outbox_overview(limit: int = MAIL_ROWS) -> OutboxOverview:
    counts = outbox_counts()
    mails = db.session.scalars(
        select(OutboxMail)
        .options(
            # Not the text and HTML of each mail: the table shows none of it.
            load_only(
                OutboxMail.recipient,
                OutboxMail.subject,
                OutboxMail.status,
                OutboxMail.created_at,
                OutboxMail.attempts,
                OutboxMail.last_error,
                OutboxMail.next_attempt_at,
            )
        )
        .where(OutboxMail.status.in_((MailStatus.PENDING, MailStatus.FAILED)))
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(limit)
    ).all()
    return OutboxOverview(counts, list(mails))


@dataclass(frozen=True)
class SetupStep:
    """One step of setting up a municipality: what it is ("networks", ...), how many there
    are, and whether it is done."""

    name: str
    count: int
    done: bool


@dataclass(frozen=True)
class Setup:
    steps: list[SetupStep]
    inactive_administrations: int
    retired_work_areas: int
    # Networks that have no work area to offer yet, by name.
    networks_without_areas: list[str]

    @property
    def done(self) -> bool:
        return all(step.done for step in self.steps)

    def count(self, name: str) -> int:
        return next(step.count for step in self.steps if step.name == name)


def setup() -> Setup:
    """Where setting the municipality up stands, in the order it is done: networks,
    administrations, work areas (each network has one to offer), people (someone holds a
    role in a network). A handful of counting statements, whatever the data."""
    networks = db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
    active = dict(
        db.session.execute(
            select(Administration.active, func.count()).group_by(Administration.active)
        ).all()
    )
    areas = db.session.execute(
        select(WorkArea.network_id, WorkArea.retired_at.is_(None), func.count()).group_by(
            WorkArea.network_id, WorkArea.retired_at.is_(None)
        )
    ).all()
    offered = {network_id: count for network_id, open_, count in areas if open_}
    people = db.session.execute(
        select(func.count()).select_from(User).where(User.active.is_(True))
    ).scalar_one()
    with_roles = db.session.scalar(
        select(func.count(func.distinct(Membership.user_id)))
        .join(User, User.id == Membership.user_id)
        .where(User.active.is_(True))
    )
    without = [name for network_id, name in networks if not offered.get(network_id)]
    steps = [
        SetupStep("networks", len(networks), bool(networks)),
        SetupStep("administrations", active.get(True, 0), bool(active.get(True))),
        SetupStep("work_areas", sum(offered.values()), bool(networks) and not without),
        SetupStep("people", people, bool(with_roles)),
    ]
    retired = sum(count for _network, open_, count in areas if not open_)
    return Setup(steps, active.get(False, 0), retired, without)


@dataclass(frozen=True)
class AdministrationRow:
    administration: Administration
    people: int
    open_questions: int


def administration_rows() -> list[AdministrationRow]:
    """Every administration, active ones first, with its active people and open questions."""
    administrations = db.session.scalars(
        select(Administration).order_by(Administration.active.desc(), Administration.name)
    ).all()
    people = dict(
        db.session.execute(
            select(User.administration_id, func.count())
            .where(User.active.is_(True), User.administration_id.is_not(None))
            .group_by(User.administration_id)
        ).all()
    )
    questions = dict(
        db.session.execute(
            select(Issue.administration_id, func.count())
            .where(Issue.status.in_(OPEN_STATUSES))
            .group_by(Issue.administration_id)
        ).all()
    )
    return [
        AdministrationRow(a, people.get(a.id, 0), questions.get(a.id, 0)) for a in administrations
    ]


def administration_or_404(administration_id: int) -> Administration:
    return db.get_or_404(Administration, administration_id)


def reorganisation_targets(source: Administration) -> list[Administration]:
    return list(
        db.session.scalars(
            select(Administration)
            .where(Administration.active.is_(True), Administration.id != source.id)
            .order_by(Administration.name)
        )
    )


def networks() -> list[Network]:
    return list(
        db.session.scalars(
            select(Network).options(selectinload(Network.work_areas)).order_by(Network.name)
        )
    )


def network_or_404(network_id: int) -> Network:
    return db.first_or_404(
        select(Network).options(selectinload(Network.work_areas)).where(Network.id == network_id)
    )


def work_area_or_404(area_id: int) -> WorkArea:
    return db.first_or_404(
        select(WorkArea)
        .options(joinedload(WorkArea.network).selectinload(Network.work_areas))
        .where(WorkArea.id == area_id)
    )


# The admin history's page size, and what each kind of its filter shows.
HISTORY_PAGE = 50
HISTORY_KINDS = ("networks", "administrations", "people")
# Events about a network recorded before Events named their network.
_NETWORK_ACTIONS = ("standing_items",)


def _history_condition(kind: str | None):
    about = {
        "networks": or_(Event.network_id.is_not(None), Event.action.in_(_NETWORK_ACTIONS)),
        "administrations": Event.administration_id.is_not(None),
        "people": Event.person_id.is_not(None),
    }
    return about[kind] if kind in about else or_(*about.values())


@dataclass(frozen=True)
class HistoryPage:
    events: list[Event]
    # The id to pass as `before` for the next, older page; None on the last page.
    older: int | None


def admin_history(kind: str | None = None, before: int | None = None) -> HistoryPage:
    """What administrators (and the accounts' own owners, and commands on the server)
    changed in the organisation, newest first, a page at a time: the page after `before`
    (an Event id), which stays put while new Events arrive."""
    query = (
        select(Event)
        .options(
            joinedload(Event.actor),
            joinedload(Event.network),
            joinedload(Event.administration),
            joinedload(Event.person),
        )
        .where(_history_condition(kind))
        .order_by(Event.id.desc())
        .limit(HISTORY_PAGE + 1)
    )
    if before is not None:
        query = query.where(Event.id < before)
    events = list(db.session.scalars(query).unique())
    older = events[HISTORY_PAGE - 1].id if len(events) > HISTORY_PAGE else None
    return HistoryPage(events[:HISTORY_PAGE], older)
