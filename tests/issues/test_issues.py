"""The representative's questions: the list, the form, one question, editing and withdrawing."""

import re

import pytest
from sqlalchemy import event, func, select

from hallbarhet.extensions import db
from hallbarhet.models import (
    AgendaItem,
    Event,
    Issue,
    IssueStatus,
    ItemKind,
    MeetingStatus,
    Role,
)
from hallbarhet.models.base import utcnow
from hallbarhet.triage import operations as triage
from tests.factories import make_issue, make_user

YEAR = utcnow().year
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


@pytest.fixture
def submitted(world):
    issue = make_issue(world.neh, world.representative, title="Klimatanpassningsplanen")
    db.session.commit()
    return issue


@pytest.fixture
def draft(world):
    issue = make_issue(
        world.neh, world.representative, title="Ett utkast", status=IssueStatus.DRAFT
    )
    db.session.commit()
    return issue


def login(login_as, role):
    if role is not None:
        login_as(role, lang="en")


def schedule(world, issue):
    triage.schedule(
        world.coordinator,
        issue,
        world.neh_meeting,
        issue.version,
        kind=ItemKind.DIALOGUE,
        minutes=20,
    )


# Who reaches which page -----------------------------------------------------------------------


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


# Creating and submitting ----------------------------------------------------------------------


def test_new_form_offers_meetings_areas_goals_and_the_checklist(client, login_as, world):
    world.nsh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("representative", lang="en")
    html = page(client.get("/issues/new"))
    assert f'<optgroup label="{world.neh.name}">' in html
    assert "Klimatanpassning" in html and "Folkhälsofrågor" in html
    assert world.neh_meeting.name in html and world.neh_later.name in html
    assert world.nsh_meeting.name not in html
    assert "submit by" in html and "No preference" in html
    assert "13 Climate action" in html and "17 Partnerships for the goals" in html
    assert "The coordinators will ask:" in html
    assert "Does the question affect several administrations?" in html
    assert 'name="action" value="draft"' in html and 'name="action" value="submit"' in html
    assert 'value="15"' in html


def test_saving_a_draft_gives_no_reference(client, login_as, world):
    login_as("representative", lang="en")
    response = client.post("/issues/new", data=valid(world))
    issue = db.session.scalar(select(Issue))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/issues/{issue.id}"
    assert issue.status == IssueStatus.DRAFT and issue.reference is None
    assert issue.administration_id == world.env.id
    assert actions(issue.id) == [("created", None, None)]
    assert "The draft is saved." in page(client.get(f"/issues/{issue.id}"))


def test_submitting_gives_a_reference_and_records_it(client, login_as, world):
    login_as("representative", lang="en")
    response = client.post("/issues/new", data=valid(world, action="submit"))
    assert response.status_code == 302
    issue = db.session.scalar(select(Issue))
    assert issue.status == IssueStatus.SUBMITTED
    assert issue.reference == f"NEH-{YEAR}-001"
    assert issue.submitted_at is not None
    assert sorted(a.short_name for a in issue.affected) == ["KFF", "SOC"]
    assert issue.goals == [11, 13]
    assert issue.estimated_minutes == 30
    assert issue.work_area_id == world.neh.work_areas[1].id
    assert issue.desired_meeting_id == world.neh_meeting.id
    assert issue.links == "https://example.org/utkast.pdf\nK:/Miljö/skyfall.docx"
    assert actions(issue.id) == [("created", None, None), ("status", "draft", "submitted")]
    html = page(client.get(f"/issues/{issue.id}"))
    assert f"NEH-{YEAR}-001" in html and "is submitted as" in html
    assert "Draft → Submitted" in html
    assert '<ol class="timeline">' in html
    assert '<a href="https://example.org/utkast.pdf">' in html
    assert "11 Sustainable cities and communities" in html


def test_references_run_per_network(client, login_as, world):
    login_as("representative")
    client.post("/issues/new", data=valid(world, action="submit"))
    client.post("/issues/new", data=valid(world, action="submit", title="Andra"))
    client.post(
        "/issues/new",
        data=valid(world, network=world.nsh.id, action="submit", work_area="", desired_meeting=""),
    )
    assert sorted(db.session.scalars(select(Issue.reference))) == [
        f"NEH-{YEAR}-001",
        f"NEH-{YEAR}-002",
        f"NSH-{YEAR}-001",
    ]


def test_only_represented_networks_are_offered(client, login_as, world):
    make_user(
        "nsh-rep@test.se",
        "Sara Social",
        administration=world.social,
        roles={world.nsh: Role.REPRESENTATIVE, world.neh: Role.PARTICIPANT},
    )
    db.session.commit()
    client.post("/login", data={"email": "nsh-rep@test.se", "password": "test-password"})
    networks = select_of(page(client.get("/issues/new")), "network")
    assert f'<option value="{world.nsh.id}"' in networks
    assert f'<option value="{world.neh.id}"' not in networks
    assert client.post("/issues/new", data=valid(world)).status_code == 422
    assert count(Issue) == 0


