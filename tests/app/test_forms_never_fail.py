"""Bad input on the submit, triage and agenda forms: never a server error, always a message."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hallbarhet.extensions import db
from hallbarhet.forms_common import without_control_characters
from hallbarhet.models import AgendaItem, Event, Issue, IssueStatus, Meeting
from tests.factories import make_issue

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MESSAGE = re.compile(r'class="(field__error|flash flash--error)[" ]')

# Text as people and attackers type it: control characters, emoji, very long, markup.
texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.text(alphabet="\x00\x01\x08\x0b\x1b\t\n\r \u200b\u202e😀é", max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("a😀 \n"), st.integers(150, 20000)),
    st.sampled_from(['<script>alert("x")</script>', "'; DROP TABLE issue; --", "%s%n", ""]),
)
# What a number field receives: numbers of any size and sign, decimals, words, nothing.
numbers = st.one_of(
    st.integers(-(2**70), 2**70),
    st.integers(-5, 500),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "1e9", "0x10", "١٢", "15.0", "NaN", "-0", "９"]),
    texts,
).map(str)


def check(response) -> bool:
    """True when the input was accepted; otherwise it must be a 4xx with a message."""
    assert response.status_code < 500, response.status_code
    if response.status_code in (200, 302):
        return response.status_code == 302
    assert 400 <= response.status_code < 500
    assert MESSAGE.search(response.get_data(as_text=True)), response.status_code
    return False


def clean(text: str) -> str:
    """What a text field stores: no control characters (PostgreSQL refuses NUL), stripped."""
    return without_control_characters(text).strip()


@pytest.fixture
def representative(client, world, login_as):
    login_as("representative")
    return world


@FUZZ
@given(
    title=texts,
    description=texts,
    presenter=texts,
    links=texts,
    minutes=st.one_of(st.integers(1, 240).map(str), numbers),
    network=st.one_of(st.sampled_from(["1", "2"]), numbers),
    work_area=st.one_of(st.just(""), numbers),
    meeting=st.one_of(st.just(""), numbers),
    goals=st.lists(numbers, max_size=3),
    latest_date=st.one_of(st.dates().map(str), texts),
)
@example(
    title="a\x00b\x1b\x7f",
    description="a\x00b\x1b\x7f",
    presenter="a\x00b\x1b\x7f",
    links="a\x00b\x1b\x7f",
    minutes="15",
    network="1",
    work_area="",
    meeting="",
    goals=[],
    latest_date="",
)
def test_the_submit_form_never_fails(
    client, representative, title, description, presenter, links, minutes, network, work_area,
    meeting, goals, latest_date,
):  # fmt: skip
    world = representative
    before = db.session.scalar(db.select(db.func.count(Issue.id)))
    response = client.post(
        "/issues/new",
        data={
            "action": "submit",
            "network": network,
            "title": title,
            "description": description,
            "kind": "dialogue",
            "asked_for": "input",
            "work_area": work_area,
            "goals": goals,
            "estimated_minutes": minutes,
            "presenter": presenter,
            "links": links,
            "desired_meeting": meeting,
            "latest_date": latest_date,
        },
    )
    db.session.expire_all()
    after = db.session.scalar(db.select(db.func.count(Issue.id)))
    if not check(response):
        assert after == before
        return
    issue = db.session.get(Issue, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert issue.network_id == int(network) in (world.neh.id, world.nsh.id)
    assert issue.status == IssueStatus.SUBMITTED
    assert issue.title == clean(title)
    assert issue.description == clean(description)
    assert issue.presenter == clean(presenter)
    lines = without_control_characters(links).splitlines()
    assert issue.links == "\n".join(line.strip() for line in lines if line.strip())
    assert issue.estimated_minutes == int(minutes)


DECISIONS = ("schedule", "return", "park", "refer", "decline", "assess")


@FUZZ
@given(
    decision=st.sampled_from(DECISIONS),
    message=texts,
    version=st.one_of(st.just("current"), numbers),
    meeting=st.one_of(st.just("neh"), numbers),
    kind=st.one_of(st.sampled_from(["dialogue", "information", "standing"]), texts),
    minutes=st.one_of(st.integers(1, 120).map(str), numbers),
    question=st.one_of(st.sampled_from(["affects_several", "needs_dialogue"]), texts),
    answer=st.one_of(st.sampled_from(["yes", "no", ""]), texts),
    issue_id=st.one_of(st.just("new"), st.integers(-5, 2**40).map(str), texts),
)
@example(
    decision="refer",
    message="a\x00b",
    version="current",
    meeting="neh",
    kind="dialogue",
    minutes="15",
    question="",
    answer="",
    issue_id="new",
)
@example(
    decision="return",
    message="\x00",
    version="current",
    meeting="neh",
    kind="dialogue",
    minutes="15",
    question="",
    answer="",
    issue_id="new",
)
def test_triage_decisions_never_fail(
    client, world, login_as, decision, message, version, meeting, kind, minutes, question, answer,
    issue_id,
):  # fmt: skip
    login_as("coordinator")
    issue = make_issue(world.neh, world.representative, title="Fråga att besluta om")
    db.session.commit()
    data = {
        "version": str(issue.version) if version == "current" else version,
        "message": message,
        "meeting": str(world.neh_meeting.id) if meeting == "neh" else meeting,
        "kind": kind,
        "minutes": minutes,
        "question": question,
        "answer": answer,
    }
    target = issue.id if issue_id == "new" else issue_id
    response = client.post(f"/triage/{target}/{decision}", data=data)
    if issue_id != "new":
        assert response.status_code < 500
        return
    accepted = check(response)
    db.session.expire_all()
    issue = db.session.get(Issue, issue.id)
    if decision == "assess" or not accepted:
        assert issue.status == IssueStatus.SUBMITTED
        return
    if decision == "schedule":
        assert issue.agenda_item.allotted_minutes == int(minutes)
        assert issue.agenda_item.meeting_id == world.neh_meeting.id
    else:
        note = db.session.scalars(
            db.select(Event).where(Event.issue_id == issue.id).order_by(Event.id.desc())
        ).first()
        assert issue.status != IssueStatus.SUBMITTED
        assert clean(message) in (note.message or "") + (note.to_value or "") or not clean(message)


@FUZZ
@given(
    action=st.sampled_from(["update", "move", "publish"]),
    minutes=st.one_of(st.integers(0, 480).map(str), numbers),
    presenter=texts,
    direction=st.one_of(st.sampled_from(["up", "down"]), texts),
    version=st.one_of(st.just("current"), numbers),
    item_id=st.one_of(st.just("first"), st.integers(-5, 2**40).map(str), texts),
)
@example(
    action="update",
    minutes="10",
    presenter="a\x00b",
    direction="up",
    version="current",
    item_id="first",
)
def test_the_agenda_forms_never_fail(
    client, world, login_as, action, minutes, presenter, direction, version, item_id
):
    login_as("coordinator")
    db.session.expire_all()
    meeting = db.session.get(Meeting, world.neh_meeting.id)
    item = meeting.items[1]
    target = item.id if item_id == "first" else item_id
    url = {
        "update": f"/meetings/{meeting.id}/items/{target}",
        "move": f"/meetings/{meeting.id}/items/{target}/move",
        "publish": f"/meetings/{meeting.id}/publish",
    }[action]
    data = {
        "version": str(meeting.version) if version == "current" else version,
        "minutes": minutes,
        "presenter": presenter,
        "direction": direction,
    }
    response = client.post(url, data=data)
    if item_id != "first" and action != "publish":
        assert response.status_code < 500
        return
    accepted = check(response)
    if accepted and action == "update":
        db.session.expire_all()
        changed = db.session.get(AgendaItem, item.id)
        assert changed.allotted_minutes == int(minutes)
        assert changed.presenter == clean(presenter)
