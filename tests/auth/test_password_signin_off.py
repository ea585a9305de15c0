"""Where the municipality's directory is the only way in (PASSWORD_SIGNIN false): the
sign-in page has only the directory's button, a password signs nobody in, and the
password pages are not there; settings that could sign nobody in stop the app."""

import pytest
from sqlalchemy import select

from hallbarhet import create_app
from hallbarhet.extensions import db
from hallbarhet.models import User
from tests.factories import PASSWORD
from tests.helpers import DIRECTORY_ONLY

pytestmark = pytest.mark.parametrize("app", [DIRECTORY_ONLY], indirect=True)


def test_the_sign_in_page_offers_only_the_directory(app, client, world):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/login/directory"' in page
    assert "Logga in med kommunens konto" in page
    assert 'name="password"' not in page
    assert "/password/forgot" not in page


def test_a_password_signs_nobody_in(app, client, world):
    response = client.post("/login", data={"email": "admin@test.se", "password": PASSWORD})
    assert response.status_code == 403
    assert "Här loggar man inte in med lösenord" in response.get_data(as_text=True)
    assert client.get("/agenda").headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/password/forgot"),
        ("POST", "/password/forgot"),
        ("GET", "/password/first/not-a-token"),
        ("POST", "/password/reset/not-a-token"),
        ("GET", "/account/password"),
        ("POST", "/account/password"),
    ],
)
def test_the_password_pages_are_not_there(app, client, world, login_as, method, path):
    signed_out = client.open(path, method=method, data={"email": "admin@test.se"})
    if path == "/account/password":
        assert signed_out.headers["Location"].startswith("/login")
    else:
        assert signed_out.status_code == 404
    login_as("participant")
    assert client.open(path, method=method, data={}).status_code == 404


def test_the_header_does_not_offer_to_change_a_password(app, client, world, login_as):
    login_as("participant")
    page = client.get("/agenda").get_data(as_text=True)
    assert "/account/password" not in page
    assert "Pia Deltagare" in page


def test_create_admin_prints_no_password_link(app, runner):
    result = runner.invoke(args=["create-admin", "--email", "it@kommun.se", "--name", "IT"])
    assert result.exit_code == 0, result.output
    assert "/password/" not in result.output
    assert "katalog" in result.output or "directory" in result.output
    assert db.session.scalar(select(User.is_admin).where(User.email == "it@kommun.se"))


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"PASSWORD_SIGNIN": False, "OIDC_ISSUER": ""}, "nobody could sign in"),
        ({"OIDC_ISSUER": "http://sso.kommun.se", "OIDC_CLIENT_ID": "x"}, "https"),
        ({"OIDC_ISSUER": "https://sso.kommun.se", "OIDC_CLIENT_ID": ""}, "OIDC_CLIENT_ID"),
        (
            {"OIDC_ISSUER": "https://sso.kommun.se", "OIDC_CLIENT_ID": "x", "OIDC_SCOPES": "email"},
            "openid",
        ),
    ],
)
def test_settings_that_cannot_work_stop_the_app(app, settings, words):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"} | settings
    with pytest.raises(RuntimeError, match=words):
        create_app(config)
