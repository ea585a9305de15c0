"""The question form follows its network, requires what triage needs, lists its errors as
links, and offers only meetings that can still take the question, deadline with its time."""

from datetime import timedelta

from hallbarhet.dates import format_deadline, is_passed
from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus
from tests.factories import make_meeting
from tests.helpers import count, page, select_of, valid

HTMX = {"HX-Request": "true"}


def test_what_triage_needs_is_required_to_submit_and_each_error_links_to_its_field(
    client, login_as, world
):
    login_as("representative", lang="en")
    data = valid(world, action="submit", kind="", asked_for="", description="")
    response = client.post("/issues/new", data=data)
    html = page(response)
    assert response.status_code == 422 and count(Issue) == 0
    summary = html.split('class="flash flash--error error-summary"', 1)[1].split("</div>", 1)[0]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert '<a href="#kind">Kind of question: Choose the kind of question.</a>' in summary
    assert '<a href="#asked_for">What the network is asked for:' in summary
    assert '<a href="#description">Description: Describe the question' in summary
    for field_id in ("kind", "asked_for", "description"):
        assert f'id="{field_id}"' in html


def test_a_draft_may_wait_for_its_description_but_not_for_kind_and_asked_for(
    client, login_as, world
):
    login_as("representative", lang="en")
    response = client.post("/issues/new", data=valid(world, description=""))
    assert response.status_code == 302
    assert db.session.get(Issue, 1).status == IssueStatus.DRAFT
    response = client.post("/issues/new", data=valid(world, title="Utan sort", kind=""))
    assert response.status_code == 422 and count(Issue) == 1
    assert '<a href="#kind">' in page(response)


def test_the_form_offers_the_chosen_networks_areas_and_meetings_only(client, login_as, world):
    login_as("representative", lang="en")
    html = page(client.get("/issues/new"))
    assert world.neh_meeting.name in select_of(html, "desired_meeting")
    assert world.nsh_meeting.name not in select_of(html, "desired_meeting")
    assert "Folkhälsofrågor" not in select_of(html, "work_area")
    assert 'data-hx-get="/issues/new"' in select_of(html, "network")
    assert 'name="update_choices"' in html and "formnovalidate" in html


def test_htmx_swaps_in_the_other_networks_choices(client, login_as, world):
    login_as("representative", lang="en")
    response = client.get(
        "/issues/new",
        query_string={"network": world.nsh.id, "title": "Barnkonsekvenser", "work_area": ""},
        headers=HTMX,
    )
    html = page(response)
    assert response.status_code == 200 and "<html" not in html
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<div id="network-work-area">')
    assert '<div id="network-meetings" hx-swap-oob="true">' in html
    assert "Folkhälsofrågor" in select_of(html, "work_area")
    assert "Klimatanpassning" not in select_of(html, "work_area")
    assert world.nsh_meeting.name in html and world.neh_meeting.name not in html
    assert count(Issue) == 0


def test_without_javascript_update_the_choices_reloads_with_what_was_typed_and_saves_nothing(
    client, login_as, world
):
    login_as("representative", lang="en")
    data = valid(world, network=world.nsh.id, title="Barnkonsekvenser", action=None)
    data["update_choices"] = "1"
    data["description"] = ""
    response = client.post("/issues/new", data=data)
    html = page(response)
    assert response.status_code == 200 and count(Issue) == 0
    assert 'value="Barnkonsekvenser"' in html
    assert "error-summary" not in html and "was not saved" not in html
    assert "Folkhälsofrågor" in select_of(html, "work_area")
    assert world.nsh_meeting.name in select_of(html, "desired_meeting")
    assert world.neh_meeting.name not in select_of(html, "desired_meeting")


def test_a_meeting_past_its_deadline_is_not_offered_and_is_refused(client, login_as, world):
    closed = make_meeting(world.neh, 5, "Giftfri miljö")  # lead time 14 days: passed
    db.session.commit()
    login_as("representative", lang="en")
    html = page(client.get("/issues/new"))
    assert closed.name not in select_of(html, "desired_meeting")
    assert "(deadline passed)" in html  # in the coming meetings beside the form
    response = client.post("/issues/new", data=valid(world, desired_meeting=closed.id))
    assert response.status_code == 422 and count(Issue) == 0
    assert "The submission deadline of that meeting has passed" in page(response)


def test_the_deadline_is_shown_with_its_time(client, login_as, world, app):
    login_as("representative", lang="en")
    html = page(client.get("/issues/new"))
    with app.test_request_context():
        shown = format_deadline(world.neh_meeting.submission_deadline)
    assert " at " in shown and shown.endswith(":00")  # a date and the meeting's minute
    assert f"submit by {shown}" in html
    meeting_page = page(client.get(f"/meetings/{world.neh_meeting.id}"))
    assert shown in meeting_page


def test_a_deadline_has_passed_from_its_very_minute(world):
    deadline = world.neh_meeting.submission_deadline
    assert not is_passed(deadline, deadline - timedelta(seconds=1))
    assert is_passed(deadline, deadline)