# Bad input ------------------------------------------------------------------------------------

BAD_INPUT = [
    ("title", ""),
    ("title", "   "),
    ("title", "x" * 201),
    ("description", "x" * 5001),
    ("presenter", "x" * 201),
    ("estimated_minutes", "0"),
    ("estimated_minutes", "121"),
    ("estimated_minutes", "ett kvarts"),
    ("estimated_minutes", ""),
    ("kind", "gossip"),
    ("asked_for", ""),
    ("network", "999"),
    ("network", "neh"),
    ("work_area", "nsh-area"),
    ("work_area", "999"),
    ("desired_meeting", "nsh-meeting"),
    ("desired_meeting", "999"),
    ("desired_meeting", "cancelled"),
    ("affected", ["999"]),
    ("affected", ["many"]),
    ("goals", ["0"]),
    ("goals", ["18"]),
    ("latest_date", "next friday"),
]


def _bad_value(world, value):
    return (
        {
            "nsh-area": world.nsh.work_areas[0].id,
            "nsh-meeting": world.nsh_meeting.id,
            "cancelled": world.neh_later.id,
        }.get(value, value)
        if isinstance(value, str)
        else value
    )


@pytest.mark.parametrize("name, value", BAD_INPUT)
def test_bad_input_on_a_new_question_saves_nothing(client, login_as, world, name, value):
    world.neh_later.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("representative", lang="en")
    response = client.post(
        "/issues/new", data=valid(world, action="submit", **{name: _bad_value(world, value)})
    )
    assert response.status_code == 422
    html = page(response)
    assert 'class="field__error"' in html and "The question was not saved." in html
    assert count(Issue) == 0 and issue_events() == 0


@pytest.mark.parametrize("name, value", BAD_INPUT[:8] + BAD_INPUT[13:17] + BAD_INPUT[20:])
def test_bad_input_on_an_edit_changes_nothing(client, login_as, world, submitted, name, value):
    login_as("representative", lang="en")
    before = (submitted.title, submitted.version, submitted.estimated_minutes)
    response = client.post(
        f"/issues/{submitted.id}/edit",
        data=edit_data(world, submitted, **{name: _bad_value(world, value)}),
    )
    assert response.status_code == 422
    assert 'class="field__error"' in page(response)
    db.session.refresh(submitted)
    assert (submitted.title, submitted.version, submitted.estimated_minutes) == before
    assert actions(submitted.id) == []


def test_an_edit_without_its_version_is_refused(client, login_as, world, submitted):
    login_as("representative", lang="en")
    data = edit_data(world, submitted, title="Utan version")
    del data["version"]
    response = client.post(f"/issues/{submitted.id}/edit", data=data)
    assert response.status_code == 422 and "The page was out of date." in page(response)
    db.session.refresh(submitted)
    assert submitted.title == "Klimatanpassningsplanen"


def test_errors_stand_beside_their_fields(client, login_as, world):
    login_as("representative", lang="en")
    html = page(client.post("/issues/new", data=valid(world, title="", estimated_minutes="500")))
    assert 'id="title-error"' in html and "Give the question a title." in html
    assert 'aria-describedby="title-help title-error"' in html
    assert 'id="estimated_minutes-error"' in html and "between 1 and 120" in html
    assert 'value="Utkastet' not in html and "Utkastet behöver synpunkter." in html


# Editing --------------------------------------------------------------------------------------


def test_edit_form_is_filled_in(client, login_as, world, submitted):
    submitted.goals = [13]
    submitted.affected = [world.social]
    db.session.commit()
    login_as("representative")
    html = page(client.get(f"/issues/{submitted.id}/edit"))
    assert 'value="Klimatanpassningsplanen"' in html
    assert f'name="version" type="hidden" value="{submitted.version}"' in html
    assert 'value="13" checked' in html or 'checked id="goals-12"' in html
    assert f'<option value="{world.nsh.id}"' not in select_of(html, "network")


