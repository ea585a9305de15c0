"""Who may use the triage screen and decide: the coordinators of the question's network and
the administrators; drafts are for nobody there."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Assessment, Issue, IssueStatus
from tests.helpers import form_for, post, queued

ROUTES = ("assess", "schedule", "return", "park", "refer", "decline")


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
