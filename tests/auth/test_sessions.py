"""Ending sessions: what ends a session is stored with the account, so it holds on every app
server at once."""

from hallbarhet.extensions import db
from hallbarhet.models import User
from tests.factories import PASSWORD
from tests.helpers import login


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


# The overview loads the account; the readers' pages ask only who the reader is
# (auth.readers), by the same rules: each must say the same.
PAGES = ("/", "/agenda", "/meetings")


def signed_in(client) -> bool:
    answers = set()
    for page in PAGES:
        response = client.get(page)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login")
        else:
            assert response.status_code == 200, page
        answers.add(response.status_code == 200)
    assert len(answers) == 1, f"{PAGES} disagree on whether the session is signed in"
    return answers.pop()


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
