"""No request waits on a mail server: requests only write the outbox, and the mail worker
(`flask --app hallbarhet mail-worker`), a process of its own, sends it."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hallbarhet.extensions import db
from hallbarhet.mail import send_pending
from hallbarhet.mail.worker import MailWorker
from hallbarhet.models import IssueStatus, MailStatus
from tests.factories import make_issue
from tests.mail.test_outbox import cancelled
from tests.mailbox import hanging_smtp_server, outbox, smtp_server  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://hallbarhet.kommun.se"
SERVED = {"TESTING": False, "SERVER_NAME": None, "BASE_URL": SITE, "SESSION_COOKIE_SECURE": False}


def park(client, world):
    """A coordinator parks a question through the triage screen; its submitter is mailed."""
    issue = make_issue(world.neh, world.representative)
    db.session.commit()
    response = client.post(
        f"/triage/{issue.id}/park", data={"version": issue.version, "message": "Till våren"}
    )
    response.close()  # what the WSGI server does once the response has gone out
    db.session.expire_all()
    assert db.session.get(type(issue), issue.id).status == IssueStatus.PARKED
    return response


def queued(world, *recipients: str):
    mails = [cancelled(world, to=address) for address in recipients]
    db.session.commit()
    return mails


@pytest.mark.parametrize("app", [SERVED, {}], ids=["served", "tests"], indirect=True)
def test_a_decision_never_waits_on_a_hanging_mail_server(client, world, login_as, hanging_smtp):
    login_as("coordinator")

    assert park(client, world).status_code == 302

    assert hanging_smtp.connections == 0  # not even tried, during or after the response
    (mail,) = outbox()
    assert mail.status == MailStatus.PENDING and mail.attempts == 0 and mail.last_error == ""


@pytest.mark.parametrize("app", [{"DEBUG": True}], indirect=True)
def test_in_debug_mode_mail_is_written_to_files_at_once(app, client, world, login_as, tmp_path):
    """`make run`: mail goes to instance/outbox/*.eml with no worker running."""
    app.config.update(MAIL_BACKEND=None, MAIL_OUTBOX_DIR=str(tmp_path / "eml"))
    login_as("coordinator")
    park(client, world)
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 1
    assert outbox()[0].status == MailStatus.SENT


@pytest.mark.parametrize("app", [{"DEBUG": True}], indirect=True)
def test_in_debug_mode_mail_to_a_mail_server_waits_for_the_worker(
    client, world, login_as, hanging_smtp
):
    login_as("coordinator")
    park(client, world)
    assert hanging_smtp.connections == 0 and outbox()[0].status == MailStatus.PENDING


def test_the_worker_once_sends_everything_that_waits(app, world, smtp, runner):
    queued(world, *(f"person{n}@test.se" for n in range(5)))

    result = runner.invoke(args=["mail-worker", "--once", "--limit", "2"])

    assert result.exit_code == 0, result.output
    assert sorted(m["To"] for m in smtp.messages) == [f"person{n}@test.se" for n in range(5)]
    assert all(mail.status == MailStatus.SENT for mail in outbox())
    again = runner.invoke(args=["mail-worker", "--once"])
    assert again.exit_code == 0 and len(smtp.messages) == 5


def test_a_worker_asked_to_stop_finishes_the_mail_it_sends_and_leaves_the_rest(app, world, smtp):
    worker = MailWorker(interval=60, limit=10, logger=app.logger)
    first_arrived = smtp.handle_DATA

    async def stop_after_the_first(server, session, envelope):
        worker.stop()  # SIGTERM arrives while the first mail is being sent
        return await first_arrived(server, session, envelope)

    smtp.handle_DATA = stop_after_the_first
    queued(world, "first@test.se", "second@test.se", "third@test.se")

    worker.run()  # returns instead of sleeping for 60 s

    assert [m["To"] for m in smtp.messages] == ["first@test.se"]
    first, *rest = outbox()
    assert first.status == MailStatus.SENT
    # The others are not held for the claim's lease: the next worker sends them at once.
    assert all(m.status == MailStatus.PENDING and m.attempts == 0 for m in rest)
    assert send_pending().sent == 2


def test_the_worker_process_sends_and_stops_cleanly_on_sigterm(app, world, tmp_path):
    (mail,) = queued(world, "rita@test.se")
    env = {
        **os.environ,
        "HALLBARHET_SECRET_KEY": "worker-test",
        "HALLBARHET_BASE_URL": SITE,
        "HALLBARHET_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "HALLBARHET_MAIL_BACKEND": "files",
        "HALLBARHET_MAIL_OUTBOX_DIR": str(tmp_path / "eml"),
        "HALLBARHET_MAIL_WORKER_INTERVAL": "30",
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "flask", "--app", "hallbarhet", "mail-worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while outbox()[0].status != MailStatus.SENT and time.monotonic() < deadline:
            time.sleep(0.1)
        assert outbox()[0].status == MailStatus.SENT
        assert len(list((tmp_path / "eml").glob("*.eml"))) == 1

        worker.send_signal(signal.SIGTERM)  # while it sleeps for 30 s
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "Mail worker started" in output and "Mail worker stopped" in output


def test_two_workers_at_once_send_each_mail_exactly_once(app, world, smtp):
    recipients = [f"person{n}@test.se" for n in range(30)]
    queued(world, *recipients)
    start = threading.Barrier(2)
    errors = []

    def worker():
        with app.app_context():
            try:
                start.wait()
                while send_pending(limit=3).sent:
                    pass
            except Exception as error:  # noqa: BLE001  (reported by the assertion below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(m["To"] for m in smtp.messages) == sorted(recipients)
    assert all(m.status == MailStatus.SENT and m.attempts == 1 for m in outbox())


def test_a_mail_server_that_hangs_keeps_the_mail_for_later(app, world, hanging_smtp, runner):
    (mail,) = queued(world, "rita@test.se")
    result = runner.invoke(args=["mail-worker", "--once"])
    assert result.exit_code == 0
    (mail,) = outbox()
    assert mail.status == MailStatus.PENDING and mail.attempts == 1
    assert "timed out" in mail.last_error
