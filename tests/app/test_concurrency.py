"""Two people acting on the same thing at the same moment, on real database connections.

Each racer is a thread with its own application context (so its own database session and
connection, and its own `g`) and its own test client. Both hold the same version of the
question or agenda, wait at a barrier and send their form at once. Exactly one change may
land; the other person is told, with a 409, what the state now is; nothing is lost or doubled.
"""

import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.models import (
    AgendaItem,
    Assessment,
    Dimension,
    Event,
    Issue,
    IssueStatus,
    ItemKind,
    Meeting,
    Membership,
    Role,
)
from hallbarhet.models.base import utcnow
from hallbarhet.triage.checklist import Answers, recommend
from tests.factories import make_issue, make_meeting, make_network, session_id

ROUNDS = 5
STATUS_WORDS = {
    IssueStatus.SUBMITTED: "Submitted",
    IssueStatus.SCHEDULED: "Scheduled",
    IssueStatus.RETURNED: "Returned",
    IssueStatus.PARKED: "Parked",
}


@dataclass
class Attempt:
    """One racer: who sends what where."""

    user_id: int
    url: str
    data: dict
    htmx: bool = False


@dataclass
class Outcome:
    status: int
    body: str


def race(app, *attempts: Attempt) -> list[Outcome]:
    """Send the attempts at the same moment, each from its own thread, client and connection."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[Outcome | None] = [None] * len(attempts)
    failures: list[BaseException] = []

    def run(index: int, attempt: Attempt) -> None:
        try:
            with app.app_context():
                client = app.test_client()
                with client.session_transaction() as session:
                    session["_user_id"] = session_id(attempt.user_id)
                    session["_fresh"] = True
                headers = {"HX-Request": "true"} if attempt.htmx else {}
                barrier.wait(timeout=20)
                response = client.post(attempt.url, data=attempt.data, headers=headers)
                outcomes[index] = Outcome(response.status_code, response.get_data(as_text=True))
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported in the test's own thread
            barrier.abort()
            failures.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    assert all(outcome is not None for outcome in outcomes), "a racer did not finish"
    # The test's own session must not answer from what it loaded before the race.
    db.session.expire_all()
    return outcomes


GENERIC_CONFLICT = "This was changed by someone else while you worked on it."


def told_current_state(losers: list[tuple[Outcome, str]]) -> None:
    """Each refused person sees the state the winner left, not only that someone was first,
    also when the race is lost in the database (the version checked in the UPDATE)."""
    for outcome, word in losers:
        assert GENERIC_CONFLICT not in outcome.body
        assert word in outcome.body, outcome.body


def one_winner(outcomes: list[Outcome], success: tuple[int, ...] = (200, 302)) -> tuple:
    codes = sorted(outcome.status for outcome in outcomes)
    assert len([c for c in codes if c in success]) == 1 and codes.count(409) == 1, codes
    winner = next(i for i, outcome in enumerate(outcomes) if outcome.status in success)
    return winner, outcomes[1 - winner]


@pytest.fixture
def coordinators(world):
    """Two coordinators of NEH, reading English so that messages can be checked."""
    for user in (world.coordinator, world.neh_coordinator, world.representative):
        user.language = "en"
    db.session.commit()
    return world.coordinator.id, world.neh_coordinator.id


def count(statement) -> int:
    return db.session.scalar(statement)


def status_events(issue_id: int, target: IssueStatus) -> int:
    return count(
        select(func.count(Event.id)).where(
            Event.issue_id == issue_id, Event.action == "status", Event.to_value == target.value
        )
    )


def queued_issue(world, number: int) -> tuple[int, int]:
    issue = make_issue(world.neh, world.representative, title=f"Kapplöpning {number}")
    db.session.commit()
    return issue.id, issue.version


def schedule_form(version: int, meeting_id: int) -> dict:
    return {"version": version, "meeting": meeting_id, "kind": "dialogue", "minutes": 20}


# Two decisions on one question.


@pytest.mark.parametrize(
    "first, second",
    [("schedule", "return"), ("schedule", "schedule"), ("park", "return")],
)
def test_only_one_decision_on_a_question_lands(app, world, coordinators, first, second):
    meeting_id = world.neh_meeting.id
    forms = {
        "schedule": lambda v: schedule_form(v, meeting_id),
        "return": lambda v: {"version": v, "message": "Lägg till underlaget."},
        "park": lambda v: {"version": v, "message": ""},
    }
    targets = {
        "schedule": IssueStatus.SCHEDULED,
        "return": IssueStatus.RETURNED,
        "park": IssueStatus.PARKED,
    }
    losers = []
    for number in range(ROUNDS):
        issue_id, version = queued_issue(world, number)
        decisions = (first, second) if number % 2 else (second, first)
        outcomes = race(
            app,
            *(
                Attempt(user, f"/triage/{issue_id}/{name}", forms[name](version), htmx=number > 2)
                for user, name in zip(coordinators, decisions, strict=True)
            ),
        )
        winner, loser = one_winner(outcomes)
        target = targets[decisions[winner]]
        issue = db.session.get(Issue, issue_id)
        assert issue.status == target
        assert issue.version == version + 1
        assert status_events(issue_id, target) == 1
        assert count(select(func.count(Event.id)).where(Event.issue_id == issue_id)) == 1
        items = count(select(func.count(AgendaItem.id)).where(AgendaItem.issue_id == issue_id))
        assert items == (1 if target == IssueStatus.SCHEDULED else 0)
        losers.append((loser, STATUS_WORDS[target]))
    told_current_state(losers)


def test_two_questions_scheduled_into_one_meeting_at_once_keep_their_order(
    app, world, coordinators
):
    """Different questions, same meeting: both may land, or one is told to try again."""
    meeting_id = world.neh_meeting.id
    for number in range(ROUNDS):
        first, second = queued_issue(world, 2 * number), queued_issue(world, 2 * number + 1)
        outcomes = race(
            app,
            *(
                Attempt(user, f"/triage/{issue_id}/schedule", schedule_form(version, meeting_id))
                for user, (issue_id, version) in zip(coordinators, (first, second), strict=True)
            ),
        )
        assert all(outcome.status in (302, 409) for outcome in outcomes), outcomes
        landed = [o.status for o in outcomes].count(302)
        assert landed >= 1
        positions = sorted(
            db.session.scalars(
                select(AgendaItem.position).where(AgendaItem.meeting_id == meeting_id)
            )
        )
        assert positions == list(range(len(positions)))
        scheduled = count(
            select(func.count(Issue.id)).where(
                Issue.id.in_([first[0], second[0]]), Issue.status == IssueStatus.SCHEDULED
            )
        )
        assert scheduled == landed


def test_two_first_checklist_answers_on_a_new_question_both_land(app, world, coordinators):
    """Nobody has answered yet: both answers create the assessment at the same moment."""
    answers = (("affects_several", "yes"), ("needs_dialogue", "yes"))
    for number in range(ROUNDS):
        issue_id, _version = queued_issue(world, number)
        outcomes = race(
            app,
            *(
                Attempt(
                    user,
                    f"/triage/{issue_id}/assess",
                    {"question": question, "answer": answer},
                    htmx=number % 2 == 0,
                )
                for user, (question, answer) in zip(coordinators, answers, strict=True)
            ),
        )
        assert sorted(o.status for o in outcomes) == [200 if number % 2 == 0 else 302] * 2
        (assessment,) = db.session.scalars(
            select(Assessment).where(Assessment.issue_id == issue_id)
        ).all()
        assert (assessment.affects_several, assessment.needs_dialogue) == (True, True)
        both = Answers(affects_several=True, needs_dialogue=True)
        assert assessment.recommendation == recommend(both).value == "dialogue"
        answered = select(func.count(Event.id)).where(
            Event.issue_id == issue_id, Event.action == "assessed"
        )
        assert count(answered) == 2


# Two edits of one agenda.


def agenda_with_questions(world, number: int) -> Meeting:
    """A meeting with its standing items and two questions: five items in all."""
    meeting = make_meeting(world.neh, 40 + number, f"Tema {number}")
    db.session.flush()
    closing = meeting.items[-1]
    for extra in range(2):
        issue = make_issue(
            world.neh,
            world.representative,
            title=f"Punkt {number}.{extra}",
            status=IssueStatus.SCHEDULED,
        )
        meeting.items.insert(
            -1,
            AgendaItem(
                position=2 + extra,
                title=issue.title,
                kind=ItemKind.INFORMATION,
                allotted_minutes=10,
                issue=issue,
            ),
        )
    closing.position = 4
    db.session.commit()
    return meeting


def agenda_state(meeting_id: int) -> tuple[list[tuple[int, int, int]], int, int]:
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting_id)
    items = [(item.id, item.position, item.allotted_minutes) for item in meeting.items]
    changes = count(
        select(func.count(Event.id)).where(
            Event.meeting_id == meeting_id, Event.action.in_(("item_changed", "item_moved"))
        )
    )
    return items, meeting.version, changes


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_only_one_of_two_agenda_edits_lands(app, world, coordinators, htmx):
    losers = []
    for number in range(ROUNDS):
        meeting = agenda_with_questions(world, number)
        meeting_id, version = meeting.id, meeting.version
        ids = [item.id for item in meeting.items]
        before = {item.id: item.allotted_minutes for item in meeting.items}
        edits = {ids[1]: 25, ids[2]: 35}
        outcomes = race(
            app,
            *(
                Attempt(
                    user,
                    f"/meetings/{meeting_id}/items/{item_id}",
                    {"version": version, "minutes": minutes, "presenter": "Ny"},
                    htmx=htmx,
                )
                for user, (item_id, minutes) in zip(coordinators, edits.items(), strict=True)
            ),
        )
        winner, loser = one_winner(outcomes)
        items, new_version, changes = agenda_state(meeting_id)
        assert [item_id for item_id, _p, _m in items] == ids
        changed = {item_id: minutes for item_id, _p, minutes in items if item_id in edits}
        winning_item = list(edits)[winner]
        assert changed[winning_item] == edits[winning_item]
        losing_item = list(edits)[1 - winner]
        assert changed[losing_item] == before[losing_item], "the refused edit was saved anyway"
        assert new_version == version + 1 and changes == 1
        losers.append((loser, f'id="item-{winning_item}"'))
    told_current_state(losers)


def test_only_one_of_two_moves_lands_and_positions_stay_whole(app, world, coordinators):
    for number in range(ROUNDS):
        meeting = agenda_with_questions(world, number)
        meeting_id, version = meeting.id, meeting.version
        ids = [item.id for item in meeting.items]
        moves = [(ids[2], "up"), (ids[3], "down")] if number % 2 else [(ids[2], "down")] * 2
        outcomes = race(
            app,
            *(
                Attempt(
                    user,
                    f"/meetings/{meeting_id}/items/{item_id}/move",
                    {"version": version, "direction": direction},
                    htmx=number > 2,
                )
                for user, (item_id, direction) in zip(coordinators, moves, strict=True)
            ),
        )
        one_winner(outcomes)
        items, new_version, changes = agenda_state(meeting_id)
        assert sorted(position for _i, position, _m in items) == list(range(len(ids)))
        assert sorted(item_id for item_id, _p, _m in items) == sorted(ids)
        assert new_version == version + 1 and changes == 1


# The same draft submitted twice at once.


def draft_form(world, issue: Issue) -> dict:
    return {
        "network": issue.network_id,
        "title": issue.title,
        "description": "Underlag.",
        "kind": "dialogue",
        "asked_for": "dialogue",
        "work_area": "",
        "estimated_minutes": "15",
        "presenter": "",
        "links": "",
        "desired_meeting": "",
        "latest_date": "",
        "version": issue.version,
        "action": "submit",
    }


def test_a_draft_sent_twice_at_once_gets_one_reference(app, world, coordinators):
    representative = world.representative.id
    make_issue(world.neh, world.representative, title="Tidigare fråga")
    for number in range(ROUNDS):
        draft = make_issue(
            world.neh, world.representative, title=f"Utkast {number}", status=IssueStatus.DRAFT
        )
        db.session.commit()
        url, data = f"/issues/{draft.id}/edit", draft_form(world, draft)
        outcomes = race(app, Attempt(representative, url, data), Attempt(representative, url, data))
        one_winner(outcomes)
        issue = db.session.get(Issue, draft.id)
        assert issue.status == IssueStatus.SUBMITTED and issue.reference is not None
        assert status_events(draft.id, IssueStatus.SUBMITTED) == 1
    references = db.session.scalars(select(Issue.reference).where(Issue.reference.is_not(None)))
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, ROUNDS + 2)), "a reference number was used twice or skipped"


def test_two_drafts_sent_at_once_get_different_references(app, world, coordinators):
    """Each round in a network of its own: both submissions also race to start its numbering."""
    people = (world.representative, world.other_representative)
    references = []
    for number in range(ROUNDS):
        network = make_network(f"race{number}", f"Nätverk {number}", Dimension.SOCIAL, [])
        for user in people:
            user.memberships.append(Membership(network=network, role=Role.REPRESENTATIVE))
        drafts = [
            make_issue(network, user, title=f"Utkast {number}.{n}", status=IssueStatus.DRAFT)
            for n, user in enumerate(people)
        ]
        db.session.commit()
        outcomes = race(
            app,
            *(
                Attempt(user.id, f"/issues/{draft.id}/edit", draft_form(world, draft))
                for user, draft in zip(people, drafts, strict=True)
            ),
        )
        assert [outcome.status for outcome in outcomes] == [302, 302]
        numbers = db.session.scalars(
            select(Issue.reference).where(Issue.network_id == network.id).order_by(Issue.reference)
        ).all()
        assert numbers == [f"RACE{number}-{utcnow().year}-00{n}" for n in (1, 2)]
        references += numbers
    assert len(set(references)) == 2 * ROUNDS
