"""Mail about decisions, read where it arrives: a real SMTP server (aiosmtpd in a thread).

The submitter hears of every decision someone else made on the question, in the submitter's
language, as text and HTML; the coordinators get one digest a day of what was submitted."""

import pytest
from babel.dates import format_datetime
from sqlalchemy import event, select, update

from hallbarhet.extensions import db
from hallbarhet.mail import notices, send_pending
from hallbarhet.models import (
    AgendaItem,
    Issue,
    IssueStatus,
    ItemKind,
    MailStatus,
    Role,
)
from hallbarhet.models.base import LOCAL_TZ
from hallbarhet.triage import operations
from tests.factories import make_issue, make_user
from tests.mailbox import free_port, html_of, make_due, outbox, smtp_server, text_of  # noqa: F401

SUBMITTER = "representative@test.se"
MESSAGES = {
    "return": "Beskriv vilka förvaltningar som berörs.",
    "park": "Till temat avfall i vår.",
    "refer": "Arbetsgruppen för hållbara tjänsteresor",
    "decline": "Hör inte till nätverket.",
}


def queued(world, title="Laddstolpar vid förvaltningarna", submitter=None, **kwargs):
    issue = make_issue(world.neh, submitter or world.representative, title=title, **kwargs)
    db.session.commit()
    return issue


def decide(client, world, issue, route, message=None):
    """A coordinator's decision through the triage screen, as the browser sends it."""
    if route == "schedule":
        data = {"meeting": world.neh_meeting.id, "kind": "dialogue", "minutes": "20"}
    else:
        data = {"message": MESSAGES[route] if message is None else message}
    data["version"] = issue.version
    response = client.post(f"/triage/{issue.id}/{route}", data=data)
    response.close()
    send_pending()  # the mail worker's next round
    return response


def status_of(issue) -> IssueStatus:
    db.session.expire_all()
    return db.session.get(Issue, issue.id).status


# Each decision, in Swedish and in English --------------------------------------------------


def test_scheduled_tells_which_meeting_when_where_with_links(client, world, login_as, smtp):
    meeting = world.neh_meeting
    meeting.place = "Stadshuset, sal <Fyren>"
    db.session.commit()
    issue = queued(world)
    login_as("coordinator")

    assert decide(client, world, issue, "schedule").status_code == 302

    message = smtp.one_to(SUBMITTER)
    assert message["Subject"] == f"{issue.reference} är inplanerad till {meeting.name}"
    assert message["Content-Language"] == "sv"
    text, html = text_of(message), html_of(message)
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    weekday = format_datetime(meeting.starts_at, "EEEE", LOCAL_TZ, "sv")
    for part in (text, html):
        assert "Hej Rita Representant," in part
        assert f"Cora Samordnare har planerat in din fråga {issue.reference}" in part
        assert f"{weekday} {local:%Y-%m-%d} kl. {local:%H:%M}–" in part
        assert "Tema: Klimatanpassning" in part
        assert "Dialog, 20 min" in part
        assert f"http://localhost/issues/{issue.id}" in part
        assert f"http://localhost/meetings/{meeting.id}" in part
    assert "Var: Stadshuset, sal <Fyren> (På plats)" in text
    assert "Var: Stadshuset, sal &lt;Fyren&gt; (På plats)" in html
    assert f'<a href="http://localhost/meetings/{meeting.id}">' in html


def test_scheduled_in_english_for_an_english_submitter(client, world, login_as, smtp):
    world.representative.language = "en"
    issue = queued(world)
    login_as("coordinator")  # the coordinator's own pages stay Swedish

    decide(client, world, issue, "schedule")

    message = smtp.one_to(SUBMITTER)
    meeting = world.neh_meeting
    assert message["Subject"] == f"{issue.reference} is scheduled for {meeting.name}"
    assert message["Content-Language"] == "en"
    weekday = format_datetime(meeting.starts_at, "EEEE", LOCAL_TZ, "en")
    for part in (text_of(message), html_of(message)):
        assert "Hello Rita Representant," in part
        assert f"Cora Samordnare has scheduled your question {issue.reference}" in part
        assert weekday in part and "Where: Not decided yet (On site)" in part
        assert "On the agenda as: Dialogue, 20 min" in part
    assert '<html lang="en">' in html_of(message)


