"""The site's public address (BASE_URL): required outside debug mode, and outside debug mode
the only address that links in mail are built on, whatever Host a request names."""

import pytest
from sqlalchemy import select

from hallbarhet import create_app
from hallbarhet.extensions import db
from hallbarhet.models import Invitation, IssueStatus, OutboxMail
from tests.factories import make_issue
from tests.invitations.test_invitations import invite_form, publish, scheduled_item

SITE = "https://hallbarhet.kommun.se"
# A served app: not debug, not testing. The test client talks plain http, so the session
# cookie may not be Secure here.
PRODUCTION = {
    "TESTING": False,
    "SERVER_NAME": None,
    "BASE_URL": SITE,
    "SESSION_COOKIE_SECURE": False,
}
# The same with the Host check switched off, to see what links a forged Host would give.
ANY_HOST = PRODUCTION | {"TRUSTED_HOSTS": []}
BEHIND_A_PROXY = ANY_HOST | {"PROXIES": 1}
EVIL = "evil.example"


def started(**config):
    return create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"} | config)


def test_the_app_refuses_to_start_outside_debug_without_the_site_address(monkeypatch):
    monkeypatch.delenv("HALLBARHET_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="HALLBARHET_BASE_URL"):
        started()


@pytest.mark.parametrize(
    "address",
    ["hallbarhet.kommun.se", "ftp://hallbarhet.kommun.se", "https://", "https://x.se/?a=1"],
)
def test_a_site_address_that_is_no_http_address_is_refused_at_start(address):
    with pytest.raises(RuntimeError, match="BASE_URL"):
        started(BASE_URL=address)
    with pytest.raises(RuntimeError, match="BASE_URL"):
        started(BASE_URL=address, DEBUG=True)


def test_debug_mode_and_tests_start_without_the_site_address():
    assert started(DEBUG=True).config["TRUSTED_HOSTS"] is None
    assert started(TESTING=True).config["TRUSTED_HOSTS"] is None


def test_outside_debug_only_the_sites_host_and_the_machine_itself_are_served():
    app = started(BASE_URL=SITE + "/natverk/")
    assert app.config["TRUSTED_HOSTS"] == ["hallbarhet.kommun.se", "localhost", "127.0.0.1"]
    # Set by hand (HALLBARHET_TRUSTED_HOSTS), it is left as it is.
    assert started(BASE_URL=SITE, TRUSTED_HOSTS=["a.se"]).config["TRUSTED_HOSTS"] == ["a.se"]


def signed_in(client, login_as, name: str, host: str = "localhost") -> None:
    """Signed in as the world's `name`, with the session cookie sent to `host`."""
    login_as(name)
    if host != "localhost":
        cookie = client.get_cookie("session")
        client.set_cookie("session", cookie.value, domain=host)


def invitation_mail() -> OutboxMail:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMail).where(OutboxMail.template == "invitation"))


def assert_only_the_site(mail: OutboxMail) -> None:
    for part in (mail.text, mail.html):
        assert f"{SITE}/" in part
        assert EVIL not in part and "localhost" not in part


@pytest.mark.parametrize("app", [ANY_HOST], indirect=True)
def test_an_invitation_sent_with_a_forged_host_links_to_the_site(client, world, login_as):
    item = scheduled_item(world)
    publish(world.neh_meeting)
    signed_in(client, login_as, "representative", host=EVIL)

    response = client.post(
        f"/meetings/{world.neh_meeting.id}/invitations",
        data=invite_form(item=item.id),
        headers={"Host": EVIL},
    )

    assert response.status_code == 302
    mail = invitation_mail()
    assert_only_the_site(mail)
    token = db.session.scalar(select(Invitation)).token()
    assert f"{SITE}/invitations/{token}" in mail.text


@pytest.mark.parametrize("app", [BEHIND_A_PROXY], indirect=True)
def test_behind_a_proxy_a_forged_forwarded_host_changes_no_link(client, world, login_as):
    item = scheduled_item(world)
    publish(world.neh_meeting)
    signed_in(client, login_as, "representative")

    response = client.post(
        f"/meetings/{world.neh_meeting.id}/invitations",
        data=invite_form(item=item.id),
        headers={"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http"},
    )

    assert response.status_code == 302
    assert_only_the_site(invitation_mail())


@pytest.mark.parametrize("app", [ANY_HOST], indirect=True)
def test_a_decision_and_a_published_agenda_mail_links_to_the_site(client, world, login_as):
    issue = make_issue(world.neh, world.representative)
    scheduled_item(world)
    db.session.commit()
    signed_in(client, login_as, "coordinator", host=EVIL)
    forged = {"Host": EVIL}

    parked = client.post(
        f"/triage/{issue.id}/park",
        data={"version": issue.version, "message": "Till våren"},
        headers=forged,
    )
    meeting = world.neh_meeting
    published = client.post(
        f"/meetings/{meeting.id}/publish", data={"version": meeting.version}, headers=forged
    )

    assert parked.status_code == 302 and published.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(issue), issue.id).status == IssueStatus.PARKED
    mails = db.session.scalars(select(OutboxMail)).all()
    templates = {mail.template for mail in mails}
    assert {"decision_parked", "agenda_published"} <= templates
    for mail in mails:
        assert_only_the_site(mail)


@pytest.mark.parametrize("app", [PRODUCTION], indirect=True)
def test_a_request_that_names_another_host_is_refused(client, world, login_as):
    item = scheduled_item(world)
    publish(world.neh_meeting)
    signed_in(client, login_as, "representative", host=EVIL)
    url = f"/meetings/{world.neh_meeting.id}/invitations"

    forged = client.post(url, data=invite_form(item=item.id), headers={"Host": EVIL})

    assert forged.status_code == 400
    assert invitation_mail() is None
    assert client.get("/healthz", headers={"Host": "hallbarhet.kommun.se"}).status_code == 200
    # Health checks and the reverse proxy on the machine itself.
    assert client.get("/healthz", headers={"Host": "127.0.0.1:8000"}).status_code == 200


@pytest.mark.parametrize("app", [PRODUCTION | {"PROXIES": 1}], indirect=True)
def test_behind_a_proxy_a_forged_forwarded_host_is_refused(client):
    forged = client.get("/healthz", headers={"X-Forwarded-Host": EVIL})
    assert forged.status_code == 400
    fine = client.get("/healthz", headers={"X-Forwarded-Host": "hallbarhet.kommun.se"})
    assert fine.status_code == 200


@pytest.mark.parametrize("app", [ANY_HOST], indirect=True)
def test_calendar_files_link_to_the_site(client, world, login_as):
    signed_in(client, login_as, "participant", host=EVIL)
    meeting = world.neh_meeting
    for url in (f"/meetings/{meeting.id}.ics", "/networks/neh/meetings.ics"):
        calendar = client.get(url, headers={"Host": EVIL})
        assert calendar.status_code == 200, url
        body = calendar.get_data(as_text=True).replace("\r\n ", "")
        assert f"{SITE}/meetings/{meeting.id}" in body, url
        assert f"{EVIL}/" not in body, url
