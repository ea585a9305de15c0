"""A representative's to-do on the overview: returned questions with the coordinator's
message, drafts to submit, the report back that is due, the coming items with no colleague
invited; who sees it, its counts, and an empty one."""

import re

from hallbarhet.dashboard.todo import SHOWN
from hallbarhet.extensions import db
from hallbarhet.invitations.operations import revoke
from hallbarhet.models import IssueStatus, MeetingStatus, Role
from hallbarhet.reportback.operations import mark_reported
from hallbarhet.triage.operations import return_issue
from tests.factories import make_issue, make_user
from tests.invitations.test_invitations import invited, publish, scheduled_item
from tests.reportback.test_reportback import minutes_with

MESSAGE = "Beskriv vilka förvaltningar som berörs."


def overview(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def todo_of(page: str) -> str:
    todo = r'<section class="panel todo".*?</section>\s*(?=<div class="grid-2">)'
    match = re.search(todo, page, re.S)
    return match.group(0) if match else ""


def returned(world, title="Solenergi i skolor", submitter=None):
    issue = make_issue(world.neh, submitter or world.representative, title=title)
    db.session.commit()
    return_issue(world.coordinator, issue, issue.version, MESSAGE)
    db.session.commit()
    return issue


def draft(world, title="Ett utkast om cykelparkering", submitter=None):
    issue = make_issue(
        world.neh, submitter or world.representative, title=title, status=IssueStatus.DRAFT
    )
    db.session.commit()
    return issue


def one_of_each(world):
    """A returned question, a draft, minutes to report back on, a coming item to invite for."""
    things = {
        "returned": returned(world),
        "draft": draft(world),
        "item": scheduled_item(world, title="Laddstolpar vid förvaltningarna"),
    }
    minutes_with(world, Rapportfråga=(world.representative, [], None))
    return things


def test_the_todo_comes_first_with_one_of_each_kind_in_order(client, world, login_as):
    things = one_of_each(world)
    login_as("representative", lang="en")
    page = overview(client)
    todo = todo_of(page)
    assert page.index('id="todo-heading"') < page.index('class="grid-2"')
    assert "To do" in todo and "(4)" in todo
    headings = ["todo-returned", "todo-drafts", "todo-report", "todo-invite"]
    positions = [todo.index(f'id="{heading}"') for heading in headings]
    assert positions == sorted(positions)
    issue, item = things["returned"], things["item"]
    assert MESSAGE in todo and "Message from Cora Samordnare:" in todo
    assert f'href="/issues/{issue.id}/edit"' in todo and "Edit and submit again" in todo
    assert f'href="/issues/{things["draft"].id}"' in todo
    assert f'href="/administrations/{world.env.id}/report-back"' in todo
    assert "1 thing to take back since the last report" in todo
    invite = f"/meetings/{item.meeting_id}/invitations?item={item.id}#invite-heading"
    assert f'href="{invite}"' in todo.replace("&amp;", "&")
    assert "Invite for “Laddstolpar vid förvaltningarna”" in todo


def test_the_invitation_link_opens_the_form_with_the_item_chosen(client, world, login_as):
    item = scheduled_item(world)
    login_as("representative")
    page = client.get(f"/meetings/{item.meeting_id}/invitations?item={item.id}")
    assert page.status_code == 200
    assert re.search(rf'<option selected value="{item.id}">', page.get_data(as_text=True))
    # Nonsense leaves the form as it was: the whole meeting.
    page = client.get(f"/meetings/{item.meeting_id}/invitations?item=abc").get_data(as_text=True)
    assert f'<option selected value="{item.id}">' not in page


def test_an_empty_todo_says_so(client, world, login_as):
    login_as("representative", lang="en")
    todo = todo_of(overview(client))
    assert "Nothing to do right now" in todo
    assert "todo-returned" not in todo and "(0)" not in todo


def test_in_swedish(client, world, login_as):
    one_of_each(world)
    login_as("representative")
    todo = todo_of(overview(client))
    for words in ("Att göra", "Återsända till dig", "Utkast att skicka in",
                  "Dags för återrapportering", "Kollegor att bjuda in"):  # fmt: skip
        assert words in todo, words


def test_only_representatives_have_a_todo_and_only_of_their_administration(client, world, login_as):
    one_of_each(world)
    for role in ("coordinator", "participant", "outsider", "admin"):
        login_as(role, lang="en")
        assert 'id="todo-heading"' not in overview(client), role
    login_as("other_representative", lang="en")
    todo = todo_of(overview(client))
    assert "Nothing to do right now" in todo
    # A colleague representing the same administration shares its to-do.
    world.colleague = make_user(
        "colleague@test.se", "Kim Kollega", administration=world.env,
        roles={world.neh: Role.REPRESENTATIVE},
    )  # fmt: skip
    db.session.commit()
    login_as("colleague", lang="en")
    todo = todo_of(overview(client))
    assert "Solenergi i skolor" in todo and "cykelparkering" in todo


def test_what_is_done_leaves_the_todo(client, world, login_as):
    things = one_of_each(world)
    # An invitation for the item takes it off; one that was revoked puts it back.
    invitation = invited(world, agenda_item_id=things["item"].id)
    db.session.commit()
    login_as("representative", lang="en")
    assert "todo-invite" not in todo_of(overview(client))
    revoke(world.representative, world.neh_meeting, invitation.id)
    db.session.commit()
    assert "todo-invite" in todo_of(overview(client))
    # A meeting that is cancelled or over asks for no colleague.
    world.neh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    assert "todo-invite" not in todo_of(overview(client))
    # Reported back: nothing new since.
    mark_reported(world.representative, world.env, 0)
    db.session.commit()
    assert "todo-report" not in todo_of(overview(client))


def test_a_published_agenda_still_lists_the_item(client, world, login_as):
    item = scheduled_item(world)
    publish(world.neh_meeting)
    login_as("representative", lang="en")
    assert item.title in todo_of(overview(client))


def test_counts_say_how_many_when_more_are_waiting_than_are_listed(client, world, login_as):
    for n in range(SHOWN + 2):
        draft(world, title=f"Utkast nummer {n}")
    login_as("representative", lang="en")
    todo = todo_of(overview(client))
    assert f'Drafts to submit <span class="todo__count">({SHOWN + 2})</span>' in todo
    assert todo.count('href="/issues/') == SHOWN
