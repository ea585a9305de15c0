"""The coordinators' daily digest of new questions (send-digests), read where it arrives."""

from datetime import timedelta

from sqlalchemy import func, select, update

from hallbarhet.extensions import db
from hallbarhet.mail import send_pending
from hallbarhet.mail.digest import send_digests
from hallbarhet.models import (
    IssueStatus,
    Membership,
    OutboxMail,
    Role,
    SentReminder,
)
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import make_issue
from tests.mail.test_notices import queued
from tests.mailbox import html_of, outbox, smtp_server, text_of  # noqa: F401  (the smtp fixture)


def submitted(world, network, title, hours_ago=1, **kwargs):
    submitter = world.representative if network is world.neh else world.other_representative
    issue = make_issue(network, submitter, title=title, **kwargs)
    issue.submitted_at = utcnow() - timedelta(hours=hours_ago)
    db.session.commit()
    return issue


def digests() -> list[OutboxMail]:
    return [mail for mail in outbox() if mail.template == "digest"]


def test_digest_lists_the_new_questions_with_their_facts_and_the_queue(app, world, smtp):
    world.neh_coordinator.language = "en"
    first = submitted(
        world,
        world.neh,
        "Solceller på <förskoletaken>",
        work_area=world.neh.work_areas[0],
        desired_meeting=world.neh_later,
        latest_date=(utcnow() + timedelta(days=70)).date(),
    )
    second = submitted(world, world.nsh, "Våld i nära relationer")
    submitted(world, world.neh, "För gammal för den första", hours_ago=30)

    assert send_digests() == 2
    assert send_pending().sent == 2

    # Cora coordinates both networks: one digest, both sections.
    cora = smtp.one_to("coordinator@test.se")
    assert cora["Subject"] == f"NEH, NSH: 2 nya frågor ({utcnow().astimezone(LOCAL_TZ):%Y-%m-%d})"
    text, html = text_of(cora), html_of(cora)
    for part in (text, html):
        assert "2 frågor har skickats in till dina nätverk sedan förra sammanställningen." in part
        assert f"{second.reference} Våld i nära relationer" in part
        assert (
            "Förvaltning: Miljöförvaltningen" in part and "Förvaltning: Socialförvaltningen" in part
        )
        assert "Arbetsområde: Koldioxidmålet" in part
        assert f"Önskat möte: {world.neh_later.name}" in part
        assert f"Senaste datum: {first.latest_date:%Y-%m-%d}" in part
        assert "Nätverk för ekologisk hållbarhet (NEH)" in part
        assert "2 frågor väntar i kön." in part  # NEH: the new one and the older one
        assert "1 fråga väntar i kön." in part  # NSH
        assert "Sammanlagt väntar 3 frågor i dina köer." in part
        assert "För gammal" not in part
    assert f"{first.reference} Solceller på <förskoletaken>" in text
    assert "Solceller på &lt;förskoletaken&gt;" in html
    card = f"http://localhost/triage?q={first.reference}#issue-{first.id}"
    assert card in text and f'<a href="{card}">' in html

    # Nils coordinates NEH only, and reads English.
    nils = smtp.one_to("neh-coordinator@test.se")
    assert nils["Subject"].startswith("NEH: 1 new question (")
    text = text_of(nils)
    assert "1 question was submitted to your networks since your previous digest." in text
    assert "Work area: Koldioxidmålet" in text and "2 questions wait in the queue." in text
    assert second.reference not in text and "In all" not in text


def test_digest_is_sent_once_a_day_and_running_it_again_sends_nothing(app, world, runner, smtp):
    submitted(world, world.neh, "Laddstolpar")

    first = runner.invoke(args=["send-digests"])
    second = runner.invoke(args=["send-digests"])

    assert first.exit_code == 0 and "Digests: 2 to coordinators" in first.output
    assert "Mail sent 2," in first.output
    assert second.exit_code == 0 and "Digests: 0 to coordinators" in second.output
    assert len(digests()) == 2 and len(smtp.messages) == 2
    keys = db.session.scalars(select(SentReminder.key).where(SentReminder.kind == "digest"))
    today = utcnow().astimezone(LOCAL_TZ).date()
    ids = (world.coordinator.id, world.neh_coordinator.id)
    assert sorted(keys) == sorted(f"user:{user_id}:{today}" for user_id in ids)


def test_a_second_digest_the_same_day_waits_even_with_something_new(app, world):
    submitted(world, world.neh, "Laddstolpar")
    assert send_digests() == 2
    submitted(world, world.neh, "Ny efter morgonens sammanställning", hours_ago=0)
    assert send_digests() == 0 and len(digests()) == 2


def test_no_digest_when_nothing_is_new(app, world, runner):
    submitted(world, world.neh, "Förra veckan", hours_ago=24 * 7)
    queued(world, title="Utkast", status=IssueStatus.DRAFT)
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0 and "Digests: 0 to coordinators" in result.output
    assert digests() == [] and db.session.scalar(select(func.count(SentReminder.id))) == 0


def test_the_next_digest_covers_what_came_since_the_previous_one(app, world):
    old = submitted(world, world.neh, "Igår")
    assert send_digests() == 2
    new = submitted(world, world.neh, "Idag", hours_ago=0)
    withdrawn = submitted(world, world.neh, "Återtagen", hours_ago=0)
    withdrawn.status = IssueStatus.WITHDRAWN
    db.session.commit()

    # The next day: only what came after the morning's digest.
    assert send_digests(now=utcnow() + timedelta(days=1, hours=1)) == 2
    mail = [m for m in digests() if m.recipient == "neh-coordinator@test.se"][-1]
    assert new.reference in mail.text
    assert old.reference not in mail.text and withdrawn.reference not in mail.text
    # The day after, nothing new: nothing sent.
    assert send_digests(now=utcnow() + timedelta(days=2, hours=1)) == 0


def test_a_coordinator_of_two_networks_gets_one_digest_covering_both(app, world):
    neh = submitted(world, world.neh, "Klimatanpassning av skolgårdar")
    nsh = submitted(world, world.nsh, "Barnrättsbaserat beslutsfattande")
    send_digests()
    cora = [m for m in digests() if m.recipient == "coordinator@test.se"]
    assert len(cora) == 1
    assert neh.reference in cora[0].text and nsh.reference in cora[0].text
    assert cora[0].subject.startswith("NEH, NSH: 2 nya frågor")


def test_digest_goes_to_active_coordinators_only(app, world):
    world.neh_coordinator.active = False
    # A participant made coordinator of NSH hears of NSH's questions only.
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == world.participant.id, Membership.network_id == world.nsh.id)
        .values(role=Role.COORDINATOR)
    )
    submitted(world, world.neh, "Laddstolpar")
    nsh = submitted(world, world.nsh, "Barnbokslådor")
    send_digests()
    assert {mail.recipient for mail in digests()} == {"coordinator@test.se", "participant@test.se"}
    (pia,) = [mail for mail in digests() if mail.recipient == "participant@test.se"]
    assert nsh.reference in pia.text and "Laddstolpar" not in pia.text
    # The administrator sees every queue on the screen but is no network's coordinator.
    assert "admin@test.se" not in {mail.recipient for mail in outbox()}


def test_send_digests_needs_the_sites_address(app, runner):
    app.config.update(SERVER_NAME=None, BASE_URL="")
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code != 0 and "HALLBARHET_BASE_URL" in result.output
