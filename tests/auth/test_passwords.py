"""One's own password: the first administrator's link from create-admin, a link asked for
when the password is forgotten, a change when signed in; every link good once, for a while,
unchanged; every change ends the account's other sessions."""

import re

import itsdangerous.timed
import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Event, OutboxMail, User
from tests.factories import PASSWORD

NEW = "en lång ny lösenfras"
CSRF_TOKEN = re.compile(r'(name="csrf[-_]token"(?: type="hidden")? (?:content|value)=")[^"]*')
LINK = re.compile(r"https?://[^\s\"<]+/password/(first|reset)/[^\s\"<]+")


def path_of(url: str) -> str:
    return url.split("localhost", 1)[1]


def link_in(text: str) -> str:
    match = LINK.search(text)
    assert match, text
    return path_of(match.group(0))


def sign_in(client, email: str, password: str):
    return client.post("/login", data={"email": email, "password": password})


def choose(client, path: str, password: str = NEW, confirm: str | None = None):
    return client.post(path, data={"password": password, "confirm": confirm or password})


def test_create_admin_on_an_empty_database_prints_a_link_that_works_once(app, client, runner):
    assert db.session.scalar(select(User.id)) is None
    result = runner.invoke(args=["create-admin", "--email", " A.B@Kommun.se ", "--name", "A B"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User))
    assert (admin.email, admin.name, admin.is_admin, admin.password_hash) == (
        "a.b@kommun.se",
        "A B",
        True,
        "",
    )
    assert "24" in result.output
    path = link_in(result.output)

    page = client.get(path)
    assert page.status_code == 200
    assert "a.b@kommun.se" in page.get_data(as_text=True)
    response = choose(client, path)
    assert response.status_code == 302
    assert client.get("/admin/mail").status_code == 200  # signed in, as administrator

    client.post("/logout")
    again = client.get(path)
    assert again.status_code == 410
    assert "redan använts" in again.get_data(as_text=True)
    assert choose(client, path, "ett annat lösenord här").status_code == 410
    assert sign_in(client, "a.b@kommun.se", NEW).status_code == 302
    actions = db.session.scalars(select(Event.action).order_by(Event.id)).all()
    assert actions == ["account_created", "password_chosen"]


def test_create_admin_makes_an_existing_account_administrator(app, runner, world):
    result = runner.invoke(
        args=["create-admin", "--email", "representative@test.se", "--name", "Rut"]
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(world.representative)
    assert world.representative.is_admin
    assert world.representative.name != "Rut"  # the account is kept as it was
    assert "/password/first/" in result.output


@pytest.mark.parametrize(
    "args", [["--email", "no-address", "--name", "X"], ["--email", "x@kommun.se", "--name", " "]]
)
def test_create_admin_refuses_bad_input(app, runner, args):
    result = runner.invoke(args=["create-admin", *args])
    assert result.exit_code != 0
    assert db.session.scalar(select(User.id)) is None


def test_the_new_password_must_be_long_and_typed_twice(app, client, runner):
    result = runner.invoke(args=["create-admin", "--email", "a@kommun.se", "--name", "A"])
    path = link_in(result.output)
    short = choose(client, path, "kort")
    assert short.status_code == 422
    assert "minst 12" in short.get_data(as_text=True).lower()
    mismatch = choose(client, path, NEW, "något annat helt")
    assert mismatch.status_code == 422
    assert "inte likadana" in mismatch.get_data(as_text=True)
    assert db.session.scalar(select(User.password_hash)) == ""


def test_a_forgotten_password_is_reset_through_the_mailed_link(app, client, world):
    other_device = app.test_client()
    sign_in(other_device, "representative@test.se", PASSWORD)
    assert other_device.get("/issues").status_code == 200

    response = client.post("/password/forgot", data={"email": "REPRESENTATIVE@test.se"})
    assert response.status_code == 302
    flashed = client.get("/login").get_data(as_text=True)
    assert "Om representative@test.se har ett konto" in flashed
    mail = db.session.scalar(select(OutboxMail))
    assert mail.recipient == "representative@test.se"
    assert "inom 1 timme" in mail.text
    path = link_in(mail.text)
    assert "/password/reset/" in path

    assert choose(client, path).status_code == 302
    assert client.get("/issues").status_code == 200
    # The other device's session ended with the change; the old password opens nothing.
    assert other_device.get("/issues").headers["Location"].startswith("/login")
    client.post("/logout")
    assert sign_in(client, "representative@test.se", PASSWORD).status_code == 422
    assert sign_in(client, "representative@test.se", NEW).status_code == 302
    assert client.get(path).status_code == 410


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, client, world):
    answers = []
    for email in ("representative@test.se", "nobody@test.se"):
        response = client.post("/password/forgot", data={"email": email})
        page = client.get("/login").get_data(as_text=True)
        page = CSRF_TOKEN.sub(r"\1", page)  # its signature carries the second it was made
        answers.append((response.status_code, page.replace(email, "ADDRESS")))
    assert answers[0] == answers[1]
    assert [m.recipient for m in db.session.scalars(select(OutboxMail))] == [
        "representative@test.se"
    ]


