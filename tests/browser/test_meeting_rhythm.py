"""A network's rhythm in a browser, with JavaScript on and with it off: the coordinator plans
next semester's meetings; a representative submits a question for the first of them; the
coordinator triages and schedules it and publishes the agenda, which a participant reads;
after the meeting the coordinator writes the minutes with an action item for the
representative's administration (the question shows no outcome to its representative or a
participant until they are published) and publishes them; the question then says its
outcome and the meeting; the representative marks the report back; the coordinator
corrects the minutes, which then say so, with the first revision still readable.

The tests run in order for each mode on a fresh copy of the demo data; each continues
from what the one before left. Each person first switches to English (the header's button),
so that the names looked for are the UI's English originals, not their translations."""

from datetime import datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import standing_items
from hallbarhet.meetings.planning.rules import plannable_semesters
from hallbarhet.models import (
    AgendaItem,
    Issue,
    IssueStatus,
    Meeting,
    MeetingStatus,
    Membership,
    MinutesRevision,
    Network,
    OutboxMail,
    ReportBack,
    User,
)
from hallbarhet.models.base import LOCAL_TZ, utcnow

from .conftest import ACCOUNTS, screenshot

NEH = "Nätverk för ekologisk hållbarhet"
OWN, AFFECTED = "Miljöförvaltningen", "Tekniska förvaltningen"
TITLE = "Dagvatten och skyfallsytor i nya detaljplaner"
NOTES = "Nätverket vill se en gemensam checklista för skyfallsytor i varje detaljplan."
ACTION = "Ta fram ett förslag till checklista för skyfallsytor"
# (theme, start, minutes, form, place) of the two meetings the coordinator plans.
PLANS = [
    ("Biologisk mångfald i parker", "13:00", "150", "hybrid", "Stadshuset, sal Älven och Teams"),
    ("Hållbara transporter", "09:30", "120", "digital", "https://teams.example.org/neh"),
]


@pytest.fixture(scope="module", params=[True, False], ids=["js", "no-js"])
def rhythm(request, live_server):
    """The mode, the semester it plans and what the journey has made so far."""
    live_server.reset()
    semester = plannable_semesters(datetime.now(LOCAL_TZ).date())[1]
    # Fifteen weeks into next semester: after every demo meeting (the last is ten weeks
    # from today), on a Tuesday as the demo's NEH meetings are.
    first = semester.first_day + timedelta(days=105)
    first += timedelta(days=(1 - first.weekday()) % 7)
    mode = "js" if request.param else "nojs"
    days = [first, first + timedelta(weeks=5)]
    return {"js": request.param, "mode": mode, "semester": semester, "days": days}


def _open(page_as, rhythm: dict, role: str, path: str):
    """The role's page at path, in English: switched as a person does, with the header's
    button; the account keeps the language for the rest of the run."""
    page = page_as(role, js=rhythm["js"])
    page.goto(path)
    if page.get_attribute("html", "lang") != "en":
        _follow(page, page.get_by_role("button", name="In English"))
    assert page.get_attribute("html", "lang") == "en"
    return page


def _follow(page, link) -> None:
    with page.expect_navigation():
        link.click()


def _swap(page, rhythm: dict, press, done: str) -> None:
    """Press (a click or a key) on an htmx form: with JavaScript wait until the swap has
    brought the selector done and htmx is idle; without it the page loads again."""
    if rhythm["js"]:
        press()
        page.wait_for_selector(done)
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
    else:
        with page.expect_navigation():
            press()