@pytest.mark.parametrize(
    "route, status, subject, words",
    [
        (
            "return",
            IssueStatus.RETURNED,
            "{ref} har skickats tillbaka till dig för komplettering",
            ["har skickat tillbaka din fråga", "Komplettera frågan och skicka in den igen"],
        ),
        (
            "park",
            IssueStatus.PARKED,
            "{ref} har parkerats till ett senare möte",
            ["har parkerat din fråga", "Anteckning:"],
        ),
        (
            "refer",
            IssueStatus.REFERRED,
            "{ref} har hänvisats: Arbetsgruppen för hållbara...",
            ["har hänvisat din fråga", "den hanteras bättre utanför nätverket"],
        ),
        (
            "decline",
            IssueStatus.DECLINED,
            "{ref} har avböjts",
            ["har avböjt din fråga", "Skälet:"],
        ),
    ],
)
def test_each_decision_tells_the_submitter_what_the_coordinator_wrote(
    client, world, login_as, smtp, route, status, subject, words
):
    issue = queued(world)
    login_as("coordinator")

    assert decide(client, world, issue, route).status_code == 302

    assert status_of(issue) == status
    message = smtp.one_to(SUBMITTER)
    (mail,) = outbox()
    assert mail.subject == subject.format(ref=issue.reference)
    if route != "refer":
        # Python's mail header folding (before CPython gh-144156) drops the space between two
        # encoded words, which a longer subject with several å, ä, ö is split into.
        assert message["Subject"] == mail.subject
    text, html = text_of(message), html_of(message)
    for part in (text, html):
        assert MESSAGES[route] in part
        assert "“Laddstolpar vid förvaltningarna”" in part
        assert f"http://localhost/issues/{issue.id}" in part
        for word in words:
            assert word in part
    if route == "return":
        assert f"http://localhost/issues/{issue.id}/edit" in text
        assert f'<a href="http://localhost/issues/{issue.id}/edit">' in html
    else:
        assert "/edit" not in text
    assert mail.template == f"decision_{status.value}" and mail.status == MailStatus.SENT


@pytest.mark.parametrize(
    "route, subject, word",
    [
        ("return", "{ref} is returned to you for more information", "with this message:"),
        ("park", "{ref} is parked for a later meeting", "Note:"),
        ("refer", "{ref} is referred: Arbetsgruppen för hållbara...", "here:"),
        ("decline", "{ref} is declined", "The reason:"),
    ],
)
def test_each_decision_in_english(client, world, login_as, smtp, route, subject, word):
    world.representative.language = "en"
    issue = queued(world)
    login_as("coordinator")

    decide(client, world, issue, route)

    message = smtp.one_to(SUBMITTER)
    assert outbox()[0].subject == subject.format(ref=issue.reference)
    for part in (text_of(message), html_of(message)):
        assert "Hello Rita Representant," in part and word in part
        assert MESSAGES[route] in part


def test_a_park_without_a_note_says_no_note(client, world, login_as, smtp):
    issue = queued(world)
    login_as("coordinator")
    decide(client, world, issue, "park", message="")
    text = text_of(smtp.one_to(SUBMITTER))
    assert "har parkerat din fråga" in text and "Anteckning" not in text


def test_a_long_referral_keeps_the_subject_short_and_the_whole_text_in_the_mail(
    client, world, login_as, smtp
):
    where = "Ledningsgruppen för samhällsbyggnad, via förvaltningschefernas möte i december " * 3
    issue = queued(world)
    login_as("coordinator")
    decide(client, world, issue, "refer", message=where)
    subject = outbox()[0].subject
    assert len(subject) < 70 and subject.endswith("...")
    assert where.strip() in text_of(smtp.one_to(SUBMITTER))


def test_taken_off_the_agenda_back_to_the_queue(client, world, login_as, smtp):
    issue = queued(world)
    login_as("coordinator")
    decide(client, world, issue, "schedule")
    meeting = world.neh_meeting
    db.session.expire_all()
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == issue.id))

    response = client.post(
        f"/meetings/{meeting.id}/items/{item.id}/remove", data={"version": item.meeting.version}
    )
    send_pending()

    assert response.status_code in (200, 302) and status_of(issue) == IssueStatus.SUBMITTED
    scheduled, unscheduled = smtp.to(SUBMITTER)
    name = item.meeting.name
    assert unscheduled["Subject"] == (
        f"{issue.reference} har tagits bort från dagordningen för {name}"
    )
    for part in (text_of(unscheduled), html_of(unscheduled)):
        assert f"Cora Samordnare har tagit bort din fråga {issue.reference}" in part
        assert "är tillbaka i kön" in part


