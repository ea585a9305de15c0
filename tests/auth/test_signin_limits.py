"""The sign-in limits hold whatever the address looks like and whichever process answers:
failed sign-ins are counted in the database, by the address the account is looked up by."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from hallbarhet import create_app
from hallbarhet.auth.signin import normalise_email
from hallbarhet.extensions import db
from hallbarhet.models import LoginFailure
from hallbarhet.models.base import utcnow
from tests.app.test_security import LOW_ACCOUNT, assert_limited, attempt
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
# The same account, written in ways a person would not type but a script would.
WRITTEN = [
    "{}@test.se\x01",
    "\x00{}@test.se",
    "{}@test.se\x7f",
    "{}\u200b@test.se",
    "\ufeff{}@test.se",
    "{}@test.se\u00ad",
    "{}@\uff54est.se",
    " {}@TEST.se\t",
]


def variants(name: str) -> list[str]:
    return [written.format(name) for written in WRITTEN]


VARIANTS = variants("coordinator")


@pytest.mark.parametrize(
    "raw",
    ["coordinator@test.se\x01", "coordi\u200bnator@test.se", "\x00coordinator@test.se"],
)
def test_an_address_with_control_or_invisible_characters_is_refused(client, world, raw):
    response = attempt(client, raw, PASSWORD)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "E-postadressen innehåller tecken som inte kan ingå i en adress." in page
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("raw", VARIANTS)
def test_every_variant_of_an_address_is_the_one_the_account_is_looked_up_by(raw):
    assert normalise_email(raw) == "coordinator@test.se"


@pytest.mark.parametrize("app", LOW_ACCOUNT, indirect=True)
def test_variants_of_an_address_count_against_the_one_account(client, world):
    for number, raw in enumerate(VARIANTS[:3]):
        assert attempt(client, raw, address=f"192.0.2.{number + 1}").status_code == 422
    assert_limited(attempt(client, VARIANTS[3], address="192.0.2.10"))
    assert_limited(attempt(client, "coordinator@test.se", PASSWORD, address="192.0.2.11"))
    assert attempt(client, "participant@test.se", PASSWORD, address="192.0.2.12").status_code == 302


@pytest.mark.parametrize("app", LOW_ACCOUNT, indirect=True)
def test_the_limit_holds_across_app_servers_sharing_the_database(app, client, world):
    other_server = create_app(app.config | LOW_ACCOUNT[0])
    other = other_server.test_client()
    assert attempt(client, "coordinator@test.se", address="192.0.2.1").status_code == 422
    assert attempt(other, "coordinator@test.se", address="192.0.2.2").status_code == 422
    assert attempt(client, "coordinator@test.se", address="192.0.2.3").status_code == 422
    assert_limited(attempt(other, "coordinator@test.se", PASSWORD, address="192.0.2.4"))
    assert_limited(attempt(client, "coordinator@test.se", PASSWORD, address="192.0.2.5"))


def failures() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(LoginFailure.id)))


def test_only_failures_are_kept_and_old_ones_are_cleaned_up(client, world):
    db.session.add(LoginFailure(key="account:long-ago", at=utcnow() - timedelta(days=2)))
    db.session.commit()
    assert attempt(client, "participant@test.se", PASSWORD).status_code == 302
    # The success is not kept, and the failure of two days ago is gone.
    assert failures() == 0
    client.post("/logout")
    assert attempt(client, "participant@test.se").status_code == 422
    # One for the account and one for the address; neither says the address typed.
    assert failures() == 2
    keys = db.session.scalars(select(LoginFailure.key)).all()
    assert not any("participant" in key or "192.0.2" in key for key in keys)


# Under gunicorn: four workers, each with its own memory, answer the same account.

WORKERS = 4
ATTEMPTS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_login(port: int, email: str, password: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        body = urlencode({"email": email, "password": password})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", "/login", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.fixture
def served(database_url, app, world, tmp_path):
    """The test's database served by gunicorn with four workers, with the default limit per
    account and the default (no shared) rate-limit storage; stopped when the test ends."""
    port = free_port()
    env = {
        **os.environ,
        "HALLBARHET_SECRET_KEY": "gunicorn-test-secret",
        "HALLBARHET_BASE_URL": f"http://127.0.0.1:{port}",
        "HALLBARHET_SQLALCHEMY_DATABASE_URI": database_url,
        "HALLBARHET_SESSION_COOKIE_SECURE": "false",
        "HALLBARHET_WTF_CSRF_ENABLED": "false",
        # Only the limit per account is under test; every request comes from 127.0.0.1.
        "HALLBARHET_LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
        "HALLBARHET_MAIL_BACKEND": "files",
        "HALLBARHET_MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
    command += ["--chdir", str(ROOT), "--log-level", "warning", "hallbarhet:create_app()"]
    log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    db.session.remove()
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer in time"
            try:
                if post_login(port, "", "") == 422:
                    break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def send_at_once(port: int, emails: list[str], password: str = "wrong-password") -> list[int]:  # noqa: S107
    """Each sign-in from a thread of its own, all started together, so the workers race."""
    statuses: list[int] = [0] * len(emails)
    barrier = threading.Barrier(len(emails))

    def send(index: int) -> None:
        barrier.wait(timeout=20)
        statuses[index] = post_login(port, emails[index], password)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(emails))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_the_limit_per_account_holds_across_gunicorn_workers(served):
    for name in ("coordinator", "participant"):
        # Written otherwise, with control characters or invisible ones, it is the same account.
        emails = [f"{name}@test.se"] * (ATTEMPTS // 2) + variants(name)
        emails += variants(name)[: ATTEMPTS - len(emails)]
        statuses = send_at_once(served, emails)
        assert set(statuses) <= {422, 429}, statuses
        assert 1 <= statuses.count(422) <= 5, statuses
        # Attempts that raced may have turned each other away; one by one, the failures
        # add up to exactly the limit, and then even the right password waits.
        failed = statuses.count(422)
        while post_login(served, variants(name)[failed % len(WRITTEN)], "wrong") == 422:
            failed += 1
            assert failed <= 5
        assert failed == 5
        assert post_login(served, f"{name}@test.se", PASSWORD) == 429
    assert post_login(served, "representative@test.se", PASSWORD) == 302
