"""The core flow end to end through the test client:
a representative submits, a coordinator triages and schedules, publishes, a participant reads."""

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import AgendaItem, Event, Issue, IssueStatus, MeetingStatus


def test_submit_triage_schedule_publish_and_read_the_agenda(client, world, login_as):
    meeting = world.neh_meeting
    area = world.neh.work_areas[1]

    # The representative submits a question from the environment administration.
    login_as("representative")
    response = client.post(
        "/issues/new",
        data={
            "network": world.neh.id,
            "title": "Skyfallsplan för kommunen",
            "description": "Utkastet behöver synpunkter från flera förvaltningar.",
            "kind": "consultation",
            "asked_for": "input",
            "work_area": area.id,
            "affected": [world.social.id, world.culture.id],
            "goals": ["11", "13"],
            "estimated_minutes": "30",
            "presenter": "Rita Representant",
            "links": "",
            "desired_meeting": meeting.id,
            "latest_date": "",
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    issue = db.session.scalar(select(Issue).where(Issue.title == "Skyfallsplan för kommunen"))
    assert issue.status == IssueStatus.SUBMITTED
    assert issue.reference.startswith("NEH-")
    assert [a.short_name for a in issue.affected] == ["KFF", "SOC"]
    assert issue.goals == [11, 13]
    assert issue.reference in client.get("/issues").get_data(as_text=True)
    client.post("/logout")

    # The coordinator finds it in the queue, answers the checklist and schedules it.
    login_as("coordinator")
    queue = client.get("/triage").get_data(as_text=True)
    assert issue.reference in queue and "Skyfallsplan för kommunen" in queue
    for question, answer in [
        ("affects_several", "yes"),
        ("info_for_all", "no"),
        ("needs_dialogue", "yes"),
        ("short_info", "no"),
    ]:
        response = client.post(
            f"/triage/{issue.id}/assess", data={"question": question, "answer": answer}
        )
        assert response.status_code in (200, 302)
    db.session.refresh(issue)
    assert issue.assessment.recommendation == "dialogue"
    response = client.post(
        f"/triage/{issue.id}/schedule",
        data={
            "meeting": meeting.id,
            "kind": "consultation",
            "minutes": "30",
            "version": issue.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(issue)
    assert issue.status == IssueStatus.SCHEDULED
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == issue.id))
    assert item.meeting_id == meeting.id and item.allotted_minutes == 30
    assert f'id="issue-{issue.id}"' not in client.get("/triage").get_data(as_text=True)

    # The coordinator publishes the agenda.
    db.session.refresh(meeting)
    response = client.post(f"/meetings/{meeting.id}/publish", data={"version": meeting.version})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    client.post("/logout")

    # A participant finds it on the next agenda, and in the calendar file.
    login_as("participant")
    agenda = client.get("/agenda").get_data(as_text=True)
    assert "Skyfallsplan för kommunen" in agenda
    assert issue.reference in agenda
    assert meeting.theme in agenda
    ics = client.get(f"/meetings/{meeting.id}.ics")
    assert ics.mimetype == "text/calendar"
    assert "Skyfallsplan" in ics.get_data(as_text=True)

    # The whole history is on the question's page.
    actions = [
        e.action
        for e in db.session.scalars(
            select(Event).where(Event.issue_id == issue.id).order_by(Event.id)
        )
    ]
    assert actions[0] == "created" and actions.count("assessed") == 4
    assert actions[-1] == "status"
    page = client.get(f"/issues/{issue.id}").get_data(as_text=True)
    assert "Skyfallsplan för kommunen" in page
