"""SQL statements per main page, for every role that sees it: the same for ten times the data.

The overview is measured with a representative's to-do of every kind growing with the data:
returned questions, drafts, a report back due (discussed questions in published minutes)
and coming items without an invitation (and some with one).

The counter listens to the engine's "before_cursor_execute", as Indico's count_queries
fixture does. Each page is measured as a served request would run: a fresh database session
(the test's application context outlives requests, and with it the session's identity map)
and a fresh `g` (the test client clears it per request, see conftest.Client)."""

from datetime import timedelta
from itertools import cycle

import pytest
from flask import g

from hallbarhet.extensions import cache, db
from hallbarhet.models import (
    Administration,
    AgendaItem,
    AskedFor,
    Assessment,
    Event,
    Invitation,
    Issue,
    IssueKind,
    IssueStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Network,
    User,
)
from hallbarhet.models.base import utcnow
from tests.factories import make_administration, make_meeting, session_id
from tests.helpers import count_statements

# Each main page, and the roles that see it (status 200).
PAGES = {
    "/": ["admin", "coordinator", "representative", "participant", "outsider"],
    "/issues": ["representative", "other_representative", "participant"],
    "/issues/{issue}": ["representative", "coordinator", "participant", "admin"],
    "/issues/new": ["representative", "other_representative"],
    "/triage": ["coordinator", "neh_coordinator", "admin"],
    "/triage?status=parked": ["coordinator", "admin"],
    "/meetings/{meeting}": ["coordinator", "representative", "participant", "admin"],
    "/agenda": ["coordinator", "representative", "participant", "admin", "outsider"],
    "/meetings/{meeting}.ics": ["coordinator", "participant"],
}
PER_STATE_FEW = 3
PER_STATE_MANY = 30


