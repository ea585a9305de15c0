"""Signing in and out: the form, its messages, where it leads next, the language."""

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import User
from tests.helpers import login


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


def test_the_page_that_asks_to_sign_in_says_so_in_swedish(client, world):
    page = client.get("/triage", follow_redirects=True).get_data(as_text=True)
    assert "Logga in för att se den sidan." in page
    assert "Please sign in" not in page


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