def test_a_deactivated_account_gets_no_link_and_its_links_open_nothing(app, client, world):
    client.post("/password/forgot", data={"email": "representative@test.se"})
    path = link_in(db.session.scalar(select(OutboxMail.text)))
    world.representative.deactivate()
    db.session.commit()
    assert client.get(path).status_code == 410
    client.post("/password/forgot", data={"email": "representative@test.se"})
    assert db.session.scalar(select(db.func.count(OutboxMail.id))) == 1


def test_an_old_or_tampered_link_opens_nothing(app, client, world, monkeypatch):
    client.post("/password/forgot", data={"email": "representative@test.se"})
    path = link_in(db.session.scalar(select(OutboxMail.text)))
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert client.get(tampered).status_code == 410
    # A first-password link's token is no reset link, nor the other way round.
    assert client.get(path.replace("/reset/", "/first/")).status_code == 410

    now = itsdangerous.timed.time.time()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: now + 3601)
    expired = client.get(path)
    assert expired.status_code == 410
    assert "för gammal" in expired.get_data(as_text=True)
    assert choose(client, path).status_code == 410
    assert db.session.scalar(select(Event.action).where(Event.action == "password_reset")) is None


@pytest.mark.parametrize(
    "app", [{"PASSWORD_RESET_LIMIT_PER_ADDRESS": "3 per minute"}], indirect=True
)
def test_asking_for_links_is_limited_per_client_address(app, client, world):
    codes = [
        client.post("/password/forgot", data={"email": "representative@test.se"}).status_code
        for _ in range(4)
    ]
    assert codes == [302, 302, 302, 429]


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, world):
    other_device = app.test_client()
    sign_in(other_device, "representative@test.se", PASSWORD)
    sign_in(client, "representative@test.se", PASSWORD)

    wrong = client.post(
        "/account/password", data={"current": "fel", "password": NEW, "confirm": NEW}
    )
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert re.search(r'id="current-error">Det nuvarande lösenordet är fel', page)
    db.session.refresh(world.representative)
    assert world.representative.check_password(PASSWORD)

    right = client.post(
        "/account/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW}
    )
    assert right.status_code == 302
    assert client.get("/issues").status_code == 200
    assert other_device.get("/issues").headers["Location"].startswith("/login")
    db.session.refresh(world.representative)
    assert world.representative.check_password(NEW)
    event = db.session.scalar(select(Event).where(Event.action == "password_changed"))
    assert (event.actor, event.person) == (world.representative, world.representative)


def test_the_password_pages_are_in_english_too(app, client, world):
    client.post("/language", data={"language": "en"})
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)
    assert "Mail me a link" in client.get("/password/forgot").get_data(as_text=True)