def _confirm(page, rhythm: dict, button) -> None:
    """Press a button that posts and loads a page; JavaScript asks to confirm it first."""
    asked = []
    if rhythm["js"]:
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    _follow(page, button)
    assert len(asked) == (1 if rhythm["js"] else 0)


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _planned() -> list[dict]:
    network = db.session.scalar(select(Network).where(Network.slug == "neh"))
    standing = [(title, minutes, "standing") for title, minutes in standing_items(network)]
    meetings = db.session.scalars(
        select(Meeting)
        .where(Meeting.network_id == network.id, Meeting.theme.in_([plan[0] for plan in PLANS]))
        .order_by(Meeting.starts_at)
    )
    return [
        {
            "id": meeting.id,
            "starts": meeting.starts_at.astimezone(LOCAL_TZ),
            "plan": (meeting.theme, meeting.duration_minutes, meeting.form.value, meeting.place),
            "deadline": meeting.submission_deadline.astimezone(LOCAL_TZ).date().isoformat(),
            "status": meeting.status,
            "standing": [(i.title, i.allotted_minutes, i.kind) for i in meeting.items] == standing,
        }
        for meeting in meetings
    ]


def _neh_members() -> set[str]:
    query = select(User.email).join(Membership).join(Network).where(Network.slug == "neh")
    return set(db.session.scalars(query))


def test_coordinator_plans_next_semester(page_as, live_server, rhythm):
    page = _open(page_as, rhythm, "coordinator", "/")
    _follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings"))
    _follow(page, page.get_by_role("link", name=f"Plan a semester: {NEH}"))
    page.get_by_label("Semester", exact=True).select_option(rhythm["semester"].key)
    for row, (day, plan) in enumerate(zip(rhythm["days"], PLANS, strict=True)):
        theme, start, minutes, form, place = plan
        page.fill(f"#meetings-{row}-day", day.isoformat())
        page.fill(f"#meetings-{row}-start", start)
        page.fill(f"#meetings-{row}-duration_minutes", minutes)
        page.select_option(f"#meetings-{row}-meeting_form", form)
        page.fill(f"#meetings-{row}-theme", theme)
        page.fill(f"#meetings-{row}-place", place)
        page.fill(f"#meetings-{row}-theme_description", f"{theme}: vad gör varje förvaltning?")
    screenshot(page, f"rhythm-{rhythm['mode']}-plan")
    _follow(page, page.get_by_role("button", name="Plan the meetings"))
    assert page.url.endswith(f"/meetings#semester-{rhythm['semester'].key}")
    assert "2 meetings planned" in page.inner_text("#flash-region")

    planned = live_server.run(_planned)
    assert [meeting["starts"].date() for meeting in planned] == rhythm["days"]
    for meeting, (theme, start, minutes, form, place) in zip(planned, PLANS, strict=True):
        assert meeting["starts"].strftime("%H:%M") == start
        assert meeting["plan"] == (theme, int(minutes), form, place)
        assert meeting["status"] == MeetingStatus.PLANNED and meeting["standing"]
        row = page.inner_text(f"#meeting-{meeting['id']}")
        for seen in (theme, meeting["starts"].date().isoformat(), meeting["deadline"], start):
            assert seen in row
    screenshot(page, f"rhythm-{rhythm['mode']}-semester")
    rhythm["meeting"] = planned[0]["id"]


def test_representative_submits_a_question_for_the_first_meeting(page_as, live_server, rhythm):
    page = _open(page_as, rhythm, "representative", "/")
    main_nav = page.get_by_role("navigation", name="Main")
    _follow(page, main_nav.get_by_role("link", name="New question"))
    page.get_by_label("Network", exact=True).select_option(label=NEH)
    page.fill("#title", TITLE)
    page.select_option("#kind", "dialogue")
    page.select_option("#asked_for", "dialogue")
    page.fill("#description", "Nya detaljplaner behöver ytor som tar hand om skyfall.")
    page.fill("#estimated_minutes", "30")
    page.fill("#presenter", "Rasmus Ek")
    page.get_by_role("checkbox", name=AFFECTED).check()
    page.get_by_label("Desired meeting").select_option(str(rhythm["meeting"]))
    _follow(page, page.get_by_role("button", name="Submit", exact=True))

    def facts():
        issue = db.session.scalar(select(Issue).where(Issue.title == TITLE))
        return issue.id, issue.reference, issue.status, issue.desired_meeting_id

    issue_id, reference, status, desired = live_server.run(facts)
    assert status == IssueStatus.SUBMITTED and desired == rhythm["meeting"]
    assert page.url.endswith(f"/issues/{issue_id}")
    main = page.inner_text("main")
    assert reference in main and PLANS[0][0] in main
    rhythm["issue"] = issue_id


