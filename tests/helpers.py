"""Helpers that test files in more than one place use: signing in, a question's form data,
the triage forms, counting statements. The data itself: factories.py."""

import re
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, func, select

from hallbarhet.extensions import db
from hallbarhet.models import Event, ItemKind
from hallbarhet.models.base import utcnow
from hallbarhet.triage import operations as triage
from tests.factories import PASSWORD, make_issue

# Signing in.


def login(client, email, password=PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


# The representative's questions: the form's data, what was recorded, the page.


YEAR = utcnow().year


def valid(world, **changes) -> dict:
    """A complete, valid question for the ecological network."""
    data = {
        "network": world.neh.id,
        "title": "Skyfallsplan för kommunen",
        "description": "Utkastet behöver synpunkter.\nFrån flera förvaltningar.",
        "kind": "consultation",
        "asked_for": "input",
        "work_area": world.neh.work_areas[1].id,
        "affected": [world.social.id, world.culture.id],
        "goals": ["11", "13"],
        "estimated_minutes": "30",
        "presenter": "Rita Representant",
        "links": "https://example.org/utkast.pdf\n\n  K:/Miljö/skyfall.docx  ",
        "desired_meeting": world.neh_meeting.id,
        "latest_date": "",
        "action": "draft",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(world, issue, **changes) -> dict:
    return valid(world, **({"version": issue.version, "network": issue.network_id} | changes))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def issue_events() -> int:
    return db.session.scalar(select(func.count(Event.id)).where(Event.issue_id.is_not(None)))


def actions(issue_id) -> list[tuple]:
    events = db.session.scalars(select(Event).where(Event.issue_id == issue_id).order_by(Event.id))
    return [(e.action, e.from_value, e.to_value) for e in events]


def page(response) -> str:
    return response.get_data(as_text=True)


def select_of(html: str, name: str) -> str:
    return re.search(rf'<select[^>]* name="{name}".*?</select>', html, re.S).group(0)


def schedule(world, issue):
    triage.schedule(
        world.coordinator,
        issue,
        world.neh_meeting,
        issue.version,
        kind=ItemKind.DIALOGUE,
        minutes=20,
    )


# Triage: a question in the queue and the card's forms.


HX = {"HX-Request": "true"}


def queued(world, title="Laddstolpar vid förvaltningarna", network=None, submitter=None, **kw):
    issue = make_issue(network or world.neh, submitter or world.representative, title=title, **kw)
    db.session.commit()
    return issue


def form_for(route, issue, world, **changes):
    """A valid submission of each triage form for the question."""
    meeting = world.neh_meeting if issue.network_id == world.neh.id else world.nsh_meeting
    data = {
        "assess": {"question": "affects_several", "answer": "yes"},
        "schedule": {"meeting": meeting.id, "kind": "dialogue", "minutes": "15"},
        "return": {"message": "Beskriv vilka förvaltningar som berörs."},
        "park": {"message": "Till temat avfall i vår."},
        "refer": {"message": "working group"},
        "decline": {"message": "Hör inte till nätverket."},
    }[route]
    if route != "assess":
        data["version"] = issue.version
    return {**data, **changes}


def deadline_in(meeting, moment: timedelta) -> None:
    """Move the meeting so that its deadline for questions falls `moment` from now (a
    negative one: passed), its network's lead time before it begins."""
    lead = timedelta(days=meeting.network.submission_lead_days)
    meeting.starts_at = utcnow() + lead + moment


def post(client, route, issue, data, htmx=False):
    return client.post(f"/triage/{issue.id}/{route}", data=data, headers=HX if htmx else {})


def card(page: str, issue) -> str:
    match = re.search(rf'<article id="issue-{issue.id}".*?</article>', page, re.S)
    return match.group(0) if match else ""


# Statements a page runs.


@contextmanager
def count_statements():
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


# Settings of a municipality whose directory is the only way in: no passwords, an OpenID
# Connect provider that no page but the directory's own routes ever asks.
DIRECTORY_ONLY = {
    "PASSWORD_SIGNIN": False,
    "OIDC_ISSUER": "http://127.0.0.1:9",
    "OIDC_CLIENT_ID": "hallbarhet",
}
