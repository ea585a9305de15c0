"""The coordinator's triage screen: queue, checklist, decisions, budgets, through the client."""

import re
from contextlib import contextmanager

import pytest
from flask import g
from sqlalchemy import event, select, update

from hallbarhet.extensions import db
from hallbarhet.models import (
    AgendaItem,
    Assessment,
    Event,
    Issue,
    IssueStatus,
    ItemKind,
    MeetingStatus,
)
from hallbarhet.triage.queries import PAGE_SIZE
from tests.factories import make_issue, make_meeting

HX = {"HX-Request": "true"}
ROUTES = ("assess", "schedule", "return", "park", "refer", "decline")


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


def post(client, route, issue, data, htmx=False):
    return client.post(f"/triage/{issue.id}/{route}", data=data, headers=HX if htmx else {})


def card(page: str, issue) -> str:
    match = re.search(rf'<article id="issue-{issue.id}".*?</article>', page, re.S)
    return match.group(0) if match else ""


def budget_block(page: str, meeting) -> str:
    match = re.search(rf'<li class="triage-meeting" id="budget-{meeting.id}">.*?</li>', page, re.S)
    return match.group(0) if match else ""


# Who may use the screen -------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("neh_coordinator", 200),
        ("admin", 200),
        ("representative", 403),
        ("other_representative", 403),
        ("participant", 403),
        ("outsider", 403),
    ],
)
def test_triage_page_by_role(client, world, login_as, role, status):
    login_as(role)
    assert client.get("/triage").status_code == status


def test_signed_out_is_sent_to_login(client, world):
    issue = queued(world)
    assert "/login" in client.get("/triage").headers["Location"]
    for route in ROUTES:
        response = post(client, route, issue, form_for(route, issue, world))
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


@pytest.mark.parametrize("role", ["representative", "participant", "outsider"])
@pytest.mark.parametrize("route", ROUTES)
def test_decisions_need_a_coordinator(client, world, login_as, role, route):
    issue = queued(world)
    login_as(role)
    assert post(client, route, issue, form_for(route, issue, world)).status_code == 403
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(Assessment)) is None


@pytest.mark.parametrize("route", ROUTES)
def test_network_coordinator_cannot_touch_the_other_networks_questions(
    client, world, login_as, route
):
    issue = queued(world, network=world.nsh, title="Barnrättsbaserat beslutsfattande")
    login_as("neh_coordinator")
    assert issue.reference not in client.get("/triage").get_data(as_text=True)
    assert post(client, route, issue, form_for(route, issue, world)).status_code == 404
    assert post(client, route, issue, form_for(route, issue, world), htmx=True).status_code == 404
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(Assessment)) is None


@pytest.mark.parametrize("role", ["coordinator", "neh_coordinator", "admin"])
@pytest.mark.parametrize("route", ROUTES)
def test_coordinators_and_admin_decide(client, world, login_as, role, route):
    network = world.neh if role == "neh_coordinator" else world.nsh
    issue = queued(world, network=network)
    login_as(role)
    response = post(client, route, issue, form_for(route, issue, world))
    assert response.status_code == 302
    expected = {
        "assess": IssueStatus.SUBMITTED,
        "schedule": IssueStatus.SCHEDULED,
        "return": IssueStatus.RETURNED,
        "park": IssueStatus.PARKED,
        "refer": IssueStatus.REFERRED,
        "decline": IssueStatus.DECLINED,
    }[route]
    assert db.session.get(Issue, issue.id).status == expected


@pytest.mark.parametrize("route", ROUTES)
def test_unknown_question_is_not_found(client, world, login_as, route):
    login_as("coordinator")
    assert client.post(f"/triage/9999/{route}", data={}).status_code == 404


def test_drafts_are_not_for_coordinators(client, world, login_as):
    draft = queued(world, status=IssueStatus.DRAFT, title="Halvfärdigt utkast")
    login_as("coordinator")
    assert "Halvfärdigt utkast" not in client.get("/triage").get_data(as_text=True)
    assert post(client, "assess", draft, form_for("assess", draft, world)).status_code == 404


# The queue ----------------------------------------------------------------------------------