def test_coordinator_schedules_it_and_publishes_the_agenda(page_as, live_server, rhythm):
    card, meeting_id = f"#issue-{rhythm['issue']}", rhythm["meeting"]
    page = _open(page_as, rhythm, "coordinator", "/triage")
    # By keyboard alone: from the card's title Tab to a button and press Enter. It affects
    # several administrations and needs dialogue, which settles the recommendation.
    enter = partial(page.keyboard.press, "Enter")
    # The question is a row; its Open link shows the card in place.
    page.locator(f"{card} h3 a").focus()
    _tab_to(page, f"{card} .triage-row__open")
    _swap(page, rhythm, enter, f"{card}.triage-card")
    for button in (f"{card}-affects_several-yes", f"{card}-needs_dialogue-yes"):
        page.locator(f"{card} h3 a").focus()
        _tab_to(page, button)
        _swap(page, rhythm, enter, f"{button}[aria-pressed=true]")
    assert "dialog" in page.inner_text(f"{card}-recommendation").lower()
    schedule = f"{card} .triage-schedule"
    assert page.eval_on_selector(f"{schedule} select", "s => s.value") == str(meeting_id)
    page.locator(f"{card} h3 a").focus()
    _tab_to(page, f"{schedule} button[type=submit]")
    _swap(page, rhythm, enter, f"{card}.triage-done")
    assert page.locator(schedule).count() == 0

    page.goto(f"/meetings/{meeting_id}")
    assert TITLE in page.inner_text("#agenda")
    _confirm(page, rhythm, page.get_by_role("button", name="Publish the agenda"))
    assert "The agenda is published" in page.inner_text("#flash-region")

    def facts():
        mailed = select(OutboxMail.recipient).where(OutboxMail.template == "agenda_published")
        issue, meeting = db.session.get(Issue, rhythm["issue"]), db.session.get(Meeting, meeting_id)
        return issue.status, meeting.status, set(db.session.scalars(mailed)), _neh_members()

    issue, meeting, mailed, members = live_server.run(facts)
    assert (issue, meeting) == (IssueStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED)
    assert mailed == members
    reader = _open(page_as, rhythm, "participant", f"/meetings/{meeting_id}")
    assert TITLE in reader.inner_text("#agenda")
    assert "Agenda published" in reader.inner_text("main header")
    screenshot(reader, f"rhythm-{rhythm['mode']}-agenda")


def test_the_meeting_is_held(live_server, rhythm):
    def hold():
        # Stands in for the meeting being held: it began two hours ago. Through the ORM its
        # version moves on too, so no agenda rendered before is served from the cache.
        meeting = db.session.get(Meeting, rhythm["meeting"])
        before = meeting.version
        meeting.starts_at = utcnow() - timedelta(hours=2)
        db.session.commit()
        return meeting.version > before

    assert live_server.run(hold)


