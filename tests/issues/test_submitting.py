"""A new question: the form offers the represented networks' meetings, areas and goals; a
draft has no reference, submitting gives one, numbered per network."""

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus, MeetingStatus, Role
from tests.factories import make_user
from tests.helpers import YEAR, actions, count, page, select_of, valid


def test_new_form_offers_meetings_areas_goals_and_the_checklist(client, login_as, world):
    world.nsh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("representative", lang="en")
    html = page(client.get("/issues/new"))
    # The first network's work areas and meetings; another network's follow when it is chosen.
    assert "optgroup" not in html
    assert "Klimatanpassning" in html and "Folkhälsofrågor" not in html
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
