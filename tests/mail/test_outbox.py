"""The outbox: mail is written with the caller's change and sent after it, through a real
SMTP server (aiosmtpd in a thread) or as .eml files."""

from datetime import timedelta
from email.parser import BytesParser
from email.policy import default as default_policy

import pytest
from babel.dates import format_datetime
from sqlalchemy import func, select, text, update

from hallbarhet.extensions import db
from hallbarhet.mail import queue, queue_once, send_pending
from hallbarhet.mail.sending import _claim
from hallbarhet.models import MailStatus, Meeting, OutboxMail, SentReminder
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import make_issue
from tests.mailbox import free_port, make_due, outbox, smtp_server  # noqa: F401  (the smtp fixture)


@pytest.fixture
def outbox_dir(app, tmp_path):
    directory = tmp_path / "outbox"
    app.config.update(MAIL_BACKEND="files", MAIL_OUTBOX_DIR=str(directory))
    return directory


def cancelled(world, to="rita@test.se", language="en", **context):
    issue = context.pop("issue", None) or make_issue(world.neh, world.representative)
    return queue(
        to,
        "meeting_cancelled",
        language,
        meeting=world.neh_meeting,
        recipient_name="Rita Representant",
        reason="Lokalen är inte tillgänglig",
        issue=issue,
        **context,
    )


def test_mail_is_kept_with_the_callers_change_and_rolled_back_with_it(world):
    meeting = world.neh_meeting
    meeting.cancel_reason = "Lokalen är inte tillgänglig"
    cancelled(world)
    db.session.rollback()
    assert outbox() == []
    assert db.session.get(Meeting, meeting.id).cancel_reason == ""

    meeting.cancel_reason = "Lokalen är inte tillgänglig"
    issue = make_issue(world.neh, world.representative, title="Solceller på taket")
    cancelled(world, issue=issue)
    db.session.commit()
    (mail,) = outbox()
    assert db.session.get(Meeting, meeting.id).cancel_reason == "Lokalen är inte tillgänglig"
    assert mail.status == MailStatus.PENDING and mail.sent_at is None and mail.attempts == 0
    assert mail.recipient == "rita@test.se" and mail.template == "meeting_cancelled"
    assert mail.subject == f"Cancelled: {meeting.name}"
    assert f"{issue.reference} “Solceller på taket” is back in the queue" in mail.text
    assert "<!DOCTYPE html>" in mail.html and "Lokalen är inte tillgänglig" in mail.html


def test_html_part_escapes_what_people_wrote(world):
    issue = make_issue(world.neh, world.representative, title="Tak <script>alert(1)</script>")
    mail = cancelled(world, issue=issue)
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html
    assert "Tak <script>alert(1)</script>" in mail.text


def test_sent_over_smtp_as_text_and_html_in_the_recipients_language(world, smtp):
    cancelled(world, to="rita@test.se", language="sv")
    cancelled(world, to="rita.en@test.se", language="en")
    db.session.commit()

    result = send_pending()

    assert (result.sent, result.deferred, result.failed) == (2, 0, 0)
    arrived = {message["To"]: message for message in smtp.messages}
    swedish, english = arrived["rita@test.se"], arrived["rita.en@test.se"]
    words = {"sv": ("Inställt", "Hej"), "en": ("Cancelled", "Hello")}
    for message, lang in ((swedish, "sv"), (english, "en")):
        weekday = format_datetime(world.neh_meeting.starts_at, "EEEE", LOCAL_TZ, lang)
        cancelled_word, hello = words[lang]
        assert message["Subject"] == f"{cancelled_word}: {world.neh_meeting.name}"
        assert message["From"] == "Hållbarhetsnätverket <noreply@example.org>"
        assert message["Content-Language"] == lang
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"{hello} Rita Representant," in text and "Lokalen är inte tillgänglig" in text
        assert f'<html lang="{lang}">' in html and f"<p>{hello} Rita Representant,</p>" in html
        assert weekday in text and weekday in html
    assert all(mail.status == MailStatus.SENT and mail.sent_at for mail in outbox())


def test_files_backend_writes_an_eml_that_parses(world, outbox_dir):
    cancelled(world)
    db.session.commit()

    assert send_pending().sent == 1

    (path,) = outbox_dir.iterdir()
    assert path.suffix == ".eml"
    message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
    assert message["To"] == "rita@test.se"
    assert message["Subject"] == f"Cancelled: {world.neh_meeting.name}"
    assert "Rita Representant" in message.get_body(("plain",)).get_content()
    assert "<p>Hello Rita Representant,</p>" in message.get_body(("html",)).get_content()
    assert outbox()[0].status == MailStatus.SENT


def test_files_backend_is_the_default_in_tests(app, world, tmp_path):
    app.config.update(MAIL_BACKEND=None, MAIL_OUTBOX_DIR=str(tmp_path / "default"))
    cancelled(world)
    db.session.commit()
    assert send_pending().sent == 1
    assert len(list((tmp_path / "default").glob("*.eml"))) == 1


def test_a_server_that_is_down_keeps_the_mail_for_later_and_raises_nothing(app, world, smtp):
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    cancelled(world)
    db.session.commit()
    before = utcnow()

    result = send_pending()

    assert (result.sent, result.deferred, result.failed) == (0, 1, 0)
    (mail,) = outbox()
    assert mail.status == MailStatus.PENDING and mail.attempts == 1
    assert "Connection" in mail.last_error or "Errno" in mail.last_error
    assert mail.next_attempt_at > before + timedelta(seconds=30)
    # Not due yet: a run right after tries nothing.
    assert send_pending().deferred == 0 and outbox()[0].attempts == 1

    app.config["MAIL_PORT"] = smtp.port
    make_due(mail)
    assert send_pending().sent == 1
    (mail,) = outbox()
    assert mail.status == MailStatus.SENT and mail.attempts == 2 and mail.last_error == ""
    assert len(smtp.messages) == 1