def test_coordinator_writes_and_publishes_the_minutes(page_as, live_server, rhythm):
    page = _open(page_as, rhythm, "coordinator", f"/meetings/{rhythm['meeting']}")
    _follow(page, page.get_by_role("link", name="Write the minutes"))
    item = live_server.run(lambda: db.session.get(Issue, rhythm["issue"]).agenda_item.id)
    page.fill(f"#notes-{item}", NOTES)
    page.select_option(f"#outcome-{item}", "needs_follow_up")
    saved = f"#minutes-status-{item}:has-text('Saved')"
    _swap(page, rhythm, page.locator(f"#save-{item}").click, saved)

    due = datetime.now(LOCAL_TZ).date() + timedelta(days=30)
    actions = page.locator(f"#actions-{item}")
    actions.get_by_text("Add an action item").click()
    page.fill(f"#what-{item}", ACTION)
    page.select_option(f"#administration-{item}", label=OWN)
    page.fill(f"#due-{item}", due.isoformat())
    button = actions.get_by_role("button", name="Add the action item")
    _swap(page, rhythm, button.click, f"#actions-{item} .action-list__what")
    assert ACTION in actions.inner_text() and OWN in actions.inner_text()
    screenshot(page, f"rhythm-{rhythm['mode']}-minutes")

    # Draft minutes are the coordinators': the question's own representative and a
    # participant see no outcome, note or action item of them yet.
    for role in ("representative", "participant"):
        reader = _open(page_as, rhythm, role, f"/issues/{rhythm['issue']}")
        main = reader.inner_text("main")
        assert TITLE in main and "Scheduled" in main, role
        for draft in ("Needs follow-up", NOTES, ACTION, "Outcome"):
            assert draft not in main, (role, draft)
        reader.goto(f"/meetings/{rhythm['meeting']}")
        assert NOTES not in reader.inner_text("main"), role
        assert "The minutes are not yet published" in reader.inner_text("main"), role

    _confirm(page, rhythm, page.get_by_role("button", name="Publish the minutes"))
    # The standing items have nothing written under them: publishing asks first, with the
    # button to publish them as they are in focus (so in view) below the list.
    asked = page.inner_text("#empty-items")
    assert "neither notes nor an outcome" in asked and TITLE not in asked
    again = page.get_by_role("button", name="Publish them as they are")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == again.inner_text()
    screenshot(page, f"rhythm-{rhythm['mode']}-minutes-asked")
    _confirm(page, rhythm, again)
    entry = page.inner_text(f"#minutes-entry-{item}")
    for seen in (TITLE, NOTES, "Needs follow-up", ACTION, OWN, due.isoformat()):
        assert seen in entry
    screenshot(page, f"rhythm-{rhythm['mode']}-minutes-published")

    def facts():
        row = db.session.get(AgendaItem, item)
        (action,) = row.action_items
        mails = db.session.execute(select(OutboxMail.template, OutboxMail.recipient)).all()
        return (
            (row.meeting.status, row.issue.status, row.notes, row.outcome.value),
            (action.what, action.responsible_administration.name, action.due_date),
            {to for template, to in mails if template == "minutes_published"},
            [to for template, to in mails if template == "minutes_question_moved"],
            _neh_members(),
        )

    minutes, action, to_members, to_submitter, members = live_server.run(facts)
    # Needs follow-up leaves the question discussed (minutes/publishing.py): its open
    # action item carries the follow-up onto the network's next agenda.
    published, discussed = MeetingStatus.MINUTES_PUBLISHED, IssueStatus.DISCUSSED
    assert minutes == (published, discussed, NOTES, "needs_follow_up")
    assert action == (ACTION, OWN, due)
    assert to_members == members and to_submitter == ["representative@example.org"]


def test_the_question_says_its_outcome_and_meeting(page_as, live_server, rhythm):
    meeting = live_server.run(lambda: db.session.get(Meeting, rhythm["meeting"]).name)
    for role in ("representative", "participant"):
        page = _open(page_as, rhythm, role, f"/issues/{rhythm['issue']}")
        status = page.inner_text("#issue-status")
        assert "Discussed" in status and "Outcome: Needs follow-up" in status, role
        assert f"Minutes of {meeting}" in status and "Message from" not in status, role
        history = page.inner_text("#issue-history")
        assert f"published the outcome of {meeting}: Needs follow-up" in history, role
        assert "needs_follow_up" not in page.inner_text("main"), role
    screenshot(page, f"rhythm-{rhythm['mode']}-question-outcome")
    _follow(page, page.get_by_role("link", name=f"Minutes of {meeting}"))
    assert NOTES in page.inner_text(".meeting__minutes")


