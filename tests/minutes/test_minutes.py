"""Minutes: notes and outcomes per item, action items, publishing, the dashboard, follow-up."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hallbarhet.errors import Invalid
from hallbarhet.extensions import db
from hallbarhet.minutes import operations
from hallbarhet.models import (
    ActionItem,
    ActionStatus,
    Event,
    Issue,
    IssueStatus,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    OutboxMail,
)
from tests.minutes_data import (
    add_action,
    events,
    fresh,
    grow,
    measure_statements,
    meeting_day,
    past_meeting,
    publish,
    published_meeting,
    question_items,
    save,
    write,
)

HTMX = {"HX-Request": "true"}


# Writing the minutes.


def test_a_meeting_not_yet_started_refuses_minutes(client, world, login_as):
    login_as("coordinator", lang="en")
    meeting = world.neh_meeting
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert "The meeting has not started yet" in page and 'name="notes"' not in page
    item = meeting.items[0]
    response = save(client, meeting, item, notes="För tidigt")
    assert response.status_code == 409
    assert "The meeting has not started yet" in response.get_data(as_text=True)
    day = meeting_day(meeting).isoformat()
    data = {"what": "Något", "administration": str(world.env.id), "due_date": day}
    response = add_action(client, meeting, item, **data)
    assert response.status_code == 409
    assert fresh(meeting).status == MeetingStatus.PLANNED
    assert fresh(meeting).items[0].notes == ""
    assert db.session.scalar(select(ActionItem.id)) is None


def test_first_save_marks_the_meeting_held_without_marking_the_agenda_changed(
    client, world, login_as
):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    updated_at = item.updated_at
    login_as("coordinator")
    response = save(
        client, meeting, item, notes="Bra diskussion.\n\nFler steg.", outcome="discussed"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/minutes#minutes-item-{item.id}")
    meeting = fresh(meeting)
    (item,) = question_items(meeting)
    assert (item.notes, item.outcome) == ("Bra diskussion.\n\nFler steg.", ItemOutcome.DISCUSSED)
    assert item.updated_at == updated_at and not item.changed_since_publishing()
    assert meeting.status == MeetingStatus.HELD
    assert [(e.from_value, e.to_value) for e in events("status", meeting)] == [
        ("agenda_published", "held")
    ]
    assert len(events("minutes_written", meeting)) == 1
    assert [e.to_value for e in events("outcome", meeting)] == ["discussed"]
    # The question hears of its outcome when the minutes are published, not before.
    assert [e for e in events("outcome") if e.issue_id == item.issue_id] == []
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert "Bra diskussion." in page and 'value="discussed" selected' in page


def test_htmx_save_answers_with_the_status_line_and_the_new_versions(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    login_as("coordinator", lang="en")
    response = save(client, meeting, item, headers=HTMX, notes="Anteckning", outcome="")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.strip().startswith("Saved ") and "<form" not in body
    saved = fresh(meeting)
    assert f'id="minutes-version-{item.id}" value="{question_items(saved)[0].version}"' in body
    assert f'id="publish-version" value="{saved.version}"' in body
    assert 'data-hx-swap-oob="true"' in body
    # The first save marks the meeting held; the page's status says so at once.
    status = body[body.index('id="minutes-meeting-status"') :]
    assert "Held" in status[: status.index("</span></span>")]
    # Sent again on leaving the field, with the old version: the same text is no change.
    again = save(client, meeting, item, item.version - 1, headers=HTMX, notes="Anteckning")
    assert again.status_code == 200


def test_a_stale_save_is_refused_with_both_texts_and_nothing_overwritten(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    login_as("coordinator", lang="en")
    seen = item.version
    assert save(client, meeting, item, notes="Cora skrev först").status_code == 302
    response = save(client, meeting, item, seen, headers=HTMX, notes="Nils skrev sen")
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == f"#minutes-item-{item.id}"
    page = response.get_data(as_text=True)
    textarea = re.search(r"<textarea id=\"notes-\d+\"[^>]*>([^<]*)</textarea>", page).group(1)
    assert textarea == "Cora skrev först"
    assert "Your text, not saved" in page and "Nils skrev sen" in page
    assert "Someone else saved the minutes" in page
    assert question_items(meeting)[0].notes == "Cora skrev först"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"outcome": "approved"}, "Choose one of the outcomes in the list."),
        ({"notes": "x" * 20001}, "Write at most 20000 characters."),
    ],
)
def test_bad_minutes_are_refused_next_to_the_field(client, world, login_as, data, message):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    login_as("coordinator", lang="en")
    response = save(client, meeting, item, **({"notes": "Något"} | data))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    field = "outcome" if "outcome" in data else "notes"
    assert f'aria-describedby="{field}-{item.id}-error"' in page and message in page
    assert fresh(meeting).status == MeetingStatus.AGENDA_PUBLISHED
    assert question_items(meeting)[0].notes == ""


def test_a_standing_item_gets_notes_but_no_outcome(world):
    meeting = past_meeting(world)
    standing = fresh(meeting).items[0]
    with pytest.raises(Invalid, match="Bara frågor"):
        write(world, meeting, standing, "Välkomna", ItemOutcome.CONCLUDED)
    write(world, meeting, standing, "Välkomna")
    assert fresh(meeting).items[0].notes == "Välkomna"


def test_action_items_are_added_and_bad_ones_refused(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    day = meeting_day(meeting)
    login_as("coordinator", lang="en")
    good = {"what": "Skicka underlag", "administration": str(world.env.id), "due_date": str(day)}
    bad = [
        ({"due_date": str(day - timedelta(days=1))}, "due", "cannot be before the meeting"),
        ({"due_date": "22/11/2026"}, "due", "Enter the due date as 2026-11-22."),
        ({"what": "  "}, "what", "Write what is to be done."),
        ({"administration": "9999"}, "administration", "Choose an administration from the list."),
        ({"administration": ""}, "administration", "Name the responsible administration"),
    ]
    for change, field, message in bad:
        response = add_action(client, meeting, item, **(good | change))
        page = response.get_data(as_text=True)
        assert response.status_code == 422, change
        assert f'aria-describedby="{field}-{item.id}-error"' in page and message in page
    assert db.session.scalar(select(ActionItem.id)) is None
    assert add_action(client, meeting, item, **good).status_code == 302
    person = good | {"administration": "", "responsible_name": "Kim", "due_date": str(day)}
    response = client.post(
        f"/meetings/{meeting.id}/minutes/items/{item.id}/actions", data=person, headers=HTMX
    )
    assert response.status_code == 200
    assert f'id="what-{item.id}" name="what" rows="2"  data-focus' in response.get_data(
        as_text=True
    )
    actions = db.session.scalars(select(ActionItem).order_by(ActionItem.id)).all()
    assert [(a.what, a.responsible_administration_id, a.responsible_name) for a in actions] == [
        ("Skicka underlag", world.env.id, ""),
        ("Skicka underlag", None, "Kim"),
    ]
    assert all(a.due_date == day and a.status == ActionStatus.OPEN for a in actions)
    assert fresh(meeting).status == MeetingStatus.HELD
    assert len(events("action_added", meeting)) == 2


def test_an_action_item_can_be_removed_only_while_the_minutes_are_a_draft(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    write(world, meeting, item, "", ItemOutcome.DISCUSSED,
          [("Fel", world.env, date.today() + timedelta(days=30)),
           ("Rätt", world.env, date.today() + timedelta(days=30))])  # fmt: skip
    wrong, right = db.session.scalars(select(ActionItem).order_by(ActionItem.id)).all()
    login_as("coordinator")
    url = f"/meetings/{meeting.id}/minutes/actions/{wrong.id}/remove"
    assert client.post(url, data={"version": wrong.version + 1}).status_code == 409
    assert client.post(url, data={"version": wrong.version}).status_code == 302
    assert [a.what for a in db.session.scalars(select(ActionItem))] == ["Rätt"]
    assert [e.message for e in events("action_removed", meeting)] == ["Fel"]
    publish(world, meeting)
    url = f"/meetings/{meeting.id}/minutes/actions/{right.id}/remove"
    assert client.post(url, data={"version": right.version}).status_code == 409
    assert db.session.get(ActionItem, right.id) is not None


# Publishing.


def test_publishing_asks_for_every_outcome_and_a_follow_up_action(client, world, login_as):
    meeting = past_meeting(
        world, questions=[("A", world.representative), ("B", world.representative)]
    )
    first, second = question_items(meeting)
    write(world, meeting, first, "Klart", ItemOutcome.CONCLUDED)
    login_as("coordinator", lang="en")
    url = f"/meetings/{meeting.id}/minutes/publish"
    response = client.post(url, data={"version": fresh(meeting).version})
    assert response.status_code == 422 and "Give every question an outcome" in response.get_data(
        as_text=True
    )
    write(world, meeting, question_items(meeting)[1], "", ItemOutcome.NEEDS_FOLLOW_UP)
    response = client.post(url, data={"version": fresh(meeting).version})
    assert response.status_code == 422 and "needs an action item" in response.get_data(as_text=True)
    assert client.post(url, data={"version": fresh(meeting).version - 1}).status_code == 409
    meeting = fresh(meeting)
    assert meeting.status == MeetingStatus.HELD and meeting.minutes_published_at is None
    assert db.session.scalar(select(OutboxMail.id)) is None


def test_publishing_items_with_nothing_written_asks_first(client, world, login_as):
    meeting = past_meeting(world, questions=[("A", world.representative)])
    (question,) = question_items(meeting)
    write(world, meeting, question, "Klart", ItemOutcome.CONCLUDED)
    standing = [item.title for item in fresh(meeting).items if item.issue is None]
    assert standing
    login_as("coordinator", lang="en")
    url = f"/meetings/{meeting.id}/minutes/publish"
    response = client.post(url, data={"version": fresh(meeting).version})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "have neither notes nor an outcome" in page
    listed = re.search(r'<div class="notice" role="alert" id="empty-items">.*?</div>', page, re.S)
    for title in standing:
        assert title in listed.group(0)
    assert question.title not in re.sub(r"<[^>]+>", "", listed.group(0)).split()
    assert 'name="empty" value="publish"' in page and "Publish them as they are" in page
    assert fresh(meeting).status != MeetingStatus.MINUTES_PUBLISHED
    assert db.session.scalar(select(OutboxMail.id)) is None
    # Published as they are, once asked.
    response = client.post(url, data={"version": fresh(meeting).version, "empty": "publish"})
    assert response.status_code == 302
    assert fresh(meeting).status == MeetingStatus.MINUTES_PUBLISHED


def test_publishing_moves_the_questions_on_and_mails_each_in_their_language(
    client, world, login_as
):
    world.representative.language = "en"
    outcomes = list(ItemOutcome)
    meeting = past_meeting(
        world, questions=[(f"Fråga {o.value}", world.representative) for o in outcomes]
    )
    due = meeting_day(meeting) + timedelta(days=30)
    for item, outcome in zip(question_items(meeting), outcomes, strict=True):
        write(world, meeting, item, f"Om {outcome.value}", outcome, [("Följ upp", world.env, due)])
    login_as("coordinator")
    response = client.post(
        f"/meetings/{meeting.id}/minutes/publish",
        data={"version": fresh(meeting).version, "empty": "publish"},
    )
    assert response.status_code == 302
    meeting = fresh(meeting)
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED and meeting.minutes_published_at
    statuses = {item.outcome: item.issue.status for item in question_items(meeting)}
    assert statuses == {
        ItemOutcome.DISCUSSED: IssueStatus.DISCUSSED,
        ItemOutcome.NEEDS_FOLLOW_UP: IssueStatus.DISCUSSED,
        ItemOutcome.SENT_FOR_DECISION: IssueStatus.CLOSED,
        ItemOutcome.CONCLUDED: IssueStatus.CLOSED,
    }
    concluded = next(i for i in question_items(meeting) if i.outcome == ItemOutcome.CONCLUDED)
    history = db.session.scalars(
        select(Event).where(Event.issue_id == concluded.issue_id, Event.action == "status")
    ).all()
    assert [(e.from_value, e.to_value, e.message) for e in history] == [
        ("scheduled", "discussed", meeting.name),
        ("discussed", "closed", meeting.name),
    ]
    assert ("held", "minutes_published") in [
        (e.from_value, e.to_value) for e in events("status", meeting)
    ]
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    minutes = {m.recipient: m for m in mails if m.template == "minutes_published"}
    members = {"coordinator@test.se", "neh-coordinator@test.se", "representative@test.se",
               "other@test.se", "participant@test.se"}  # fmt: skip
    assert set(minutes) == members
    english = minutes["representative@test.se"]
    assert english.language == "en" and english.subject.startswith("Meeting minutes: NEH")
    assert "Om concluded" in english.text and "Om concluded" in english.html
    assert "Outcome: Concluded" in english.text and "Följ upp" in english.html
    assert minutes["participant@test.se"].language == "sv"
    moved = [m for m in mails if m.template == "minutes_question_moved"]
    assert len(moved) == 4 and {m.recipient for m in moved} == {"representative@test.se"}
    assert any("Closed" in m.subject for m in moved)
    world.representative.language = "sv"
    db.session.commit()


def test_published_minutes_show_to_members_and_print(client, world, login_as):
    meeting = published_meeting(world)
    login_as("participant", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Nätverket enades." in page and "Ta fram underlag" in page and "Concluded" in page
    assert f"/meetings/{meeting.id}/minutes/print" in page
    assert f'href="/meetings/{meeting.id}/minutes"' not in page
    printed = client.get(f"/meetings/{meeting.id}/minutes/print")
    assert printed.status_code == 200 and "Nätverket enades." in printed.get_data(as_text=True)
    assert "css/minutes.css" in printed.get_data(as_text=True)
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 403
    login_as("outsider")
    assert client.get(f"/meetings/{meeting.id}/minutes/print").status_code == 404


def test_a_draft_prints_only_for_coordinators(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    write(world, meeting, question_items(meeting)[0], "Utkast")
    login_as("participant", lang="en")
    response = client.get(f"/meetings/{meeting.id}/minutes/print")
    assert response.status_code == 404 and "not yet published" in response.get_data(as_text=True)
    assert "Utkast" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    login_as("coordinator", lang="en")
    printed = client.get(f"/meetings/{meeting.id}/minutes/print").get_data(as_text=True)
    assert "Draft: not yet published" in printed and "Utkast" in printed
    assert f'href="/meetings/{meeting.id}/minutes"' in client.get(
        f"/meetings/{meeting.id}"
    ).get_data(as_text=True)


def test_a_correction_after_publishing_is_recorded_and_marked(client, world, login_as):
    meeting = published_meeting(world)
    (item,) = question_items(meeting)
    login_as("coordinator", lang="en")
    response = save(
        client, meeting, item, notes="Nätverket enades, med tillägg.", outcome="concluded"
    )
    assert response.status_code == 302
    assert [e.message for e in events("minutes_corrected", meeting)] == [item.title]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Corrected after publishing" in page and "med tillägg" in page
    (item,) = question_items(meeting)
    response = save(client, meeting, item, notes=item.notes, outcome="discussed")
    assert response.status_code == 422 and "can no longer change" in response.get_data(as_text=True)
    assert question_items(meeting)[0].outcome == ItemOutcome.CONCLUDED
    response = client.post(
        f"/meetings/{meeting.id}/minutes/publish", data={"version": fresh(meeting).version}
    )
    assert response.status_code == 409
    assert db.session.get(Issue, item.issue_id).status == IssueStatus.CLOSED


# Open action items: the dashboard and the next agenda.


def test_the_dashboard_shows_open_action_items_to_those_responsible(client, world, login_as):
    meeting = published_meeting(world, days_ago=10, due_in=-4)
    (item,) = question_items(meeting)
    nsh = published_meeting(world, network=world.nsh, days_ago=8, due_in=5)
    seen = {}
    for role in ("representative", "coordinator", "neh_coordinator", "admin",
                 "other_representative", "participant", "outsider"):  # fmt: skip
        login_as(role, lang="en")
        page = client.get("/").get_data(as_text=True)
        shown = page.count('class="action-list__what">Ta fram underlag')
        seen[role] = (shown, "Overdue by 4 days" in page)
    assert seen == {
        "representative": (2, True),
        "coordinator": (2, True),
        "neh_coordinator": (1, True),
        "admin": (2, True),
        "other_representative": (0, False),
        "participant": (0, False),
        "outsider": (0, False),
    }
    login_as("representative", lang="en")
    page = client.get("/").get_data(as_text=True)
    assert "Due in 5 days" in page and nsh.name in page and meeting.name in page
    assert f"/administrations/{world.env.id}/report-back" in page


def test_an_action_item_is_marked_done_by_those_responsible(client, world, login_as):
    meeting = published_meeting(world)
    action = db.session.scalar(select(ActionItem))
    url = f"/action-items/{action.id}/done"
    login_as("other_representative")
    assert client.post(url, data={"version": action.version}).status_code == 403
    login_as("outsider")
    assert client.post(url, data={"version": action.version}).status_code == 404
    login_as("representative", lang="en")
    assert client.post(url, data={"version": action.version + 1}).status_code == 409
    response = client.post(url, data={"version": action.version}, headers=HTMX)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Marked done: Ta fram underlag" in body and "No open action items for you." in body
    db.session.expire_all()
    action = db.session.get(ActionItem, action.id)
    assert action.status == ActionStatus.DONE and action.done_at is not None
    assert [e.actor_id for e in events("action_done", meeting)] == [world.representative.id]
    response = client.post(url, data={"version": action.version})
    assert response.status_code == 409 and "already marked done" in response.get_data(as_text=True)


def test_open_action_items_follow_up_on_the_next_agenda(client, world, login_as):
    published_meeting(world, days_ago=10)
    login_as("participant", lang="en")
    world_meetings = {"neh": world.neh_meeting.id, "nsh": world.nsh_meeting.id}
    for meeting_id in world_meetings.values():
        db.session.get(Meeting, meeting_id).status = MeetingStatus.AGENDA_PUBLISHED
    db.session.commit()
    page = client.get(f"/meetings/{world_meetings['neh']}").get_data(as_text=True)
    assert "Follow-up: open action items" in page and "Ta fram underlag" in page
    assert "Miljöförvaltningen" in page
    other = client.get(f"/meetings/{world_meetings['nsh']}").get_data(as_text=True)
    assert "Ta fram underlag" not in other
    action = db.session.scalar(select(ActionItem))
    operations.mark_done(world.coordinator, action, action.version)
    page = client.get(f"/meetings/{world_meetings['neh']}").get_data(as_text=True)
    assert "Ta fram underlag" not in page


# Statements per page do not grow with the minutes.


@pytest.mark.parametrize("role", ["coordinator", "representative", "participant"])
def test_statements_do_not_grow_with_the_minutes(app, client, world, role):
    world.neh_meeting.status = MeetingStatus.AGENDA_PUBLISHED
    db.session.commit()
    user_id = getattr(world, role).id
    measured = []
    for count in (2, 12):
        meeting_id = grow(world, count)
        pages = ["/", f"/meetings/{world.neh_meeting.id}", f"/meetings/{meeting_id}"]
        pages.append(f"/meetings/{meeting_id}/minutes/print")
        if role == "coordinator":
            pages.append(f"/meetings/{meeting_id}/minutes")
        measured.append([measure_statements(app, client, url, user_id) for url in pages])
    few, many = measured
    assert [count for count, _size in few] == [count for count, _size in many]
    assert all(big > small for (_c, small), (_d, big) in zip(few[1:], many[1:], strict=True))
