"""More than one app server: two gunicorn servers on one PostgreSQL and one Redis, with the
requests of each person alternating between them as a load balancer sends them.

A session is good on both and ends on both; the sign-in limit (in the database) and the
password-link limit (in Redis) count the attempts on both; an agenda read from the shared
cache on one server shows a change made on the other at once; one decision taken on both at
the same moment lands once; and two mail workers send each mail of the outbox exactly once.
Skipped without PostgreSQL (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL); in CI never."""

import re
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.mail import queue
from hallbarhet.models import (
    Event,
    Issue,
    IssueStatus,
    MailStatus,
    Meeting,
    MeetingStatus,
    Network,
    OutboxMail,
    User,
)
from tests.app.two_servers import (
    PASSWORD_LINK_LIMIT,
    SIGN_IN_LIMIT,
    Browser,
    Cluster,
    require_services,
)
from tests.factories import make_issue

A, B = 0, 1
RACES = 10
MAILS = 50


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_services()
    cluster = Cluster(tmp_path_factory.mktemp("two-servers"))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def signed_in(cluster: Cluster, server: int, email: str) -> Browser:
    browser = Browser(cluster)
    response = browser.sign_in(server, email)
    assert response.status_code == 302, response.text
    return browser


def test_a_session_from_one_server_opens_the_other_and_signing_out_ends_it_on_both(cluster):
    browser = signed_in(cluster, A, "representative@example.org")
    page = browser.get(B, "/")
    assert page.status_code == 200 and "Rasmus Ek" in page.text
    # The same cookie in another browser, e.g. a second device.
    other = browser.copy()
    assert other.get(A, "/").status_code == 200
    assert other.get(B, "/").status_code == 200

    assert browser.post(B, "/logout", {}).status_code == 302
    for server in (A, B):
        ended = other.get(server, "/")
        assert ended.status_code == 302 and "/login" in ended.headers["Location"]


def test_failed_sign_ins_on_both_servers_count_toward_one_limit(cluster):
    browser = Browser(cluster)
    email = "karin.berg@example.org"
    for attempt in range(SIGN_IN_LIMIT):
        assert browser.sign_in(attempt % 2, email, "fel lösenord").status_code == 422
    refused = browser.sign_in(SIGN_IN_LIMIT % 2, email, "fel lösenord")
    assert refused.status_code == 429 and refused.headers["Retry-After"].isdigit()
    # The right password too, on the other server, until the minute has passed.
    assert browser.sign_in((SIGN_IN_LIMIT + 1) % 2, email).status_code == 429
    # Per account: someone else signs in.
    assert signed_in(cluster, A, "ahmed.hassan@example.org")


def test_password_link_requests_on_both_servers_count_toward_one_limit_in_redis(cluster):
    browser = Browser(cluster)
    for number in range(PASSWORD_LINK_LIMIT):
        sent = browser.post(number % 2, "/password/forgot", {"email": f"ingen{number}@example.org"})
        assert sent.status_code == 302
    refused = browser.post(PASSWORD_LINK_LIMIT % 2, "/password/forgot", {"email": "x@example.org"})
    assert refused.status_code == 429
    assert any("LIMITER" in key for key in cluster.redis_keys()), cluster.redis_keys()


def published_meeting(cluster: Cluster) -> tuple[int, str]:
    with cluster.app.app_context():
        meeting = db.session.scalars(
            select(Meeting)
            .join(Network)
            .where(Network.slug == "neh", Meeting.status == MeetingStatus.AGENDA_PUBLISHED)
        ).one()
        return meeting.id, meeting.theme


VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)">')


def test_an_agenda_cached_by_both_servers_shows_a_change_made_on_either_at_once(cluster):
    # /agenda and the meeting's page, both kept in the shared cache and in the reader's
    # browser (ETag): a change on one server is shown by the other at once.
    meeting_id, theme = published_meeting(cluster)
    participant = signed_in(cluster, A, "participant@example.org")
    coordinator = signed_in(cluster, B, "coordinator@example.org")
    page = f"/meetings/{meeting_id}"
    for round_, (reader, writer) in enumerate([(A, B), (B, A), (A, B)]):
        title = f"Tillagt på server {'AB'[writer]}, varv {round_}"
        etags = {}
        for server in (reader, writer):
            before = participant.get(server, "/agenda")
            assert before.status_code == 200 and theme in before.text
            assert title not in before.text
            kept = participant.get(server, page)
            assert kept.status_code == 200 and title not in kept.text
            etags[server] = kept.headers["ETag"]
        # Both servers answer the same page with the same ETag, and a revisit with a 304.
        assert etags[reader] == etags[writer]
        revisit = participant.get(reader, page, headers={"If-None-Match": etags[reader]})
        assert revisit.status_code == 304
        # The copies both servers just served are the ones in Redis.
        keys = cluster.redis_keys()
        assert any(":page:agenda:" in key for key in keys)
        assert any(":page:meeting:" in key for key in keys)

        builder = coordinator.get(writer, f"/meetings/{meeting_id}")
        version = VERSION.search(builder.text).group(1)
        added = coordinator.post(
            writer,
            f"/meetings/{meeting_id}/items",
            {"version": version, "title": title, "kind": "information", "minutes": "5"},
        )
        assert added.status_code == 302, added.text

        for server in (reader, writer):
            after = participant.get(server, "/agenda")
            assert after.status_code == 200 and title in after.text
            changed = participant.get(server, page, headers={"If-None-Match": etags[server]})
            assert changed.status_code == 200 and title in changed.text