def test_representative_reports_back(page_as, live_server, rhythm):
    page = _open(page_as, rhythm, "representative", "/")
    # The minutes just published make the report back due: the to-do leads to it first.
    todo = page.locator("#todo")
    _follow(page, todo.get_by_role("link", name="Report back to the management group"))
    entry = page.locator(f"section.report-meeting:has(#meeting-{rhythm['meeting']})")
    text = entry.inner_text()
    for seen in (TITLE, "Our question", "Needs follow-up", NOTES, ACTION, OWN):
        assert seen in text
    screenshot(page, f"rhythm-{rhythm['mode']}-report-back")
    _confirm(page, rhythm, page.get_by_role("button", name="Mark as reported"))
    assert "Marked as reported" in page.inner_text("#flash-region")

    def facts():
        report = db.session.scalar(select(ReportBack).order_by(ReportBack.id.desc()))
        when = report.reported_at.astimezone(LOCAL_TZ)
        return report.administration.name, report.reported_by.email, when

    administration, reporter, reported_at = live_server.run(facts)
    assert (administration, reporter) == (OWN, "representative@example.org")
    assert abs(reported_at - datetime.now(LOCAL_TZ)) < timedelta(minutes=5)
    header = page.inner_text("main header")
    assert f"Last reported {reported_at:%Y-%m-%d %H:%M} by Rasmus Ek" in header
    # The page starts from the report now; the open action item stays in view until done.
    assert entry.count() == 0
    assert ACTION in page.inner_text("#still-open + .action-list")
    screenshot(page, f"rhythm-{rhythm['mode']}-reported")


CORRECTED = NOTES + " Checklistan ska också gälla ombyggnader."
WHY = "Ombyggnaderna föll bort ur anteckningen."


def test_coordinator_corrects_the_minutes(page_as, live_server, rhythm):
    page = _open(page_as, rhythm, "coordinator", f"/meetings/{rhythm['meeting']}")
    _follow(page, page.get_by_role("link", name="Correct the minutes"))
    item = live_server.run(lambda: db.session.get(Issue, rhythm["issue"]).agenda_item.id)
    page.fill(f"#notes-{item}", CORRECTED)
    page.fill(f"#reason-{item}", WHY)
    # A correction is published by its button, as a new revision, with or without JavaScript.
    _follow(page, page.locator(f"#save-{item}"))
    assert "published as revision 2" in page.inner_text("#flash-region")

    def facts():
        coordinator = db.session.scalar(select(User).where(User.email == ACCOUNTS["coordinator"]))
        revisions = db.session.scalars(
            select(MinutesRevision)
            .where(MinutesRevision.meeting_id == rhythm["meeting"])
            .order_by(MinutesRevision.number)
        ).all()
        notes = [
            [each["notes"] for each in revision.content["items"] if each["item_id"] == item]
            for revision in revisions
        ]
        return coordinator.name, [(r.number, r.reason) for r in revisions], notes

    name, revisions, notes = live_server.run(facts)
    assert revisions == [(1, ""), (2, WHY)] and notes == [[NOTES], [CORRECTED]]

    today = datetime.now(LOCAL_TZ).date().isoformat()
    reader = _open(page_as, rhythm, "participant", f"/meetings/{rhythm['meeting']}")
    minutes = reader.inner_text(".meeting__minutes")
    assert f"Corrected {today} by {name}" in minutes and CORRECTED in minutes
    assert WHY in reader.inner_text(".minutes-revisions")
    screenshot(reader, f"rhythm-{rhythm['mode']}-minutes-corrected")
    _follow(reader, reader.locator(".minutes-revisions").get_by_role("link", name="Revision 1"))
    earlier = reader.inner_text("main")
    assert NOTES in earlier and CORRECTED not in earlier and "an earlier revision" in earlier
    assert ACTION in earlier and "Needs follow-up" in earlier
    screenshot(reader, f"rhythm-{rhythm['mode']}-minutes-revision-1")
    _follow(reader, reader.get_by_role("link", name="Print this revision"))
    printed = reader.inner_text("main")
    assert "Revision 1 of 2" in printed and NOTES in printed and CORRECTED not in printed
