"""A large municipality for the benchmark, inserted in bulk.

Two networks, 40 administrations, 500 people, ten years of meetings (15 per network and
year) and 10,000 questions: most of them discussed and closed long ago, about 500 waiting
in the triage queue now, the rest parked, returned, referred, declined, withdrawn or drafts.
Deterministic (random.Random(42)) so that two runs measure the same data.

seed(scale=10) is the municipality at ten times the data (bench/run.py's "huge" pass): the
same ten years, people and triage queue, with 100,000 questions and 3,000 meetings (150 per
network and year); the side statuses grow alike.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from hallbarhet.demo import NETWORKS
from hallbarhet.extensions import db
from hallbarhet.models import (
    ActionItem,
    ActionStatus,
    Administration,
    AgendaItem,
    AskedFor,
    Assessment,
    Event,
    Issue,
    IssueKind,
    IssueStatus,
    IssueTerm,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Membership,
    Network,
    ReferenceCounter,
    ReportBack,
    Role,
    User,
    WorkArea,
)
from hallbarhet.models.base import LOCAL_TZ
from hallbarhet.models.issues import issue_affected
from hallbarhet.similar.index import reindex_all
from hallbarhet.similar.thesaurus import store
from hallbarhet.triage.checklist import QUESTIONS, Answers, recommend

PASSWORD = "bench-password"  # noqa: S105  (a throwaway database on loopback)
COORDINATOR = "coordinator@bench.example"
REPRESENTATIVE = "representative@bench.example"
PARTICIPANT = "participant@bench.example"

ADMINISTRATIONS = 40
USERS = 500
QUESTIONS_TOTAL = 10_000
YEARS = 10
MEETINGS_PER_YEAR = 15
MEETING_INTERVAL = timedelta(days=24)  # about 15 a year
COMING_MEETINGS = 5  # per network; the first has its agenda published
QUEUE = 500  # submitted questions waiting for triage, both networks together

# Questions outside the past agendas, by status (the rest were discussed or closed).
SIDE_STATUSES = {
    IssueStatus.REFERRED: 800,
    IssueStatus.DECLINED: 400,
    IssueStatus.WITHDRAWN: 300,
    IssueStatus.PARKED: 250,
    IssueStatus.RETURNED: 150,
    IssueStatus.DRAFT: 250,
}
# Side statuses that belong to the last year rather than to all ten.
RECENT = {IssueStatus.PARKED, IssueStatus.RETURNED, IssueStatus.DRAFT}

_VOCABULARY = (
    "klimat energi avfall kemikalier förskola upphandling skyfall värmebölja cykel "
    "kollektivtrafik solceller biologisk mångfald folkhälsa barnkonvention jämställdhet "
    "segregation civilsamhälle landsbygd minoriteter våld ANDTS mänskliga rättigheter "
    "plan strategi uppföljning remiss handlingsplan riktlinje policy rapport enkät "
    "utbildning samverkan dialog förankring målstyrning budget "
)
WORDS = _VOCABULARY.split()
SENTENCE = (
    "Förvaltningen vill ha nätverkets synpunkter på {a} och {b} inför beslut i nämnden. "
    "Frågan berör flera verksamheter och vi behöver veta hur de andra förvaltningarna "
    "arbetar med {c}. "
)


@dataclass
class Seeded:
    coordinator: str
    representative: str
    participant: str
    queue_ids: list[int]
    counts: dict[str, int]
    # The representative's administration, whose report back is measured.
    administration_id: int = 0
    # A work area of the first network, for the filtered triage page.
    work_area_id: int = 0


class _Ids:
    """Explicit primary keys, so that rows can refer to each other before any insert."""

    def __init__(self):
        self._last: dict[str, int] = {}

    def next(self, table: str) -> int:
        self._last[table] = self._last.get(table, 0) + 1
        return self._last[table]


def seed(today: date | None = None, scale: int = 1) -> Seeded:
    """Insert the municipality (`scale` times the questions and meetings) into an empty
    schema and commit."""
    rng = random.Random(42)  # noqa: S311  (benchmark data, not security)
    today = today or datetime.now(LOCAL_TZ).date()
    now = datetime.now(UTC)
    ids = _Ids()
    rows: dict[type, list[dict]] = {}

    def add(model, **values) -> int:
        table = model if hasattr(model, "c") else model.__table__
        if "id" in table.c and "id" not in values:
            values["id"] = ids.next(table.name)
        rows.setdefault(table, []).append(values)
        return values.get("id", 0)

    networks, areas = _networks(add)
    administrations = [
        add(Administration, name=f"Förvaltning {n:02d}", short_name=f"F{n:02d}", active=True)
        for n in range(1, ADMINISTRATIONS + 1)
    ]
    people = _users(add, rng, networks, administrations, now)
    meetings = _meetings(add, rng, networks, today, now, scale)
    queue_ids = _questions(add, rng, networks, areas, administrations, people, meetings, now, scale)
    _report_backs(add, rng, administrations, people, now)

    for table in db.metadata.sorted_tables:
        if rows.get(table):
            db.session.execute(insert(table), _uniform(table, rows[table]))
    if db.session.get_bind().dialect.name == "postgresql":
        _advance_sequences(rows)
    # The bulk inserts pass by the ORM, which otherwise gives a new network its starting
    # thesaurus and keeps the similar-questions index.
    store.give_starting(db.session.connection(), db.session.scalars(select(Network)).all())
    db.session.commit()
    reindex_all(db.session)
    counts = {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in (
            ("administrations", Administration),
            ("users", User),
            ("meetings", Meeting),
            ("agenda items", AgendaItem),
            ("questions", Issue),
            ("events", Event),
            ("similar-question terms", IssueTerm),
            ("action items", ActionItem),
        )
    }
    counts["queued (submitted)"] = len(queue_ids)
    return Seeded(
        COORDINATOR,
        REPRESENTATIVE,
        PARTICIPANT,
        queue_ids,
        counts,
        administrations[0],
        work_area_id=areas[networks["neh"]][0],
    )


def _uniform(table, values: list[dict]) -> list[dict]:
    """One insert of many rows needs the same keys in each; a missing one gets its default."""
    keys = set().union(*values)
    defaults = {}
    for key in keys:
        default = table.c[key].default
        defaults[key] = default.arg if default is not None and default.is_scalar else None
    return [{**defaults, **row} for row in values]


def _advance_sequences(rows) -> None:
    """Rows came with explicit ids; later inserts by the app must not collide with them."""
    for table in rows:
        if "id" in table.c and not isinstance(table.c.id.type, db.String):
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )


def _networks(add):
    networks, areas = {}, {}
    for slug, (name, dimension, description, area_names) in NETWORKS.items():
        network_id = add(
            Network,
            slug=slug,
            name=name,
            dimension=dimension,
            description=description,
            submission_lead_days=14,
            agenda_lead_days=5,
        )
        networks[slug] = network_id
        areas[network_id] = [
            add(WorkArea, network_id=network_id, name=area, position=position)
            for position, area in enumerate(area_names)
        ]
    return networks, areas


def _users(add, rng, networks, administrations, now):
    """An administrator, four coordinators, two representatives per administration, and
    participants for the rest; the three benchmark accounts come first in their role."""
    password_hash = generate_password_hash(PASSWORD)
    both = list(networks.values())
    people = {"coordinators": [], "representatives": {}, "all": []}

    def person(email, name, administration_id, network_ids, role, is_admin=False):
        user_id = add(
            User,
            name=name,
            email=email,
            password_hash=password_hash,
            administration_id=administration_id,
            active=True,
            is_admin=is_admin,
            language="sv",
            created_at=now - timedelta(days=rng.randint(0, 3650)),
        )
        for network_id in network_ids:
            add(Membership, user_id=user_id, network_id=network_id, role=role)
        people["all"].append(user_id)
        return user_id

    person("admin@bench.example", "Administratör", None, [], None, is_admin=True)
    coordinators = [
        (COORDINATOR, both),
        ("coordinator2@bench.example", both),
        ("coordinator.neh@bench.example", [networks["neh"]]),
        ("coordinator.nsh@bench.example", [networks["nsh"]]),
    ]
    for index, (email, network_ids) in enumerate(coordinators):
        people["coordinators"].append(
            person(
                email, f"Samordnare {index + 1}", administrations[0], network_ids, Role.COORDINATOR
            )
        )
    for index, administration_id in enumerate(administrations):
        for seat in range(2):
            email = (
                REPRESENTATIVE
                if index == seat == 0
                else f"representative{index + 1:02d}-{seat + 1}@bench.example"
            )
            user_id = person(
                email,
                f"Representant {index + 1}:{seat + 1}",
                administration_id,
                both,
                Role.REPRESENTATIVE,
            )
            people["representatives"].setdefault(administration_id, []).append(user_id)
    number = 0
    while len(people["all"]) < USERS:
        number += 1
        email = PARTICIPANT if number == 1 else f"participant{number:03d}@bench.example"
        network_ids = both if number == 1 or rng.random() < 0.3 else [rng.choice(both)]
        person(
            email,
            f"Deltagare {number}",
            rng.choice(administrations),
            network_ids,
            Role.PARTICIPANT,
        )
    return people


def _meetings(add, rng, networks, today, now, scale):
    """Per network: ten years of past meetings, then a few coming ones."""
    per_network = YEARS * MEETINGS_PER_YEAR * scale
    interval = MEETING_INTERVAL / scale
    meetings = {"past": [], "coming": {}}
    for offset, (slug, network_id) in enumerate(networks.items()):
        hour = 9 if slug == "neh" else 13
        first_coming = per_network - COMING_MEETINGS
        for k in range(per_network):
            day = today + timedelta(days=4 + 2 * offset) + (k - first_coming) * interval
            starts_at = datetime.combine(day, time(hour), LOCAL_TZ).astimezone(UTC)
            if k < first_coming - 1:
                status = MeetingStatus.MINUTES_PUBLISHED
            elif k == first_coming - 1:
                status = MeetingStatus.HELD
            elif k == first_coming:
                status = MeetingStatus.AGENDA_PUBLISHED
            else:
                status = MeetingStatus.PLANNED
            created = min(starts_at - timedelta(days=120), now)
            published = starts_at - timedelta(days=6) if k <= first_coming else None
            theme = " ".join(rng.sample(WORDS, 2)).capitalize()
            meeting_id = add(
                Meeting,
                network_id=network_id,
                starts_at=starts_at,
                duration_minutes=120,
                form=rng.choice(list(MeetingForm)),
                place=rng.choice(["Stadshuset, sal Älven", "Miljöhuset", "Teams"]),
                theme=theme,
                theme_description=f"Tema: {theme.lower()}.",
                status=status,
                published_at=published,
                minutes_published_at=(
                    starts_at + timedelta(days=3)
                    if status == MeetingStatus.MINUTES_PUBLISHED
                    else None
                ),
                created_at=created,
                updated_at=published or created,
                version=1,
            )
            add(Event, meeting_id=meeting_id, action="planned", to_value=theme, created_at=created)
            if published is not None:
                add(
                    Event,
                    meeting_id=meeting_id,
                    action="status",
                    from_value="planned",
                    to_value="agenda_published",
                    created_at=published,
                )
            entry = {"id": meeting_id, "network_id": network_id, "starts_at": starts_at}
            entry["published_at"] = published
            if k < first_coming:
                meetings["past"].append(entry)
            else:
                meetings["coming"].setdefault(network_id, []).append(entry)
    return meetings


def _questions(add, rng, networks, areas, administrations, people, meetings, now, scale):
    """10,000 questions (times `scale`); returns the ids of the submitted ones (the triage
    queue)."""
    network_ids = list(networks.values())
    slugs = {network_id: slug for slug, network_id in networks.items()}
    plans = []  # (status, network_id, submitted_at, meeting entry or None)
    for meeting in meetings["coming"].values():
        for index, entry in enumerate(meeting):
            for _ in range(5 if index == 0 else rng.randint(2, 6)):
                submitted = now - timedelta(days=rng.randint(20, 120))
                plans.append((IssueStatus.SCHEDULED, entry["network_id"], submitted, entry))
    for index in range(QUEUE):
        submitted = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
        plans.append((IssueStatus.SUBMITTED, network_ids[index % 2], submitted, None))
    for status, count in SIDE_STATUSES.items():
        span = 365 if status in RECENT else YEARS * 365
        for _ in range(count * scale):
            submitted = now - timedelta(days=rng.randint(1, span), minutes=rng.randint(0, 1440))
            plans.append((status, rng.choice(network_ids), submitted, None))
    past = meetings["past"]
    remaining = QUESTIONS_TOTAL * scale - len(plans)
    for index in range(remaining):
        entry = past[index % len(past)]
        submitted = entry["starts_at"] - timedelta(days=rng.randint(15, 90))
        recent = now - entry["starts_at"] < timedelta(days=200)
        status = IssueStatus.DISCUSSED if recent and rng.random() < 0.5 else IssueStatus.CLOSED
        plans.append((status, entry["network_id"], submitted, entry))

    plans.sort(key=lambda plan: plan[2])
    numbers: dict[tuple[int, int], int] = {}
    positions: dict[int, int] = {}
    queue_ids = []
    for status, network_id, submitted, entry in plans:
        administration_id = rng.choice(administrations)
        submitter = rng.choice(people["representatives"][administration_id])
        coordinator = rng.choice(people["coordinators"][:2])
        created = submitted - timedelta(days=rng.randint(0, 10), minutes=rng.randint(1, 600))
        reference = None
        if status != IssueStatus.DRAFT:
            key = (network_id, submitted.year)
            numbers[key] = numbers.get(key, 0) + 1
            reference = f"{slugs[network_id].upper()}-{submitted.year}-{numbers[key]:03d}"
        kind = rng.choice(list(IssueKind))
        words = rng.sample(WORDS, 5)
        issue_id = add(
            Issue,
            network_id=network_id,
            administration_id=administration_id,
            submitter_id=submitter,
            reference=reference,
            title=f"{words[0].capitalize()} och {words[1]}: {words[2]} {words[3]}",
            description=SENTENCE.format(a=words[2], b=words[3], c=words[4]) * rng.randint(1, 4),
            kind=kind,
            asked_for=rng.choice(list(AskedFor)),
            work_area_id=rng.choice(areas[network_id]) if rng.random() < 0.9 else None,
            goals=sorted(rng.sample(range(1, 18), rng.randint(0, 3))),
            desired_meeting_id=None,
            latest_date=None,
            estimated_minutes=rng.choice([10, 15, 20, 30, 45]),
            presenter=f"Föredragande {rng.randint(1, 200)}",
            links="",
            status=status,
            created_at=created,
            updated_at=submitted,
            submitted_at=None if status == IssueStatus.DRAFT else submitted,
            version=1,
        )
        for administration in rng.sample(administrations, rng.randint(0, 4)):
            add(issue_affected, issue_id=issue_id, administration_id=administration)
        add(Event, issue_id=issue_id, actor_id=submitter, action="created", created_at=created)
        if status == IssueStatus.DRAFT:
            continue
        _status_event(add, issue_id, submitter, "draft", "submitted", submitted)
        if status == IssueStatus.SUBMITTED:
            queue_ids.append(issue_id)
            if rng.random() < 0.3:
                _assessment(add, rng, issue_id, coordinator, submitted, partial=True)
            continue
        if status == IssueStatus.WITHDRAWN:
            _status_event(add, issue_id, submitter, "submitted", "withdrawn", submitted)
            continue
        decided = submitted + timedelta(days=rng.randint(1, 10))
        _assessment(add, rng, issue_id, coordinator, decided, partial=False)
        if entry is None:
            _status_event(add, issue_id, coordinator, "submitted", status.value, decided)
            continue
        _status_event(add, issue_id, coordinator, "submitted", "scheduled", decided)
        position = positions.get(entry["id"], 2) + 1
        positions[entry["id"]] = position
        item_id = add(
            AgendaItem,
            meeting_id=entry["id"],
            position=position,
            title=f"{words[0].capitalize()} och {words[1]}: {words[2]} {words[3]}",
            kind=ItemKind(kind.value),
            allotted_minutes=rng.choice([5, 10, 15, 20]),
            presenter="",
            issue_id=issue_id,
            notes="Nätverket diskuterade frågan." if status != IssueStatus.SCHEDULED else "",
            outcome=_outcome(rng, status),
            updated_at=min(decided, entry["published_at"] or decided),
            version=1,
        )
        if status in (IssueStatus.DISCUSSED, IssueStatus.CLOSED):
            held = entry["starts_at"]
            if rng.random() < 0.25:
                _action_item(add, rng, item_id, administration_id, held, now)
            _status_event(add, issue_id, coordinator, "scheduled", "discussed", held)
            if status == IssueStatus.CLOSED:
                closed = held + timedelta(days=14)
                _status_event(add, issue_id, coordinator, "discussed", "closed", closed)
    _standing_items(add, meetings, positions, now)
    for (network_id, year), last in numbers.items():
        add(ReferenceCounter, network_id=network_id, year=year, last=last)
    return queue_ids


def _standing_items(add, meetings, positions, now) -> None:
    """Opening and round first, next meeting last, as plan_meeting places them."""
    entries = meetings["past"] + [e for coming in meetings["coming"].values() for e in coming]
    for entry in entries:
        last = positions.get(entry["id"], 2) + 1
        updated = min(entry["published_at"] or now, now)
        for position, title, minutes in (
            (0, "Inledning och dagordning", 5),
            (1, "Förvaltningsrunda", 20),
            (last, "Nästa möte", 5),
        ):
            add(
                AgendaItem,
                meeting_id=entry["id"],
                position=position,
                title=title,
                kind=ItemKind.STANDING,
                allotted_minutes=minutes,
                presenter="",
                issue_id=None,
                notes="",
                outcome=None,
                updated_at=updated,
                version=1,
            )


def _outcome(rng, status: IssueStatus) -> ItemOutcome | None:
    if status == IssueStatus.CLOSED:
        return rng.choice([ItemOutcome.CONCLUDED, ItemOutcome.SENT_FOR_DECISION])
    if status == IssueStatus.DISCUSSED:
        return rng.choice([ItemOutcome.DISCUSSED, ItemOutcome.NEEDS_FOLLOW_UP])
    return None


def _action_item(add, rng, item_id, administration_id, held, now) -> None:
    due = (held + timedelta(days=rng.randint(14, 90))).date()
    done = due < now.date() and rng.random() < 0.8
    add(
        ActionItem,
        agenda_item_id=item_id,
        what="Återkoppla till nätverket med förvaltningens underlag.",
        responsible_administration_id=administration_id,
        responsible_name="",
        due_date=due,
        status=ActionStatus.DONE if done else ActionStatus.OPEN,
        created_at=held,
        done_at=held + timedelta(days=10) if done else None,
        version=1,
    )


def _report_backs(add, rng, administrations, people, now) -> None:
    """Every administration reported back to its management group a few times a year; the
    last report was one to four months ago."""
    for administration_id in administrations:
        reporter = people["representatives"][administration_id][0]
        last = now - timedelta(days=rng.randint(30, 120))
        for years_ago in range(YEARS):
            for quarter in range(0, 365, 91):
                add(
                    ReportBack,
                    administration_id=administration_id,
                    network_id=None,
                    reported_by_id=reporter,
                    reported_at=last - timedelta(days=365 * years_ago + quarter),
                )


def _status_event(add, issue_id, actor_id, before, after, when) -> None:
    add(
        Event,
        issue_id=issue_id,
        actor_id=actor_id,
        action="status",
        from_value=before,
        to_value=after,
        created_at=when,
    )


def _assessment(add, rng, issue_id, coordinator, when, *, partial) -> None:
    answers = {name: rng.random() < 0.7 for name in QUESTIONS}
    if partial:
        answers = {name: answers[name] if rng.random() < 0.5 else None for name in QUESTIONS}
    add(
        Assessment,
        issue_id=issue_id,
        **answers,
        recommendation=recommend(Answers(**answers)).value,
        note="",
        assessed_by_id=coordinator,
        assessed_at=when,
    )
    for name, answer in answers.items():
        if answer is not None:
            add(
                Event,
                issue_id=issue_id,
                actor_id=coordinator,
                action="assessed",
                from_value=None,
                to_value="yes" if answer else "no",
                message=name,
                created_at=when,
            )
