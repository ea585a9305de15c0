"""The history in words: every kind of Event has a sentence in Swedish and English, an edit
says what changed, and a discussed question says its outcome and the meeting."""

import ast
from pathlib import Path
from types import SimpleNamespace

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import select

from hallbarhet import history
from hallbarhet.extensions import db
from hallbarhet.models import Event, IssueStatus, ItemOutcome
from hallbarhet.models.base import utcnow
from tests.factories import make_issue
from tests.minutes_data import past_meeting, publish, question_items, write

PACKAGE = Path(history.__file__).parents[1]
CATALOGUE = PACKAGE / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
LINE = '{% from "issues/_event.html" import event_line with context %}{{ event_line(event) }}'


def _strings(node) -> set[str]:
    """The string constants an expression can give: a literal or either side of an if."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def recorded_actions() -> set[str]:
    """Every action passed to record() in the package: written out, chosen by an if, held in
    a variable of the function, or passed in by the function's callers."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "record"):
                    continue
                if not call.args:
                    continue
                first = call.args[0]
                if not isinstance(first, ast.Name):
                    found |= _strings(first)
                    assert _strings(first), f"{path}: record() with an action not found"
                    continue
                values = set()
                for assign in ast.walk(function):
                    if isinstance(assign, ast.Assign) and any(
                        getattr(target, "id", "") == first.id for target in assign.targets
                    ):
                        values |= _strings(assign.value)
                parameters = [argument.arg for argument in function.args.args]
                if first.id in parameters:
                    position = parameters.index(first.id)
                    for caller in ast.walk(tree):
                        if (
                            isinstance(caller, ast.Call)
                            and getattr(caller.func, "id", "") == function.name
                            and len(caller.args) > position
                        ):
                            values |= _strings(caller.args[position])
                assert values, f"{path}: record({first.id}) in {function.name}: action not found"
                found |= values
    return found


def test_every_recorded_action_is_found():
    actions = recorded_actions()
    for known in ("status", "edited", "outcome", "minutes_corrected", "item_moved", "invited"):
        assert known in actions
    assert len(actions) >= 23
    # A sentence for an action nobody records any more would be dead text.
    assert set(history.SENTENCES) == actions


SAMPLES = {
    "status": ("submitted", "scheduled", "NEH 2026-12-01"),
    "assessed": (None, "yes", "affects_several"),
    "edited": ("Gammal titel", "Ny titel", "title"),
    "outcome": (None, "needs_follow_up", "NEH 2026-12-01"),
    "action_done": ("open", "done", "Ta fram underlag"),
    "changes_announced": (None, "3", "Solceller, Dagvatten"),
    "minutes_corrected": (None, "2", "Solceller"),
}


def rendered(app, event, language) -> str:
    with app.test_request_context(), force_locale(language):
        return " ".join(render_template_string(LINE, event=event).split())


def test_every_recorded_action_has_a_sentence_in_both_languages(app, world):
    issue = make_issue(world.neh, world.representative)
    db.session.commit()
    for action in sorted(recorded_actions()):
        assert action in history.SENTENCES, f"no sentence for {action}"
        before, after, message = SAMPLES.get(action, ("före", "efter", "Solceller"))
        for on_issue in (True, False):
            # Outside the session: only what the history line reads.
            event = SimpleNamespace(
                action=action, actor=world.coordinator, from_value=before, to_value=after,
                message=message, created_at=utcnow(), issue=issue if on_issue else None,
                issue_id=issue.id if on_issue else None,
                meeting_id=None if on_issue else world.neh_meeting.id,
                person=world.representative, network=world.neh, administration=world.env,
            )  # fmt: skip
            swedish, english = rendered(app, event, "sv"), rendered(app, event, "en")
            assert swedish != english, (action, on_issue, swedish)
            for text in (swedish, english):
                assert f"Cora Samordnare: {action}" not in text, text
                assert "Cora Samordnare" in text, (action, text)
            assert "needs_follow_up" not in swedish + english


