"""Who reaches which page of the representative's questions, and what of a question each
role sees."""

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus
from hallbarhet.triage import operations as triage
from tests.helpers import count, edit_data, page, schedule, valid

ROLES = [
    "representative",
    "other_representative",
    "participant",
    "coordinator",
    "admin",
    "outsider",
    None,
]


def by_role(*expected: int) -> list[tuple]:
    return list(zip(ROLES, expected, strict=True))


def login(login_as, role):
    if role is not None:
        login_as(role, lang="en")


# Who reaches which page -------------------------------------------------------------------------


@pytest.mark.parametrize("role, expected", by_role(200, 200, 200, 403, 403, 200, 302))
def test_list_by_role(client, login_as, world, role, expected):
    login(login_as, role)
    assert client.get("/issues").status_code == expected


@pytest.mark.parametrize("role, expected", by_role(200, 200, 403, 403, 403, 403, 302))
def test_new_form_by_role(client, login_as, world, role, expected):
    login(login_as, role)
    assert client.get("/issues/new").status_code == expected
    response = client.post(
        "/issues/new", data=valid(world, network=world.nsh.id, work_area="", desired_meeting="")
    )
    assert response.status_code == (302 if expected == 200 else expected)
    assert count(Issue) == (1 if expected == 200 else 0)


@pytest.mark.parametrize("role, expected", by_role(200, 404, 404, 200, 200, 404, 302))
def test_submitted_question_by_role(client, login_as, submitted, role, expected):
    login(login_as, role)
    assert client.get(f"/issues/{submitted.id}").status_code == expected


@pytest.mark.parametrize("role, expected", by_role(200, 404, 404, 403, 403, 404, 302))
def test_edit_by_role(client, login_as, world, submitted, role, expected):
    login(login_as, role)
    assert client.get(f"/issues/{submitted.id}/edit").status_code == expected
    response = client.post(
        f"/issues/{submitted.id}/edit", data=edit_data(world, submitted, title="Ändrad")
    )
    assert response.status_code == (302 if expected == 200 else expected)
    db.session.refresh(submitted)
    assert (submitted.title == "Ändrad") == (expected == 200)


@pytest.mark.parametrize("role, expected", by_role(302, 404, 404, 403, 403, 404, 302))
def test_withdraw_by_role(client, login_as, submitted, role, expected):
    login(login_as, role)
    response = client.post(f"/issues/{submitted.id}/withdraw", data={"version": submitted.version})
    assert response.status_code == expected
    db.session.refresh(submitted)
    withdrawn = role == "representative"
    assert (submitted.status == IssueStatus.WITHDRAWN) == withdrawn


@pytest.mark.parametrize("role, expected", by_role(302, 404, 404, 404, 404, 404, 302))
def test_delete_draft_by_role(client, login_as, draft, role, expected):
    login(login_as, role)
    assert client.post(f"/issues/{draft.id}/delete").status_code == expected
    assert count(Issue) == (0 if role == "representative" else 1)


def test_unknown_question_is_404(client, login_as, world):
    login_as("representative")
    assert client.get("/issues/999").status_code == 404
    assert client.get("/issues/999/edit").status_code == 404
    assert client.post("/issues/999/withdraw", data={"version": 1}).status_code == 404
    assert client.post("/issues/999/delete").status_code == 404


# Who sees what ----------------------------------------------------------------------------------


def test_another_administrations_draft_is_hidden(client, login_as, draft):
    login_as("other_representative")
    assert client.get(f"/issues/{draft.id}").status_code == 404
    assert "Ett utkast" not in page(client.get("/issues"))


def test_a_scheduled_question_is_visible_to_the_network_but_not_its_assessment(
    client, login_as, world, submitted
):
    triage.assess(world.coordinator, submitted, "affects_several", True)
    schedule(world, submitted)
    login_as("participant", lang="en")
    html = page(client.get(f"/issues/{submitted.id}"))
    assert "Klimatanpassningsplanen" in html and "Submitted → Scheduled" in html
    assert f'href="/meetings/{world.neh_meeting.id}"' in html
    assert "assessment" not in html and "several administrations" not in html
    assert "Edit</a>" not in html and "Withdraw the question" not in html


@pytest.mark.parametrize("role", ["representative", "neh_coordinator"])
def test_the_own_administration_and_coordinators_see_the_assessment(
    client, login_as, world, submitted, role
):
    triage.assess(world.coordinator, submitted, "affects_several", True)
    triage.assess(world.coordinator, submitted, "needs_dialogue", True)
    login_as(role, lang="en")
    html = page(client.get(f"/issues/{submitted.id}"))
    assert "The coordinators' assessment" in html
    assert "Put it on the agenda as a dialogue item" in html
    assert "answered “Does the question affect several administrations?” Yes" in html
