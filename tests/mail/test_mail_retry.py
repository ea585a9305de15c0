"""Mail that cannot go now: tried again for a week while the server is only away, failed at
once when it is refused for good, and shown to administrators, who can send failed mail
again (`send-mail --retry-failed`, or the button on /admin/mail)."""

import re
from datetime import timedelta

import pytest

from hallbarhet.extensions import db
from hallbarhet.mail import sending
from hallbarhet.models import MailStatus, OutboxMail
from hallbarhet.models.base import utcnow
from tests.mail.test_outbox import cancelled
from tests.mailbox import free_port, outbox, smtp_server  # noqa: F401  (the smtp fixture)


class Clock:
    """The clock the sender reads (sending.utcnow), moved by hand."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(sending, "utcnow", clock)
    return clock


def mail_row(recipient="rita@test.se", status=MailStatus.PENDING, **values) -> OutboxMail:
    mail = OutboxMail(
        recipient=recipient,
        template="decision_parked",
        language="sv",
        subject=values.pop("subject", f"Till {recipient}"),
        text="Hej\n",
        html="<p>Hej</p>",
        status=status,
        next_attempt_at=values.pop("next_attempt_at", utcnow()),
        **values,
    )
    db.session.add(mail)
    return mail


@pytest.mark.parametrize("failure", ["connection refused", "451 busy"])
def test_a_transient_failure_is_tried_again_for_seven_days_then_given_up(
    app, world, smtp, clock, failure
):
    if failure == "connection refused":
        app.config["MAIL_PORT"] = free_port()  # nobody listens there
        mail = cancelled(world, to="rita@test.se")
    else:
        mail = cancelled(world, to="busy@test.se")  # the server answers 451
    db.session.commit()
    created = mail.created_at
    clock.now = mail.next_attempt_at
    seen = []  # (days since the mail was written, status after the attempt)

    while clock.now < created + timedelta(days=8):
        sending.send_pending()
        (mail,) = outbox()
        seen.append(((clock.now - created) / timedelta(days=1), mail.status))
        if mail.status != MailStatus.PENDING:
            break
        clock.now = mail.next_attempt_at  # the wait is over: the next attempt

    pending = [days for days, status in seen if status == MailStatus.PENDING]
    assert max(pending) > 6.5  # still tried on the seventh day
    (gave_up,) = [days for days, status in seen if status == MailStatus.FAILED]
    assert 7 <= gave_up < 7.5
    (mail,) = outbox()
    assert mail.attempts == len(seen) and mail.attempts > 30
    assert ("Connection" in mail.last_error or "Errno" in mail.last_error) or (
        "451" in mail.last_error
    )
    assert smtp.messages == []


def test_the_wait_between_attempts_grows_to_six_hours(app, world, smtp, clock):
    app.config["MAIL_PORT"] = free_port()
    clock.now = cancelled(world).next_attempt_at
    db.session.commit()
    waits = []
    for _ in range(14):
        sending.send_pending()
        (mail,) = outbox()
        waits.append(mail.next_attempt_at - clock.now)
        clock.now = mail.next_attempt_at
    assert waits[0] == timedelta(minutes=1) and waits[1] == timedelta(minutes=2)
    assert waits[-1] == timedelta(hours=6) and waits == sorted(waits)


def test_a_permanent_refusal_fails_the_mail_at_once(world, smtp, clock):
    clock.now = cancelled(world, to="rejected@test.se").next_attempt_at  # the server answers 550
    db.session.commit()
    assert sending.send_pending().failed == 1
    (mail,) = outbox()
    assert mail.status == MailStatus.FAILED and mail.attempts == 1 and "550" in mail.last_error


def test_retry_failed_sends_failed_mail_again_after_a_fix(app, world, smtp, runner):
    mail_row("rita@test.se", MailStatus.FAILED, attempts=40, last_error="OSError: down")
    mail_row("sent@test.se", MailStatus.SENT, attempts=1, sent_at=utcnow())
    db.session.commit()

    result = runner.invoke(args=["send-mail", "--retry-failed"])

    assert result.exit_code == 0, result.output
    assert "1 failed mail back in the outbox" in result.output and "Sent 1," in result.output
    assert [m["To"] for m in smtp.messages] == ["rita@test.se"]
    again, sent = outbox()
    assert again.status == MailStatus.SENT and again.attempts == 41
    assert sent.attempts == 1  # sent mail is not sent again


# The administrator's page -------------------------------------------------------------------


def waiting_and_failed():
    waiting = mail_row(
        "vantar@test.se",
        subject="Väntar på servern",
        attempts=3,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        next_attempt_at=utcnow() + timedelta(hours=2),
    )
    failed = mail_row(
        "finns-inte@test.se",
        MailStatus.FAILED,
        subject="Misslyckat <b>utskick</b>",
        attempts=1,
        last_error="SMTPRecipientsRefused: 550 5.1.1 No such user",
    )
    mail_row("skickat@test.se", MailStatus.SENT, subject="Redan skickat", sent_at=utcnow())
    db.session.commit()
    return waiting, failed


def test_an_administrator_sees_what_waits_and_what_failed(client, world, login_as):
    waiting_and_failed()
    login_as("admin", lang="en")

    response = client.get("/admin/mail")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r"Waiting\D*1\b", page) and re.search(r"Failed\D*1\b", page)
    assert re.search(r"Sent\D*1\b", page)
    assert "vantar@test.se" in page and "Connection refused" in page
    assert "finns-inte@test.se" in page and "550 5.1.1 No such user" in page
    assert "Misslyckat &lt;b&gt;utskick&lt;/b&gt;" in page
    assert "skickat@test.se" not in page  # sent mail is counted, not listed
    # Newest first; the table is labelled and its headers scoped.
    assert page.index("finns-inte@test.se") < page.index("vantar@test.se")
    assert "<caption>" in page and '<th scope="col">Recipient</th>' in page
    assert 'action="/admin/mail/retry"' in page and 'method="post"' in page
    assert 'href="/admin/mail"' in page  # in the navigation


def test_the_page_in_swedish(client, world, login_as):
    waiting_and_failed()
    login_as("admin")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Utgående e-post" in page and "Skicka misslyckad e-post igen" in page
    assert "Mottagare" in page and "Väntar" in page


def test_a_long_outbox_shows_its_newest_hundred(client, world, login_as):
    for number in range(105):
        mail_row(f"person{number:03d}@test.se")
    db.session.commit()
    login_as("admin", lang="en")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "person104@test.se" in page and "person005@test.se" in page
    assert "person004@test.se" not in page
    assert "The newest 100 of 105 are shown." in page


def test_the_button_sends_failed_mail_again_through_the_worker(client, world, login_as, smtp):
    waiting, failed = waiting_and_failed()
    login_as("admin", lang="en")

    response = client.post("/admin/mail/retry")

    assert response.status_code == 302 and response.headers["Location"] == "/admin/mail"
    assert smtp.messages == []  # the request itself sends nothing
    db.session.expire_all()
    assert failed.status == MailStatus.PENDING and failed.next_attempt_at <= utcnow()
    assert failed.attempts == 1 and "550" in failed.last_error
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "1 failed mail is back in the outbox" in page

    assert sending.send_pending().sent == 1  # the mail worker's next round
    assert [m["To"] for m in smtp.messages] == ["finns-inte@test.se"]


@pytest.mark.parametrize("role", ["coordinator", "representative", "participant"])
def test_only_administrators_see_the_outbox_or_send_it_again(client, world, login_as, role):
    _waiting, failed = waiting_and_failed()
    login_as(role)
    assert client.get("/admin/mail").status_code == 403
    assert client.post("/admin/mail/retry").status_code == 403
    db.session.expire_all()
    assert failed.status == MailStatus.FAILED
    assert 'href="/admin/mail"' not in client.get("/").get_data(as_text=True)


def test_signed_out_the_outbox_asks_to_sign_in(client):
    response = client.get("/admin/mail")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