def queued_questions(cluster: Cluster, count: int) -> list[tuple[int, int, str]]:
    """(id, version, reference) of questions waiting in NEH's triage queue."""
    with cluster.app.app_context():
        network = db.session.scalars(select(Network).where(Network.slug == "neh")).one()
        submitter = db.session.scalars(
            select(User).where(User.email == "representative@example.org")
        ).one()
        issues = [
            make_issue(network, submitter, title=f"Samtidigt beslut {n}") for n in range(count)
        ]
        db.session.commit()
        return [(issue.id, issue.version, issue.reference) for issue in issues]


def race(browsers: list[Browser], path: str, data: dict, htmx: bool) -> list[int]:
    """Each browser sends the form to its own server at the same moment; their statuses."""
    barrier = threading.Barrier(len(browsers))
    statuses: list[int | None] = [None] * len(browsers)
    failures: list[BaseException] = []

    def send(server: int, browser: Browser) -> None:
        try:
            barrier.wait(timeout=20)
            statuses[server] = browser.post(server, path, data, htmx=htmx).status_code
        except BaseException as error:  # noqa: BLE001 - raised in the test's own thread
            barrier.abort()
            failures.append(error)

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    assert None not in statuses, "a request did not finish"
    return statuses


def test_one_decision_taken_on_both_servers_at_once_lands_once(cluster):
    # The same coordinator in two browsers, one on each server, each with its own page's
    # CSRF token.
    browsers = [signed_in(cluster, server, "coordinator@example.org") for server in (A, B)]
    for server, browser in enumerate(browsers):
        assert browser.get(server, "/triage").status_code == 200
    questions = queued_questions(cluster, RACES)
    for number, (issue_id, version, _reference) in enumerate(questions):
        statuses = race(
            browsers,
            f"/triage/{issue_id}/park",
            {"version": str(version), "message": "Till höstens tema"},
            htmx=number % 2 == 1,
        )
        won = 200 if number % 2 else 302
        assert sorted(statuses) == sorted([won, 409]), (number, statuses)

    with cluster.app.app_context():
        for issue_id, version, reference in questions:
            issue = db.session.get(Issue, issue_id)
            assert issue.status == IssueStatus.PARKED and issue.version == version + 1
            events = db.session.scalar(
                select(func.count(Event.id)).where(
                    Event.issue_id == issue_id,
                    Event.action == "status",
                    Event.to_value == IssueStatus.PARKED.value,
                )
            )
            assert events == 1
            mails = db.session.scalar(
                select(func.count(OutboxMail.id)).where(
                    OutboxMail.template == "decision_parked",
                    OutboxMail.subject.contains(reference),
                )
            )
            assert mails == 1, reference


MESSAGE_ID = re.compile(r"<outbox\.(\d+)\.")


def queue_mails(cluster: Cluster, count: int) -> None:
    """Mails in the outbox, written at once in one transaction through the app's own
    outbox, as a meeting's cancellation writes them to everyone concerned."""
    with cluster.app.app_context():
        meeting_id, _theme = published_meeting(cluster)
        meeting = db.session.get(Meeting, meeting_id)
        issue = db.session.scalars(select(Issue).where(Issue.reference.is_not(None))).first()
        for number in range(count):
            queue(
                f"mottagare{number}@example.org",
                "meeting_cancelled",
                "sv",
                meeting=meeting,
                recipient_name=f"Mottagare {number}",
                reason="Lokalen är inte tillgänglig",
                issue=issue,
            )
        db.session.commit()


def outbox_state(cluster: Cluster) -> dict[int, MailStatus]:
    with cluster.app.app_context():
        return dict(db.session.execute(select(OutboxMail.id, OutboxMail.status)).all())


def test_two_mail_workers_send_each_mail_exactly_once(cluster):
    cluster.start_mail_workers(2)
    queue_mails(cluster, MAILS)
    deadline = time.monotonic() + 120
    while any(status == MailStatus.PENDING for status in outbox_state(cluster).values()):
        assert time.monotonic() < deadline, "the mail workers did not empty the outbox"
        time.sleep(0.2)
    sent_by_worker = cluster.stop_mail_workers()

    state = outbox_state(cluster)
    assert len(state) >= MAILS
    assert set(state.values()) == {MailStatus.SENT}
    arrived = Counter(
        int(MESSAGE_ID.match(message["Message-ID"]).group(1)) for message in cluster.mail.messages
    )
    assert arrived == Counter(state.keys()), "a mail was sent twice, or not at all"
    assert sum(sent_by_worker) == len(state)
    # Both took part: the claims kept them apart, not turns.
    assert min(sent_by_worker) > 0, sent_by_worker