def test_a_busy_server_is_tried_again_with_a_longer_wait(app, world, smtp):
    mail = cancelled(world, to="busy@test.se")
    db.session.commit()

    assert send_pending().deferred == 1
    first_wait = outbox()[0].next_attempt_at - utcnow()
    make_due(mail)
    assert send_pending().deferred == 1
    (mail,) = outbox()
    assert mail.attempts == 2 and "451" in mail.last_error
    assert mail.next_attempt_at - utcnow() > first_wait + timedelta(seconds=30)
    assert smtp.messages == []


def test_a_mail_that_keeps_failing_is_given_up(app, world, smtp):
    app.config["MAIL_RETRY_DAYS"] = 2
    mail = cancelled(world, to="busy@test.se")
    db.session.commit()
    send_pending()
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail.id)
        .values(created_at=utcnow() - timedelta(days=2, seconds=1))
    )
    make_due(mail)
    result = send_pending()
    assert result.failed == 1
    assert outbox()[0].status == MailStatus.FAILED and "451" in outbox()[0].last_error


def test_a_rejected_recipient_is_failed_for_good_and_the_rest_still_go(world, smtp):
    rejected = cancelled(world, to="rejected@test.se")
    cancelled(world, to="rita@test.se")
    db.session.commit()

    result = send_pending()

    assert (result.sent, result.deferred, result.failed) == (1, 0, 1)
    failed, sent = outbox()
    assert failed.status == MailStatus.FAILED and "550" in failed.last_error
    assert sent.status == MailStatus.SENT
    assert [m["To"] for m in smtp.messages] == ["rita@test.se"]
    # Never tried again.
    make_due(rejected)
    assert send_pending().failed == 0
    assert outbox()[0].attempts == 1


def test_send_mail_twice_sends_once(world, smtp, runner):
    cancelled(world)
    db.session.commit()

    first = runner.invoke(args=["send-mail"])
    second = runner.invoke(args=["send-mail"])

    assert first.exit_code == 0 and "Sent 1," in first.output
    assert second.exit_code == 0 and "Sent 0," in second.output
    assert len(smtp.messages) == 1


def test_a_mail_another_sender_holds_is_not_sent_twice(world, smtp):
    cancelled(world)
    db.session.commit()
    assert len(_claim(10)) == 1  # another sender, still busy with it

    assert send_pending().sent == 0
    assert smtp.messages == []


@pytest.mark.own_app
def test_in_development_mail_queued_by_a_request_may_be_sent_after_its_response(app, world, smtp):
    app.config["MAIL_SEND_AFTER_REQUEST"] = True  # e.g. a mail catcher on a developer's machine

    def cancel():
        cancelled(world)
        db.session.commit()
        return "done"

    app.add_url_rule("/test-queue", "test_queue", cancel, methods=["POST"])
    client = app.test_client()

    response = client.post("/test-queue")
    assert response.status_code == 200 and smtp.messages == []  # not while answering
    response.close()  # what the WSGI server does once the response has gone out

    assert len(smtp.messages) == 1
    assert outbox()[0].status == MailStatus.SENT


def test_a_reminder_is_queued_once(world):
    for _ in range(2):
        queue_once(
            "cancelled",
            f"meeting:{world.neh_meeting.id}:user:{world.representative.id}",
            "rita@test.se",
            "meeting_cancelled",
            "sv",
            meeting=world.neh_meeting,
            recipient_name="Rita",
            reason="",
            issue=None,
        )
        db.session.commit()
    assert len(outbox()) == 1
    assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 1


def test_queue_refuses_what_is_not_an_address(world):
    with pytest.raises(ValueError):
        cancelled(world, to="rita@test.se\nBcc: all@test.se")


def test_a_long_swedish_subject_arrives_with_every_space(world, smtp):
    subject = (
        "NEH-2026-014 har hänvisats: Arbetsgruppen för hållbara måltider och "
        "förskolornas kemikaliesmarta miljöer i Östra och Västra stadsdelen"
    )
    db.session.add(
        OutboxMail(
            recipient="rita@test.se",
            template="decision_referred",
            language="sv",
            subject=subject,
            text="Hej\n",
            html="<p>Hej</p>",
            next_attempt_at=utcnow(),
        )
    )
    db.session.commit()
    assert send_pending().sent == 1
    (message,) = smtp.messages
    assert message["Subject"] == subject


def test_a_mail_another_worker_is_claiming_is_passed_over_not_waited_for(app, world):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE SKIP LOCKED): SQLite writes one at a time")
    held, free = cancelled(world, to="held@test.se"), cancelled(world, to="free@test.se")
    db.session.commit()
    other = db.engine.connect()
    try:
        # Another worker's claim, still in its transaction, holds the first mail's row.
        other.execute(text("SELECT id FROM outbox_mail WHERE id = :id FOR UPDATE"), {"id": held.id})
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))  # waiting would fail

        assert [mail.id for mail in _claim(10)] == [free.id]
    finally:
        other.rollback()
        other.close()
    assert [mail.id for mail in _claim(10)] == [held.id]