def test_queue_shows_submitted_questions_oldest_first_with_their_facts(client, world, login_as):
    first = queued(
        world,
        title="Första frågan",
        goals=[13, 7],
        minutes=20,
        work_area=world.neh.work_areas[0],
        desired_meeting=world.neh_later,
        description="Lång text. " * 40,
    )
    first.affected = [world.social, world.culture]
    second = queued(
        world, title="Andra frågan", network=world.nsh, submitter=world.other_representative
    )
    queued(world, title="Redan schemalagd", status=IssueStatus.SCHEDULED)
    db.session.commit()
    login_as("coordinator", lang="en")
    page = client.get("/triage").get_data(as_text=True)
    assert page.index("Första frågan") < page.index("Andra frågan")
    assert "Redan schemalagd" not in page
    one = card(page, first)
    for text in (
        first.reference,
        "Miljöförvaltningen",
        "Dialogue question",
        "Koldioxidmålet",
        "Kultur- och fritidsförvaltningen, Socialförvaltningen",
        "13 Climate action",
        "7 Affordable and clean energy",
        "20 min",
        world.neh_later.name,
        f'href="/issues/{first.id}"',
        "Show all of the description",
    ):
        assert text in one
    assert "Socialförvaltningen" in card(page, second)


def test_filters_narrow_the_queue(client, world, login_as):
    area = world.neh.work_areas[1]
    neh = queued(world, title="Skyfallsplan", work_area=area)
    nsh = queued(
        world, title="Trygghetsvandring", network=world.nsh, submitter=world.other_representative
    )
    parked = queued(world, title="Parkerad fråga", status=IssueStatus.PARKED)
    returned = queued(world, title="Returnerad fråga", status=IssueStatus.RETURNED)
    login_as("coordinator")

    def shown(**args):
        page = client.get("/triage", query_string=args).get_data(as_text=True)
        return {i.title for i in (neh, nsh, parked, returned) if f'id="issue-{i.id}"' in page}

    assert shown() == {"Skyfallsplan", "Trygghetsvandring"}
    assert shown(network=world.nsh.id) == {"Trygghetsvandring"}
    assert shown(area=area.id) == {"Skyfallsplan"}
    assert shown(administration=world.social.id) == {"Trygghetsvandring"}
    assert shown(q="skyfall") == {"Skyfallsplan"}
    assert shown(q=nsh.reference) == {"Trygghetsvandring"}
    assert shown(q="100%_") == set()
    assert shown(status="parked") == {"Parkerad fråga"}
    assert shown(status="returned") == {"Returnerad fråga"}