def test_html_part_escapes_what_people_wrote(client, world, login_as, smtp):
    issue = queued(world, title="Tak <script>alert(1)</script>")
    login_as("coordinator")
    decide(client, world, issue, "return", message="Svara <b>senast</b> & snart")
    message = smtp.one_to(SUBMITTER)
    html = html_of(message)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "Svara &lt;b&gt;senast&lt;/b&gt; &amp; snart" in html
    assert "Svara <b>senast</b> & snart" in text_of(message)


# Who is told ----------------------------------------------------------------------------------


def test_no_mail_when_the_submitter_decides_on_the_own_question(client, world, login_as, smtp):
    world.both = make_user(
        "both@test.se",
        "Bo Båda",
        administration=world.env,
        roles={world.neh: Role.COORDINATOR},
    )
    db.session.commit()
    own = queued(world, submitter=world.both, title="Egen fråga")
    other = queued(world, title="Rita frågar")
    login_as("both")

    for issue, route in ((own, "schedule"), (other, "park")):
        assert decide(client, world, issue, route).status_code == 302

    assert status_of(own) == IssueStatus.SCHEDULED
    assert [m["To"] for m in smtp.messages] == [SUBMITTER]
    assert [mail.recipient for mail in outbox()] == [SUBMITTER]


def test_no_mail_to_a_closed_account(client, world, login_as, smtp):
    world.representative.active = False
    issue = queued(world)
    login_as("coordinator")
    decide(client, world, issue, "decline")
    assert status_of(issue) == IssueStatus.DECLINED and outbox() == []


def test_a_checklist_answer_is_no_decision_and_mails_nobody(client, world, login_as, smtp):
    issue = queued(world)
    login_as("coordinator")
    data = {"question": "affects_several", "answer": "yes"}
    client.post(f"/triage/{issue.id}/assess", data=data)
    send_pending()
    assert outbox() == [] and smtp.messages == []


# Merged: both submitters ----------------------------------------------------------------------


def merge_pair(world):
    """Olle's question is on the agenda; Rita's says the same and is joined into it."""
    into = queued(world, submitter=world.other_representative, title="Skyfallsplan för kommunen")
    merged = queued(world, title="Dagvatten vid kraftiga regn")
    into.status = IssueStatus.SCHEDULED
    db.session.add(
        AgendaItem(
            meeting=world.neh_meeting,
            position=0,
            title=into.title,
            kind=ItemKind.DIALOGUE,
            allotted_minutes=20,
            issue=into,
        )
    )
    world.other_representative.language = "en"
    db.session.commit()
    return into, merged


def test_merged_tells_both_submitters_in_their_languages(app, world, smtp):
    into, merged = merge_pair(world)
    meeting = world.neh_meeting

    mails = notices.merged(into, merged, world.coordinator)
    db.session.commit()

    assert send_pending().sent == 2 and len(mails) == 2
    rita, olle = smtp.one_to(SUBMITTER), smtp.one_to("other@test.se")
    assert rita["Subject"] == f"{merged.reference} har slagits ihop med {into.reference}"
    assert olle["Subject"] == f"{merged.reference} is merged into {into.reference}"
    for part in (text_of(rita), html_of(rita)):
        assert f"har slagit ihop din fråga {merged.reference}" in part
        assert f"med {into.reference} “Skyfallsplan för kommunen” från Socialförvaltningen" in part
        assert f"Dagordningspunkten är på {meeting.name}" in part
    for part in (text_of(olle), html_of(olle)):
        assert f"has joined {merged.reference} “Dagvatten vid kraftiga regn”" in part
        assert "from Miljöförvaltningen into your question" in part
        assert "share one agenda item" in part
        assert f"http://localhost/issues/{into.id}" in part
        assert f"http://localhost/issues/{merged.id}" in part
        assert f"http://localhost/meetings/{meeting.id}" in part