def test_edit_while_submitted_keeps_it_submitted(client, login_as, world, submitted):
    login_as("representative")
    response = client.post(
        f"/issues/{submitted.id}/edit",
        data=edit_data(world, submitted, title="Ny titel", action="save"),
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.title == "Ny titel" and submitted.status == IssueStatus.SUBMITTED
    # One Event per changed field, each from and to; no status change.
    edits = actions(submitted.id)
    assert {action for action, _before, _after in edits} == {"edited"}
    assert ("edited", "Klimatanpassningsplanen", "Ny titel") in edits


def test_a_draft_can_be_saved_then_submitted(client, login_as, world, draft):
    login_as("representative")
    client.post(f"/issues/{draft.id}/edit", data=edit_data(world, draft, action="draft"))
    db.session.refresh(draft)
    assert draft.status == IssueStatus.DRAFT and draft.reference is None
    client.post(f"/issues/{draft.id}/edit", data=edit_data(world, draft, action="submit"))
    db.session.refresh(draft)
    assert draft.status == IssueStatus.SUBMITTED and draft.reference == f"NEH-{YEAR}-001"


def test_a_scheduled_question_can_no_longer_be_edited(client, login_as, world, submitted):
    schedule(world, submitted)
    login_as("representative", lang="en")
    response = client.get(f"/issues/{submitted.id}/edit")
    assert response.status_code == 409
    assert "can no longer be edited" in page(response)
    response = client.post(
        f"/issues/{submitted.id}/edit", data=edit_data(world, submitted, title="För sent")
    )
    assert response.status_code == 409
    db.session.refresh(submitted)
    assert submitted.title == "Klimatanpassningsplanen"
    assert "Edit</a>" not in page(client.get(f"/issues/{submitted.id}"))


def test_a_stale_edit_is_refused_and_shows_the_current_state(client, login_as, world, submitted):
    login_as("representative", lang="en")
    stale = submitted.version
    submitted.title = "Ändrad av en kollega"
    db.session.commit()
    response = client.post(
        f"/issues/{submitted.id}/edit",
        data=edit_data(world, submitted, title="Min ändring", version=stale),
    )
    assert response.status_code == 409
    html = page(response)
    assert "Someone else changed the question" in html
    assert 'value="Ändrad av en kollega"' in html
    assert f'name="version" type="hidden" value="{submitted.version}"' in html
    assert "Min ändring" in html
    db.session.refresh(submitted)
    assert submitted.title == "Ändrad av en kollega"
    assert actions(submitted.id) == []


def test_returned_question_shows_the_message_and_can_be_resubmitted(
    client, login_as, world, submitted
):
    triage.return_issue(
        world.coordinator, submitted, submitted.version, "Beskriv vilka förvaltningar som berörs."
    )
    login_as("representative", lang="en")
    html = page(client.get(f"/issues/{submitted.id}"))
    assert "Returned to you by Cora Samordnare" in html
    assert "Beskriv vilka förvaltningar som berörs." in html
    assert "Submitted → Returned" in html
    assert 'value="submit">Submit again' in page(client.get(f"/issues/{submitted.id}/edit"))
    reference = submitted.reference
    response = client.post(
        f"/issues/{submitted.id}/edit", data=edit_data(world, submitted, action="submit")
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.SUBMITTED and submitted.reference == reference
    history = actions(submitted.id)
    assert history[-1] == ("status", "returned", "submitted")
    assert history[-2][0] == "edited"


# Withdrawing and deleting ---------------------------------------------------------------------


def test_withdraw_records_the_message(client, login_as, submitted):
    login_as("representative", lang="en")
    response = client.post(
        f"/issues/{submitted.id}/withdraw",
        data={"version": submitted.version, "message": "Löst bilateralt."},
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.WITHDRAWN
    last = db.session.scalars(select(Event).where(Event.issue_id == submitted.id)).all()[-1]
    assert (last.to_value, last.message) == ("withdrawn", "Löst bilateralt.")
    html = page(client.get(f"/issues/{submitted.id}"))
    assert "The question is withdrawn." in html and "Submitted → Withdrawn" in html
    assert "Withdraw the question" not in html


def test_withdrawing_a_scheduled_question_takes_it_off_the_agenda(
    client, login_as, world, submitted
):
    schedule(world, submitted)
    login_as("representative")
    client.post(f"/issues/{submitted.id}/withdraw", data={"version": submitted.version})
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.WITHDRAWN
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == submitted.id)) is None


def test_withdraw_with_htmx_returns_the_status_region(client, login_as, submitted):
    login_as("representative", lang="en")
    response = client.post(
        f"/issues/{submitted.id}/withdraw",
        data={"version": submitted.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = page(response)
    assert "<html" not in html and 'id="issue-status"' in html
    assert 'data-hx-swap-oob="innerHTML:#flash-region"' in html and "withdrawn" in html
    assert 'id="issue-history" class="panel"' in html and "Submitted → Withdrawn" in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("htmx", [False, True])
def test_bad_withdrawals_change_nothing(client, login_as, world, submitted, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    login_as("representative", lang="en")
    url = f"/issues/{submitted.id}/withdraw"
    response = client.post(
        url, data={"version": submitted.version, "message": "x" * 2001}, headers=headers
    )
    assert response.status_code == 422 and "At most 2000 characters." in page(response)
    assert ("<html" in page(response)) != htmx
    response = client.post(url, data={"version": ""}, headers=headers)
    assert response.status_code == 422 and "The page was out of date." in page(response)
    response = client.post(url, data={"version": submitted.version - 1}, headers=headers)
    assert response.status_code == 409 and "Someone else changed" in page(response)
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.SUBMITTED and actions(submitted.id) == []


def test_a_discussed_question_cannot_be_withdrawn(client, login_as, world):
    issue = make_issue(world.neh, world.representative, status=IssueStatus.DISCUSSED)
    db.session.commit()
    login_as("representative")
    assert (
        client.post(f"/issues/{issue.id}/withdraw", data={"version": issue.version}).status_code
        == 409
    )
    db.session.refresh(issue)
    assert issue.status == IssueStatus.DISCUSSED


def test_delete_draft_removes_it_and_its_history(client, login_as, world):
    login_as("representative", lang="en")
    client.post("/issues/new", data=valid(world))
    issue_id = db.session.scalar(select(Issue.id))
    assert "Delete draft" in page(client.get(f"/issues/{issue_id}"))
    response = client.post(f"/issues/{issue_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/issues"
    assert count(Issue) == 0 and issue_events() == 0


def test_submitted_questions_and_others_drafts_are_not_deleted(client, login_as, world, submitted):
    colleague = make_user(
        "colleague@test.se",
        "Kim Kollega",
        administration=world.env,
        roles={world.neh: Role.REPRESENTATIVE},
    )
    db.session.flush()
    colleagues_draft = make_issue(world.neh, colleague, status=IssueStatus.DRAFT)
    db.session.commit()
    login_as("representative", lang="en")
    assert "Delete draft" not in page(client.get(f"/issues/{submitted.id}"))
    assert "Delete draft" not in page(client.get(f"/issues/{colleagues_draft.id}"))
    assert client.post(f"/issues/{submitted.id}/delete").status_code == 403
    assert client.post(f"/issues/{colleagues_draft.id}/delete").status_code == 403
    assert count(Issue) == 2


# Who sees what --------------------------------------------------------------------------------


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


# The list -------------------------------------------------------------------------------------


@pytest.fixture
def several(world):
    make_issue(world.neh, world.representative, title="NEH inskickad")
    make_issue(world.nsh, world.representative, title="NSH utkast", status=IssueStatus.DRAFT)
    scheduled = make_issue(world.neh, world.representative, title="NEH schemalagd")
    make_issue(world.neh, world.other_representative, title="Annan förvaltning")
    db.session.commit()
    schedule(world, scheduled)
    return scheduled


def test_list_shows_the_own_administrations_questions(client, login_as, world, several):
    login_as("representative", lang="en")
    html = page(client.get("/issues"))
    assert "NEH inskickad" in html and "NSH utkast" in html and "NEH schemalagd" in html
    assert "Annan förvaltning" not in html
    assert html.index("NEH schemalagd") < html.index("NEH inskickad")
    assert f"{world.neh_meeting.name} · Klimatanpassning" in html
    assert '<span class="badge badge--draft">Draft</span>' in html
    assert '<th scope="col">Reference</th>' in html
    assert "3 questions shown." in html


def test_list_filters_by_status_and_network(client, login_as, world, several):
    login_as("representative")
    html = page(client.get("/issues?status=scheduled"))
    assert "NEH schemalagd" in html and "NEH inskickad" not in html
    html = page(client.get(f"/issues?network={world.nsh.id}"))
    assert "NSH utkast" in html and "NEH inskickad" not in html
    html = page(client.get(f"/issues?network={world.nsh.id}&status=submitted"))
    assert "NSH utkast" not in html


def test_list_filter_with_htmx_returns_the_results_only(client, login_as, world, several):
    login_as("representative", lang="en")
    response = client.get("/issues?status=draft", headers={"HX-Request": "true"})
    html = page(response)
    assert response.status_code == 200 and "<html" not in html
    assert "NSH utkast" in html and "NEH inskickad" not in html
    assert 'data-hx-swap-oob="innerHTML:#result-summary"' in html and "1 question shown." in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("query", ["status=lost", "network=999", "network=neh"])
def test_list_refuses_a_forged_filter(client, login_as, world, query):
    login_as("representative")
    assert client.get(f"/issues?{query}").status_code == 422


def test_list_counts_each_status(client, login_as, world, several):
    login_as("representative", lang="en")
    html = page(client.get("/issues"))
    assert '<a href="/issues?status=scheduled">' in html
    assert 'Scheduled</span> <span class="status-counts__number">1</span>' in html


def test_list_statements_do_not_grow_with_the_questions(client, login_as, world, several):
    login_as("representative")

    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/issues").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    few = statements()
    for number in range(5):
        make_issue(
            world.nsh,
            world.representative,
            title=f"Fler {number}",
            desired_meeting=world.nsh_meeting,
        )
    db.session.commit()
    assert statements() == few