def test_filter_with_htmx_returns_only_the_queue(client, world, login_as):
    issue = queued(world, title="Skyfallsplan")
    login_as("coordinator")
    response = client.get("/triage", query_string={"q": "skyfall"}, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="queue"') and "<html" not in body
    assert f'id="issue-{issue.id}"' in body


@pytest.mark.parametrize(
    "args", [{"status": "closed"}, {"network": "abc"}, {"area": "999"}, {"q": "x" * 201}]
)
def test_a_filter_value_that_does_not_fit_is_marked(client, world, login_as, args):
    issue = queued(world)
    login_as("coordinator")
    response = client.get("/triage", query_string=args)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="field__error"' in page and f'id="issue-{issue.id}"' in page


def test_network_coordinator_may_not_filter_on_another_network(client, world, login_as):
    login_as("neh_coordinator")
    assert client.get("/triage", query_string={"network": world.nsh.id}).status_code == 422


def test_parked_questions_keep_the_decisions_the_life_cycle_allows(client, world, login_as):
    issue = queued(world, status=IssueStatus.PARKED)
    login_as("coordinator")
    one = card(client.get("/triage?status=parked").get_data(as_text=True), issue)
    for route in ("assess", "schedule", "refer", "decline"):
        assert f'action="/triage/{issue.id}/{route}"' in one
    for route in ("return", "park"):
        assert f'action="/triage/{issue.id}/{route}"' not in one


def test_returned_questions_are_read_only(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    post(client, "return", issue, form_for("return", issue, world, message="Lägg till budget."))
    one = card(client.get("/triage?status=returned").get_data(as_text=True), issue)
    assert "<form" not in one and "Lägg till budget." in one and "Not answered" in one
    response = post(client, "assess", issue, form_for("assess", issue, world))
    assert response.status_code == 409


# The checklist ------------------------------------------------------------------------------


def test_answering_the_checklist_records_and_recommends(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    response = post(client, "assess", issue, {"question": "affects_several", "answer": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/triage#issue-{issue.id}")
    assessment = db.session.scalar(select(Assessment))
    assert assessment.affects_several is True and assessment.recommendation == "incomplete"
    assert assessment.assessed_by_id == world.coordinator.id
    event_ = db.session.scalar(select(Event).where(Event.action == "assessed"))
    assert (event_.issue_id, event_.message, event_.to_value) == (
        issue.id,
        "affects_several",
        "yes",
    )

    post(client, "assess", issue, {"question": "needs_dialogue", "answer": "no"})
    response = post(client, "assess", issue, {"question": "short_info", "answer": "yes"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<article id="issue-{issue.id}"')
    assert "short information item" in body
    assert re.search(r'id="issue-\d+-short_info-yes"[^>]*value=""[^>]*aria-pressed="true"', body)
    assert re.search(r'id="issue-\d+-short_info-no"[^>]*aria-pressed="false"', body)
    assert '<option selected value="short_information">' in body
    assert re.search(r'name="minutes"[^>]*value="10"', body)
    assert db.session.scalar(select(Assessment)).recommendation == "short_information"


def test_pressing_an_answer_again_clears_it(client, world, login_as):
    issue = queued(world)
    login_as("coordinator")
    post(client, "assess", issue, {"question": "info_for_all", "answer": "yes"})
    post(client, "assess", issue, {"question": "info_for_all", "answer": ""})
    assert db.session.scalar(select(Assessment)).info_for_all is None
    assert db.session.scalar(select(Event).order_by(Event.id.desc())).to_value == "-"


@pytest.mark.parametrize(
    "data",
    [{"question": "colour", "answer": "yes"}, {"question": "short_info", "answer": "maybe"}, {}],
)
def test_a_checklist_answer_that_does_not_fit_is_refused(client, world, login_as, data):
    issue = queued(world)
    login_as("coordinator")
    response = post(client, "assess", issue, data, htmx=True)
    assert response.status_code == 422
    assert f'id="issue-{issue.id}"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Assessment)) is None


def test_assessing_a_withdrawn_question_is_a_conflict(client, world, login_as):
    issue = queued(world, status=IssueStatus.WITHDRAWN)
    login_as("coordinator", lang="en")
    response = post(client, "assess", issue, form_for("assess", issue, world), htmx=True)
    assert response.status_code == 409
    assert "no longer in the queue" in response.get_data(as_text=True)
    assert db.session.scalar(select(Assessment)) is None


# Scheduling ---------------------------------------------------------------------------------


def test_scheduling_puts_the_question_before_the_closing_item(client, world, login_as):
    issue = queued(world, title="Klimatanpassa skolgårdar")
    login_as("coordinator", lang="en")
    response = post(
        client,
        "schedule",
        issue,
        form_for("schedule", issue, world, kind="consultation", minutes="25"),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/triage")
    assert db.session.get(Issue, issue.id).status == IssueStatus.SCHEDULED
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == world.neh_meeting.id)
        .order_by(AgendaItem.position)
    ).all()
    assert [i.title for i in items][-2:] == ["Klimatanpassa skolgårdar", "Nästa möte"]
    assert (items[-2].kind, items[-2].allotted_minutes, items[-2].issue_id) == (
        ItemKind.CONSULTATION,
        25,
        issue.id,
    )
    actions = set(db.session.scalars(select(Event.action)))
    assert {"status", "item_added"} <= actions
    page = client.get("/triage").get_data(as_text=True)
    assert f"{issue.reference} scheduled into {world.neh_meeting.name}" in page
    block = budget_block(page, world.neh_meeting)
    assert "Allotted 55 of 120 min" in block and "65 min left" in block
    assert 'class="budget__fill w-45"' in block


def test_scheduling_with_htmx_replaces_the_card_and_updates_budgets(client, world, login_as):
    issue = queued(world)
    other = queued(world, title="Kvar i kön")
    login_as("coordinator", lang="en")
    response = post(client, "schedule", issue, form_for("schedule", issue, world), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'<p id="issue-{issue.id}"[^>]*role="status"[^>]*data-focus', body)
    assert f"{issue.reference} scheduled into {world.neh_meeting.name}" in body
    assert '<section id="budgets"' in body and 'data-hx-swap-oob="true"' in body
    assert "Allotted 45 of 120 min" in budget_block(body, world.neh_meeting)
    assert re.search(r'id="queue-counts"[^>]*data-hx-swap-oob="true"', body)
    assert 'Submitted: <span class="triage-counts__number">1</span>' in body
    assert f'id="issue-{other.id}"' not in body


def test_going_over_the_budget_is_allowed_and_said_in_words(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    post(client, "schedule", issue, form_for("schedule", issue, world, minutes="100"))
    block = budget_block(client.get("/triage").get_data(as_text=True), world.neh_meeting)
    assert "budget budget--over" in block and "Over by 10 min" in block
    assert "w-100" in block


def test_schedule_form_offers_the_networks_coming_meetings(client, world, login_as):
    make_meeting(world.neh, 10, "Snart")
    cancelled = make_meeting(world.neh, 20, "Inställt")
    cancelled.status = MeetingStatus.CANCELLED
    issue = queued(world, desired_meeting=world.neh_later)
    login_as("coordinator", lang="en")
    one = card(client.get("/triage").get_data(as_text=True), issue)
    select_ = re.search(r'<select[^>]*name="meeting".*?</select>', one, re.S).group(0)
    assert "Snart" in select_ and "submission deadline passed" in select_
    assert "Inställt" not in select_ and world.nsh_meeting.name not in select_
    assert f"{world.neh_meeting.name} · Klimatanpassning · 90 of 120 min left" in select_
    assert re.search(rf'<option selected value="{world.neh_later.id}">', select_)


def test_without_a_wish_the_first_meeting_with_time_left_is_chosen(client, world, login_as):
    world.neh_meeting.items[1].allotted_minutes = 85
    issue = queued(world, minutes=30)
    login_as("coordinator")
    one = card(client.get("/triage").get_data(as_text=True), issue)
    assert re.search(rf'<option selected value="{world.neh_later.id}">', one)


@pytest.mark.parametrize(
    "changes",
    [
        {"minutes": "abc"},
        {"minutes": "0"},
        {"minutes": "481"},
        {"minutes": ""},
        {"kind": "standing"},
        {"meeting": "9999"},
        {"meeting": "x"},
        {"meeting": "nsh"},
        {"version": ""},
    ],
)
def test_bad_schedule_input_is_refused_and_nothing_changes(client, world, login_as, changes):
    if changes.get("meeting") == "nsh":
        changes = {"meeting": world.nsh_meeting.id}
    issue = queued(world)
    login_as("coordinator", lang="en")
    for htmx in (False, True):
        response = post(
            client, "schedule", issue, form_for("schedule", issue, world, **changes), htmx=htmx
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 422
        marked = "The form is incomplete" if "version" in changes else 'class="field__error"'
        assert marked in body and f'id="issue-{issue.id}"' in card(body, issue)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id.is_not(None))) is None


def test_meeting_of_the_other_network_says_so(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    response = post(
        client,
        "schedule",
        issue,
        form_for("schedule", issue, world, meeting=world.nsh_meeting.id),
        htmx=True,
    )
    assert "own network" in response.get_data(as_text=True)


# Return, park, refer, decline ----------------------------------------------------------------


@pytest.mark.parametrize(
    "route, status, message",
    [
        ("return", IssueStatus.RETURNED, "Beskriv budgeten."),
        ("park", IssueStatus.PARKED, "Till hösten."),
        ("park", IssueStatus.PARKED, ""),
        ("refer", IssueStatus.REFERRED, "newsletter"),
        ("decline", IssueStatus.DECLINED, "Ligger utanför uppdraget."),
    ],
)
def test_other_decisions_move_the_question_and_keep_the_message(
    client, world, login_as, route, status, message
):
    issue = queued(world)
    login_as("coordinator", lang="en")
    response = post(client, route, issue, form_for(route, issue, world, message=message), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and issue.reference in body
    assert 'role="status"' in body and '<section id="budgets"' in body
    assert db.session.get(Issue, issue.id).status == status
    event_ = db.session.scalar(select(Event).where(Event.action == "status"))
    assert (event_.from_value, event_.to_value, event_.message) == ("submitted", status, message)


@pytest.mark.parametrize("route", ["return", "refer", "decline"])
@pytest.mark.parametrize("message", ["", "   ", "x" * 2001])
def test_a_decision_without_its_message_is_refused(client, world, login_as, route, message):
    issue = queued(world)
    login_as("coordinator")
    response = post(client, route, issue, form_for(route, issue, world, message=message))
    assert response.status_code == 422
    assert 'class="field__error"' in card(response.get_data(as_text=True), issue)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(Event).where(Event.action == "status")) is None


def test_park_note_may_not_be_too_long(client, world, login_as):
    issue = queued(world)
    login_as("coordinator")
    response = post(client, "park", issue, form_for("park", issue, world, message="x" * 2001))
    assert response.status_code == 422
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


# Someone else was first ---------------------------------------------------------------------


@pytest.mark.parametrize("route", ["schedule", "return", "park", "refer", "decline"])
def test_stale_version_is_a_conflict_and_changes_nothing(client, world, login_as, route):
    issue = queued(world)
    stale = form_for(route, issue, world, version=issue.version - 1)
    login_as("coordinator", lang="en")
    response = post(client, route, issue, stale, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Another coordinator decided" in body and f'<article id="issue-{issue.id}"' in body
    assert "data-focus-now" in body and '<section id="budgets"' in body
    response = post(client, route, issue, stale)
    assert response.status_code == 409
    assert "Another coordinator decided" in response.get_data(as_text=True)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id.is_not(None))) is None
    assert db.session.scalar(select(Event).where(Event.action == "status")) is None


@pytest.mark.parametrize("route", ["schedule", "return", "park", "refer", "decline"])
def test_decision_on_a_withdrawn_question_is_a_conflict(client, world, login_as, route):
    issue = queued(world)
    form = form_for(route, issue, world)
    issue.status = IssueStatus.WITHDRAWN
    db.session.commit()
    form["version"] = issue.version
    login_as("coordinator", lang="en")
    response = post(client, route, issue, form, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Withdrawn" in body
    assert f'action="/triage/{issue.id}/' not in body
    response = post(client, route, issue, form)
    assert response.status_code == 409 and f'id="issue-{issue.id}"' in response.get_data(
        as_text=True
    )
    assert db.session.get(Issue, issue.id).status == IssueStatus.WITHDRAWN


def test_the_filter_survives_a_decision_without_javascript(client, world, login_as):
    issue = queued(world, status=IssueStatus.PARKED)
    login_as("coordinator")
    data = form_for("assess", issue, world, back="status=parked&evil=https://x")
    response = post(client, "assess", issue, data)
    assert response.headers["Location"].endswith(f"/triage?status=parked#issue-{issue.id}")


# Statements per page ------------------------------------------------------------------------


@contextmanager
def counted_statements():
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_queue_costs_the_same_statements_for_3_and_30_questions(client, world, login_as):
    login_as("coordinator")
    submitters = [world.representative, world.other_representative]
    for number in range(30):
        network = world.neh if number % 2 else world.nsh
        issue = make_issue(
            network,
            submitters[number % 2],
            title=f"Fråga {number}",
            status=IssueStatus.SUBMITTED if number < 3 else IssueStatus.PARKED,
            goals=[number % 17 + 1],
            work_area=network.work_areas[number % 2],
            desired_meeting=world.neh_later if network is world.neh else world.nsh_meeting,
        )
        issue.affected = [world.culture, world.social][: number % 3]
        if number % 3:
            db.session.add(Assessment(issue=issue, affects_several=True))
    db.session.commit()

    def statements_for_page() -> int:
        # Nothing cached: the test's session and the signed-in user outlive a request here.
        db.session.expunge_all()
        g.pop("_login_user", None)
        with counted_statements() as statements:
            response = client.get("/triage")
        assert response.status_code == 200
        return len(statements), response.get_data(as_text=True).count('<article id="issue-')

    few, cards = statements_for_page()
    assert cards == 3
    db.session.execute(update(Issue).values(status=IssueStatus.SUBMITTED))
    db.session.commit()
    many, cards = statements_for_page()
    assert cards == PAGE_SIZE  # a full page of the thirty
    assert many == few


def test_answering_the_checklist_leaves_the_decision_forms_current(client, world, login_as):
    issue = queued(world)
    version = issue.version
    login_as("coordinator")
    post(client, "assess", issue, {"question": "affects_several", "answer": "yes"}, htmx=True)
    response = post(client, "park", issue, {"version": version, "message": ""})
    assert response.status_code == 302
    assert db.session.get(Issue, issue.id).status == IssueStatus.PARKED


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_the_cards_forms_carry_their_security_token(client, world, login_as):
    issue = queued(world)
    login_as("coordinator")
    page = client.get("/triage").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', card(page, issue)).group(1)
    data = {"question": "affects_several", "answer": "yes"}
    assert post(client, "assess", issue, data).status_code == 400
    assert post(client, "assess", issue, {**data, "csrf_token": token}).status_code == 302
    decision = form_for("park", issue, world, csrf_token=token)
    assert post(client, "park", issue, decision, htmx=True).status_code == 200
    assert db.session.get(Issue, issue.id).status == IssueStatus.PARKED