def test_merged_skips_the_coordinator_who_merged_and_mails_one_submitter_once(app, world):
    into, merged = merge_pair(world)
    # Olle merges, as if he coordinated: only Rita hears of it.
    assert [m.recipient for m in notices.merged(into, merged, world.other_representative)] == [
        SUBMITTER
    ]
    db.session.rollback()
    same = queued(world, title="Samma igen")
    assert len(notices.merged(merged, same, world.coordinator)) == 1


def test_the_merge_decision_mails_both_submitters_with_it(app, world, smtp):
    into, merged = merge_pair(world)

    operations.merge(world.coordinator, merged, into, merged.version)
    send_pending()

    assert status_of(merged) == IssueStatus.MERGED
    assert {m["To"] for m in smtp.messages} == {SUBMITTER, "other@test.se"}
    assert all(mail.template == "decision_merged" for mail in outbox())


def test_a_bulk_park_mails_each_submitter(app, world, smtp):
    first = queued(world, title="Första")
    second = queued(world, submitter=world.other_representative, title="Andra")

    selected = [(first, first.version), (second, second.version)]
    operations.bulk(world.coordinator, selected, "park", "Till hösten")
    send_pending()

    assert status_of(first) == status_of(second) == IssueStatus.PARKED
    for address in (SUBMITTER, "other@test.se"):
        assert "Till hösten" in text_of(smtp.one_to(address))


# A failing mail server never loses or blocks a decision ---------------------------------------


def test_server_down_the_decision_stands_and_send_mail_delivers_later(
    app, client, world, login_as, smtp, runner
):
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    issue = queued(world)
    login_as("coordinator")

    assert decide(client, world, issue, "decline").status_code == 302

    assert status_of(issue) == IssueStatus.DECLINED
    (mail,) = outbox()
    assert mail.status == MailStatus.PENDING and mail.attempts == 1 and mail.last_error
    assert smtp.messages == []

    app.config["MAIL_PORT"] = smtp.port
    make_due(mail)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0 and "Sent 1," in result.output
    assert outbox()[0].status == MailStatus.SENT
    assert smtp.one_to(SUBMITTER)["Subject"] == f"{issue.reference} har avböjts"


def test_a_rejected_address_fails_the_mail_not_the_decision(client, world, login_as, smtp):
    world.representative.email = "rejected-rita@test.se"
    db.session.commit()
    refused = queued(world, title="Till en adress som inte finns")
    fine = queued(world, submitter=world.other_representative, title="Till Olle")
    login_as("coordinator")

    assert decide(client, world, refused, "park").status_code == 302
    assert decide(client, world, fine, "park").status_code == 302

    assert status_of(refused) == status_of(fine) == IssueStatus.PARKED
    failed, sent = outbox()
    assert failed.recipient == "rejected-rita@test.se" and failed.status == MailStatus.FAILED
    assert "550" in failed.last_error
    assert sent.recipient == "other@test.se" and sent.status == MailStatus.SENT
    assert [m["To"] for m in smtp.messages] == ["other@test.se"]


def test_a_refused_decision_leaves_no_mail(client, world, login_as, smtp):
    issue = queued(world)
    login_as("coordinator")
    stale = issue.version - 1
    response = client.post(f"/triage/{issue.id}/park", data={"version": stale, "message": "x"})
    assert response.status_code == 409 and outbox() == []


def test_a_decision_another_coordinator_beat_at_commit_takes_its_mail_back(
    client, world, login_as, smtp
):
    issue = queued(world)
    login_as("coordinator")

    def someone_else_first(session):
        # Between this decision's checks (and its queued mail) and its commit.
        with db.engine.begin() as other:
            other.execute(
                update(Issue)
                .where(Issue.id == issue.id)
                .values(status=IssueStatus.DECLINED, version=Issue.version + 1)
            )

    event.listen(db.session, "before_commit", someone_else_first, once=True)
    response = decide(client, world, issue, "schedule")

    assert response.status_code == 409
    assert "Another coordinator" in response.get_data(as_text=True) or (
        "En annan samordnare" in response.get_data(as_text=True)
    )
    assert status_of(issue) == IssueStatus.DECLINED
    assert outbox() == [] and smtp.messages == []
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == issue.id)) is None
