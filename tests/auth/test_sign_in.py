import pytest

from hallbarhet.extensions import db
from hallbarhet.models import User
from tests.factories import PASSWORD


def login(client, email, password=PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def test_login_page_is_served(client):
    response = client.get("/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert "Logga in" in page


def test_signed_out_user_is_sent_to_login(client, world):
    response = client.get("/triage")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_login_with_right_password_signs_in(client, world):
    response = login(client, "Coordinator@Test.se")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("email", ["coordinator@test.se", "nobody@test.se"])
def test_wrong_login_says_the_same_whatever_was_wrong(client, world, email):
    response = login(client, email, "wrong-password")
    assert response.status_code == 422
    assert "E-postadressen eller lösenordet är fel." in response.get_data(as_text=True)


def test_inactive_account_cannot_sign_in(client, world):
    world.participant.active = False
    db.session.commit()
    assert login(client, "participant@test.se").status_code == 422


def test_empty_login_form_says_what_is_missing(client, world):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 422


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/triage", "/triage"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_next_only_leads_to_this_site(client, world, target, expected):
    response = login(client, "coordinator@test.se", next=target)
    assert response.headers["Location"] == expected


@pytest.mark.parametrize(
    "target",
    ["/\r\nSet-Cookie: a=b", "/triage\r", "/triage\nX: y", "/\x00", "/a\x7f", "/%0d%0a\r\n"],
)
def test_a_line_break_or_control_character_in_next_leads_to_the_dashboard(client, world, target):
    response = login(client, "coordinator@test.se", next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_logout_is_a_post(client, world, login_as):
    login_as("participant")
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_language_can_be_switched_to_english_and_is_remembered(client, world, login_as):
    user = login_as("participant")
    client.post("/language", data={"language": "en", "next": "/agenda"})
    assert db.session.get(User, user.id).language == "en"
    page = client.get("/agenda").get_data(as_text=True)
    assert 'lang="en"' in page


# Ending sessions: what ends a session is stored with the account, so it holds on every
# app server at once.


def signed_in_client(app, email, password=PASSWORD):
    client = app.test_client()
    assert login(client, email, password).status_code == 302
    return client


def copy_of(app, client):
    """Another browser holding the very same session cookie (as a thief would)."""
    thief = app.test_client()
    cookie = client.get_cookie("session", domain="localhost")
    thief.set_cookie("session", cookie.value, domain="localhost")
    return thief


def signed_in(client) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def test_a_copied_session_cookie_opens_nothing_after_logout(app, world):
    client = signed_in_client(app, "coordinator@test.se")
    thief = copy_of(app, client)
    assert signed_in(thief)
    assert client.post("/logout").status_code == 302
    assert not signed_in(thief)
    assert not signed_in(client)
    # Signing in again gives a session that works.
    assert signed_in(signed_in_client(app, "coordinator@test.se"))


def test_a_changed_password_ends_the_accounts_other_sessions(app, world):
    other_device = signed_in_client(app, "coordinator@test.se")
    unrelated = signed_in_client(app, "participant@test.se")
    user = db.session.get(User, world.coordinator.id)
    user.set_password("a-new-password")
    db.session.commit()
    assert not signed_in(other_device)
    assert signed_in(unrelated)
    assert login(app.test_client(), "coordinator@test.se").status_code == 422
    assert signed_in(signed_in_client(app, "coordinator@test.se", "a-new-password"))


def test_deactivating_an_account_ends_its_sessions(app, world):
    client = signed_in_client(app, "representative@test.se")
    unrelated = signed_in_client(app, "participant@test.se")
    db.session.get(User, world.representative.id).deactivate()
    db.session.commit()
    assert not signed_in(client)
    assert signed_in(unrelated)


def test_an_account_deactivated_by_hand_is_signed_out_too(app, world):
    client = signed_in_client(app, "representative@test.se")
    db.session.get(User, world.representative.id).active = False
    db.session.commit()
    assert not signed_in(client)


def test_removing_the_last_membership_ends_the_accounts_sessions(app, world):
    client = signed_in_client(app, "participant@test.se")
    unrelated = signed_in_client(app, "coordinator@test.se")
    user = db.session.get(User, world.participant.id)
    user.leave(world.neh.id)
    db.session.commit()
    # One network left: the session goes on, with what that network allows.
    assert signed_in(client)
    assert client.get(f"/meetings/{world.neh_meeting.id}").status_code in (403, 404)
    user.leave(world.nsh.id)
    db.session.commit()
    assert db.session.get(User, world.participant.id).memberships == []
    assert not signed_in(client)
    assert signed_in(unrelated)