def test_every_sentence_is_translated():
    catalogue = {message.id: message for message in read_po(CATALOGUE.open("rb"))}
    sentences = [
        message
        for path in sorted(Path(history.__file__).parent.glob("*.py"))
        for _line, message, *_rest in extract_from_file("python", path)
    ]
    assert len(sentences) > len(history.SENTENCES)
    for msgid in sentences:
        assert msgid in catalogue, msgid
        translated = catalogue[msgid].string
        assert all(translated) if isinstance(translated, tuple) else translated, msgid
        assert "fuzzy" not in catalogue[msgid].flags, msgid


def test_an_edit_says_what_changed(client, world, login_as):
    issue = make_issue(world.neh, world.representative, title="Laddstolpar", minutes=15)
    db.session.commit()
    login_as("representative", lang="en")
    data = {
        "version": issue.version,
        "network": world.neh.id,
        "title": "Laddstolpar vid förskolor",
        "description": issue.description,
        "kind": issue.kind.value,
        "asked_for": issue.asked_for.value,
        "work_area": "",
        "estimated_minutes": "20",
        "presenter": "",
        "links": "",
        "desired_meeting": "",
        "latest_date": "",
        "action": "save",
    }
    assert client.post(f"/issues/{issue.id}/edit", data=data).status_code == 302
    events = db.session.scalars(
        select(Event).where(Event.issue_id == issue.id, Event.action == "edited")
    ).all()
    changes = {event.message: (event.from_value, event.to_value) for event in events}
    assert changes == {
        "title": ("Laddstolpar", "Laddstolpar vid förskolor"),
        "estimated_minutes": ("15", "20"),
    }
    page = " ".join(client.get(f"/issues/{issue.id}").get_data(as_text=True).split())
    assert "Title: Laddstolpar → Laddstolpar vid förskolor" in page
    assert "Estimated time: 15 → 20" in page
    login_as("representative", lang="sv")
    page = " ".join(client.get(f"/issues/{issue.id}").get_data(as_text=True).split())
    assert "Rubrik: Laddstolpar → Laddstolpar vid förskolor" in page
    # Sending the same again changes nothing and records nothing.
    data["version"] = db.session.get(type(issue), issue.id).version
    assert client.post(f"/issues/{issue.id}/edit", data=data).status_code == 302
    assert len(db.session.scalars(select(Event).where(Event.action == "edited")).all()) == 2


def test_a_discussed_question_says_its_outcome_and_its_meeting(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller på taken", world.representative)])
    (item,) = question_items(meeting)
    due = meeting.starts_at.date()
    write(world, meeting, item, "Bra.", ItemOutcome.NEEDS_FOLLOW_UP, [("Räkna", world.env, due)])
    publish(world, meeting)
    issue = db.session.get(type(item.issue), item.issue_id)
    assert issue.status == IssueStatus.DISCUSSED
    login_as("representative", lang="en")
    page = " ".join(client.get(f"/issues/{issue.id}").get_data(as_text=True).split())
    start = page.index('id="issue-status"')
    status = page[start : page.index("</section>", start)]
    assert "Needs follow-up" in status and meeting.name in status
    assert "Message from" not in status
    history_part = page[page.index('id="issue-history"') :]
    assert f"published the outcome of {meeting.name}: Needs follow-up" in history_part
    assert "outcome:" not in history_part and "needs_follow_up" not in page
    listing = " ".join(client.get("/issues").get_data(as_text=True).split())
    row = listing[listing.index("Solceller på taken") :]
    row = row[: row.index("</tr>")]
    assert "Scheduled" not in row and "Discussed at" in row and "Needs follow-up" in row
    login_as("representative", lang="sv")
    page = " ".join(client.get(f"/issues/{issue.id}").get_data(as_text=True).split())
    assert "Behöver följas upp" in page and "Meddelande från" not in page
    listing = client.get("/issues").get_data(as_text=True)
    assert "Inplanerad:" not in listing
