"""The triage queue: submitted questions oldest first with their facts, the decisions each
status allows, and statements that do not grow with the questions."""

from flask import g
from sqlalchemy import update

from hallbarhet.extensions import db
from hallbarhet.models import Assessment, Issue, IssueStatus
from hallbarhet.triage.queries import PAGE_SIZE
from tests.factories import make_issue
from tests.helpers import card, count_statements, form_for, post, queued


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
    # Each is a row with what triage starts from, and opens to its whole card.
    row = card(page, first)
    for text in (first.reference, "Miljöförvaltningen", "Dialogue question", "0 of 4 answered"):
        assert text in row
    assert f'href="/triage?open={first.id}#issue-{first.id}"' in row
    page = client.get(f"/triage?open={first.id}").get_data(as_text=True)
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


def test_parked_questions_keep_the_decisions_the_life_cycle_allows(client, world, login_as):
    issue = queued(world, status=IssueStatus.PARKED)
    login_as("coordinator")
    one = card(client.get(f"/triage?status=parked&open={issue.id}").get_data(as_text=True), issue)
    for route in ("assess", "schedule", "refer", "decline"):
        assert f'action="/triage/{issue.id}/{route}"' in one
    for route in ("return", "park"):
        assert f'action="/triage/{issue.id}/{route}"' not in one


def test_returned_questions_are_read_only(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    post(client, "return", issue, form_for("return", issue, world, message="Lägg till budget."))
    one = card(client.get(f"/triage?status=returned&open={issue.id}").get_data(as_text=True), issue)
    assert "<form" not in one and "Lägg till budget." in one and "Not answered" in one
    response = post(client, "assess", issue, form_for("assess", issue, world))
    assert response.status_code == 409


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
        with count_statements() as statements:
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