class Data:
    """Questions in every state, meetings with agendas, history: grown in steps."""

    def __init__(self, world):
        self.world = world
        self.networks = [world.neh, world.nsh]
        self.submitters = [world.representative, world.other_representative]
        self.administrations = [world.env, world.social, world.culture]
        self.meetings = [world.neh_meeting, world.nsh_meeting]
        self.per_state = 0
        self.numbers = {network.id: 0 for network in self.networks}
        for meeting in self.meetings:
            meeting.status = MeetingStatus.AGENDA_PUBLISHED
            meeting.published_at = utcnow()
        # Where the discussed questions were: its minutes make a report back due.
        self.held = make_meeting(world.neh, -14, "Förra temat")
        self.held.status = MeetingStatus.MINUTES_PUBLISHED
        self.held.published_at = self.held.minutes_published_at = utcnow()
        # The question whose page is measured: on the NEH agenda, from the representative.
        self.focus = self._issue(world.neh, world.representative, IssueStatus.SCHEDULED)
        self._on_agenda(self.focus, world.neh_meeting)
        db.session.commit()
        self.ids = {"issue": self.focus.id, "meeting": world.neh_meeting.id}

    def grow_to(self, per_state: int) -> None:
        for state in IssueStatus:
            for n in range(self.per_state, per_state):
                network = self.networks[n % 2]
                issue = self._issue(network, self.submitters[n // 2 % 2], state)
                if state == IssueStatus.SCHEDULED:
                    item = self._on_agenda(issue, self.meetings[n % 2])
                    if n % 3 == 0:  # some have a colleague invited already
                        self._invite(item)
                elif state == IssueStatus.DISCUSSED:
                    self._on_agenda(issue, self.held)
        self._more_around_the_focus(per_state - self.per_state)
        self.per_state = per_state
        db.session.commit()

    def _issue(self, network: Network, submitter: User, state: IssueStatus) -> Issue:
        self.numbers[network.id] += 1
        number = self.numbers[network.id]
        issue = Issue(
            network=network,
            administration_id=submitter.administration_id,
            submitter=submitter,
            reference=None
            if state == IssueStatus.DRAFT
            else f"{network.slug.upper()}-2026-{number:03d}",
            title=f"{network.slug} fråga {number}",
            description="Beskrivning.",
            kind=IssueKind.DIALOGUE,
            asked_for=AskedFor.DIALOGUE,
            status=state,
            work_area=network.work_areas[number % len(network.work_areas)],
            goals=[number % 17 + 1, (number + 5) % 17 + 1],
            desired_meeting=self.meetings[0] if network is self.world.neh else self.meetings[1],
            submitted_at=None if state == IssueStatus.DRAFT else utcnow(),
            latest_date=(utcnow() + timedelta(days=90)).date(),
        )
        issue.affected = self.administrations[number % 3 :][:2]
        if number % 2:
            issue.assessment = Assessment(
                affects_several=True, needs_dialogue=True, recommendation="dialogue", note="Ja."
            )
        db.session.add(issue)
        db.session.add(Event(action="created", actor=submitter, issue=issue))
        if state != IssueStatus.DRAFT:
            db.session.add(
                Event(action="status", actor=submitter, issue=issue, to_value=state.value)
            )
        return issue

    def _on_agenda(self, issue: Issue, meeting: Meeting) -> AgendaItem:
        items = meeting.items
        closing = items[-1]
        item = AgendaItem(
            meeting=meeting,
            position=closing.position,
            title=issue.title,
            kind=ItemKind.DIALOGUE,
            allotted_minutes=10,
            presenter="Rita Representant",
            issue=issue,
        )
        db.session.add(item)
        closing.position += 1
        # As every agenda change in the app does: the meeting's version moves on.
        meeting.updated_at = utcnow()
        return item

    def _invite(self, item: AgendaItem) -> None:
        submitter = item.issue.submitter
        db.session.add(
            Invitation(
                meeting=item.meeting,
                agenda_item=item,
                name="Gästa Kollega",
                email="gasta@test.se",
                administration_id=submitter.administration_id,
                invited_by=submitter,
            )
        )

    def _more_around_the_focus(self, count: int) -> None:
        """More history, affected administrations and meetings for the measured pages."""
        start = len(self.administrations)
        for n in range(start, start + count // 3):
            self.administrations.append(make_administration(f"Förvaltning {n}", f"F{n}"))
        self.focus.affected = list(self.administrations)
        self.focus.goals = list(range(1, min(17, count) + 1))
        coordinators = cycle([self.world.coordinator, self.world.neh_coordinator])
        for _n in range(count):
            db.session.add(
                Event(
                    action="assessed",
                    actor=next(coordinators),
                    issue=self.focus,
                    from_value="-",
                    to_value="yes",
                    message="affects_several",
                )
            )
        for n in range(count // 5):
            for network in self.networks:
                make_meeting(network, 70 + 7 * len(self.meetings) + n, f"Tema {n}")
        db.session.flush()


def sign_in(client, user_id: int) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = session_id(user_id)
        session["_fresh"] = True


def measure(app, client, url: str, user_id: int) -> tuple[int, list[str]]:
    # An application context of its own: a fresh session (nothing in its identity map from
    # building the data or from an earlier request) and a fresh `g`, as a served request has.
    with app.app_context():
        sign_in(client, user_id)
        assert not g.__dict__
        # Each measure renders its page: one served from its copy runs fewer statements
        # (tests/meetings/test_reader_pages_kept.py), and a page whose state the data did not
        # change would be served so at the second size.
        cache.clear()
        with count_statements() as statements:
            response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # The page's size, to show that it does show the grown data.
    return len(statements), list(statements), len(response.get_data())


@pytest.mark.parametrize("page", list(PAGES))
def test_statements_per_page_do_not_grow_with_the_data(app, client, world, page):
    data = Data(world)
    data.grow_to(PER_STATE_FEW)
    url = page.format(**data.ids)
    users = {role: getattr(world, role).id for role in PAGES[page]}
    few = {role: measure(app, client, url, user_id) for role, user_id in users.items()}
    data.grow_to(PER_STATE_MANY)
    many = {role: measure(app, client, url, user_id) for role, user_id in users.items()}
    grew = {role: (few[role][0], many[role][0]) for role in users if few[role][0] != many[role][0]}
    details = "\n\n".join(
        f"{role}: {few[role][0]} -> {many[role][0]}\n" + "\n".join(many[role][1]) for role in grew
    )
    assert not grew, f"{url}: statements grew with the data {grew}\n{details}"
    assert any(many[role][2] > few[role][2] for role in users), f"{url} shows no more data"


def test_the_representatives_todo_is_measured_with_every_kind(app, client, world):
    data = Data(world)
    data.grow_to(PER_STATE_FEW)
    with app.app_context():
        sign_in(client, world.representative.id)
        shown = client.get("/").get_data(as_text=True)
    for part in ("todo-returned", "todo-drafts", "todo-report", "todo-invite"):
        assert f'id="{part}"' in shown, part


def test_the_grown_data_is_ten_times_the_few(client, world):
    data = Data(world)
    data.grow_to(PER_STATE_FEW)
    few = db.session.query(Issue).count()
    data.grow_to(PER_STATE_MANY)
    many = db.session.query(Issue).count()
    assert (few - 1) * 10 == many - 1 == PER_STATE_MANY * len(IssueStatus)
    assert db.session.query(Meeting).count() >= 9
    assert db.session.query(Administration).count() > 10
