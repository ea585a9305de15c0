"""Sign-in with the municipality's directory over OpenID Connect, against a real provider
on loopback (tests/oidc_provider.py): the account made at the first sign-in and found at
the next, every answer that must not sign anyone in (wrong state, nonce, audience, issuer,
signature, an expired token), a provider that does not answer, and a personal identity
number that the token brings and that nothing keeps."""

import time

import pytest
from sqlalchemy import func, select, text

from bench.servers import HangingMailServer as HangingServer
from hallbarhet.extensions import db
from hallbarhet.models import DirectoryMapping, Event, Role, User
from tests.mailbox import free_port
from tests.oidc_provider import (
    CLIENT_ID,
    configure,
    directory_fixture,  # noqa: F401
    provider_fixture,  # noqa: F401
    query_of,
    sign_in,
    start,
    with_query,
)

PERSONNUMMER = "19121212-1212"


def signed_in(client) -> bool:
    return client.get("/agenda").status_code == 200


def users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def actions() -> list[str]:
    """What was recorded about people (the world's meetings have Events of their own)."""
    return list(
        db.session.scalars(
            select(Event.action).where(Event.person_id.is_not(None)).order_by(Event.id)
        )
    )


def anna(provider, sub="anna-sub", **claims):
    provider.person(
        sub,
        **{
            "email": "Anna.Andersson@Kommun.se",
            "name": "Anna Andersson",
            "groups": ["sg-hallbarhet-neh", "sg-alla-anstallda"],
            "department": "Miljöförvaltningen",
        }
        | claims,
    )
    return sub


@pytest.fixture
def mapping(world):
    db.session.add_all(
        [
            DirectoryMapping(
                claim_value="sg-hallbarhet-neh", network=world.neh, role=Role.PARTICIPANT
            ),
            DirectoryMapping(claim_value="miljöförvaltningen", administration=world.env),
        ]
    )
    db.session.commit()


def test_the_first_sign_in_creates_the_account_with_its_administration_and_network(
    app, client, world, mapping, directory
):
    sub = anna(directory)
    redirect = start(client)
    asked = query_of(redirect)
    assert redirect.startswith(f"{directory.url}/oauth2/authorize?")
    assert asked["client_id"] == CLIENT_ID
    assert asked["redirect_uri"] == "http://localhost/login/directory/callback"
    assert asked["response_type"] == "code"
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert len(asked["state"]) >= 20 and len(asked["nonce"]) >= 20
    assert "openid" in asked["scope"].split()

    response = client.get(directory.authorize(redirect, sub))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    overview = client.get("/")
    assert "Hej Anna Andersson" in overview.get_data(as_text=True)

    user = db.session.scalar(select(User).where(User.directory_subject == sub))
    assert (user.email, user.name, user.password_hash) == (
        "anna.andersson@kommun.se",
        "Anna Andersson",
        "",
    )
    assert (user.directory_issuer, user.directory_subject) == (directory.url, sub)
    assert user.administration == world.env
    assert [(m.network.slug, m.role) for m in user.memberships] == [("neh", Role.PARTICIPANT)]
    assert actions() == [
        "directory_account_created",
        "directory_administration",
        "directory_memberships",
    ]
    event = db.session.scalar(select(Event).where(Event.action == "directory_memberships"))
    assert (event.actor, event.person, event.from_value, event.to_value) == (
        None,
        user,
        "",
        "neh:participant",
    )


def test_the_next_sign_in_finds_the_same_account_and_goes_where_the_person_was_going(
    app, client, world, mapping, directory
):
    sub = anna(directory)
    sign_in(client, directory, sub)
    first = db.session.scalar(select(User.id).where(User.directory_subject == sub))
    client.post("/logout")
    assert not signed_in(client)

    response = sign_in(client, directory, sub, next_path="/meetings")
    assert response.headers["Location"] == "/meetings"
    assert signed_in(client)
    assert db.session.scalar(select(User.id).where(User.directory_subject == sub)) == first
    assert users() == 8  # the world's seven and Anna
    assert actions().count("directory_account_created") == 1


def test_an_account_with_the_address_is_linked_and_keeps_its_networks_when_no_row_matches(
    app, client, world, directory
):
    directory.person("rita-sub", email="REPRESENTATIVE@test.se", name="Rita Representant")
    response = sign_in(client, directory, "rita-sub")
    assert response.headers["Location"] == "/"
    rita = db.session.get(User, world.representative.id)
    assert rita.directory_subject == "rita-sub"
    assert {(m.network.slug, m.role) for m in rita.memberships} == {
        ("neh", Role.REPRESENTATIVE),
        ("nsh", Role.REPRESENTATIVE),
    }
    assert actions() == ["directory_linked"]
    assert users() == 7


def test_a_name_changed_in_the_directory_follows_to_the_account(app, client, world, directory):
    sub = anna(directory)
    sign_in(client, directory, sub)
    client.post("/logout")
    anna(directory, name="Anna Berg")
    sign_in(client, directory, sub)
    user = db.session.scalar(select(User).where(User.directory_subject == sub))
    assert user.name == "Anna Berg"
    event = db.session.scalar(select(Event).where(Event.action == "directory_renamed"))
    assert (event.from_value, event.to_value) == ("Anna Andersson", "Anna Berg")


def test_a_deactivated_account_is_refused_and_left_as_it_was(app, client, world, directory):
    world.participant.deactivate()
    db.session.commit()
    directory.person("pia-sub", email="participant@test.se", name="Pia Deltagare")
    response = sign_in(client, directory, "pia-sub")
    assert response.status_code == 403
    assert "inaktiverat" in response.get_data(as_text=True)
    assert not signed_in(client)
    assert db.session.get(User, world.participant.id).directory_subject is None
    assert actions() == []


def test_an_address_linked_to_another_person_of_the_directory_is_refused(
    app, client, world, directory
):
    directory.person("first-sub", email="outsider@test.se", name="Otto Utanför")
    sign_in(client, directory, "first-sub")
    client.post("/logout")
    directory.person("second-sub", email="outsider@test.se", name="Otto Ny")
    response = sign_in(client, directory, "second-sub")
    assert response.status_code == 403
    assert not signed_in(client)
    assert db.session.get(User, world.outsider.id).directory_subject == "first-sub"


def _refused(client, response, before: int, words: str) -> None:
    """A 4xx page in words, nobody signed in, nothing written."""
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert not signed_in(client)
    assert users() == before
    assert actions() == []


def test_a_wrong_state_signs_nobody_in(app, client, world, directory):
    sub = anna(directory)
    answer = directory.authorize(start(client), sub)
    response = client.get(with_query(answer, state="not-the-state-we-sent"))
    _refused(client, response, 7, "i ett annat fönster")


def test_a_sign_in_started_again_replaces_the_earlier_one(app, client, world, directory):
    sub = anna(directory)
    earlier = directory.authorize(start(client), sub)
    later = directory.authorize(start(client), sub)
    _refused(client, client.get(earlier), 7, "i ett annat fönster")
    assert client.get(later).status_code == 302
    assert signed_in(client)


def test_an_answer_used_twice_signs_in_once(app, client, world, directory):
    sub = anna(directory)
    answer = directory.authorize(start(client), sub)
    assert client.get(answer).status_code == 302
    client.post("/logout")
    assert client.get(answer).status_code == 400
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        pytest.param({"nonce": "not-the-nonce-we-sent"}, "'nonce'", id="wrong-nonce"),
        pytest.param({"exp": int(time.time()) - 3600}, "expired", id="expired"),
        # With azp naming us, as a token meant for another application may: Authlib alone
        # would accept it; the audience check refuses it.
        pytest.param(
            {"aud": "another-application", "azp": CLIENT_ID}, "'aud'", id="wrong-audience"
        ),
        pytest.param({"iss": "http://127.0.0.1:1"}, "'iss'", id="wrong-issuer"),
    ],
)
def test_an_id_token_that_fails_a_check_signs_nobody_in(
    app, client, world, directory, caplog, claims, reason
):
    sub = anna(directory, sub=f"anna-{sorted(claims)[0]}", **claims)
    _refused(client, sign_in(client, directory, sub), 7, "kunde inte kontrolleras")
    assert reason in caplog.text


def test_an_id_token_not_signed_by_the_issuers_keys_signs_nobody_in(
    app, client, world, directory, caplog
):
    sub = anna(directory)
    directory.publish_foreign_keys()
    _refused(client, sign_in(client, directory, sub), 7, "kunde inte kontrolleras")
    assert "BadSignatureError" in caplog.text


def test_an_address_the_directory_does_not_vouch_for_makes_no_account(
    app, client, world, directory
):
    sub = anna(directory, email_verified=False)
    response = sign_in(client, directory, sub)
    assert response.status_code == 400
    assert "e-postadress" in response.get_data(as_text=True)
    assert not signed_in(client)
    assert users() == 7


def test_a_sign_in_cancelled_at_the_provider_signs_nobody_in(app, client, world, directory):
    redirect = start(client)
    callback = query_of(redirect)["redirect_uri"]
    response = client.get(with_query(callback, error="access_denied", state="x"))
    _refused(client, response, 7, "avbröts")


def test_a_provider_that_is_not_there_gives_a_page_that_says_so(app, client, world):
    configure(app, f"http://127.0.0.1:{free_port()}")
    response = client.get("/login/directory")
    assert response.status_code == 503
    assert "svarar inte" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_provider_that_does_not_answer_is_waited_for_a_moment_only(app, client, world):
    hanging = HangingServer()
    try:
        configure(app, f"http://127.0.0.1:{hanging.port}", OIDC_TIMEOUT=0.3)
        response = client.get("/login/directory")
    finally:
        hanging.close()
    assert response.status_code == 503
    assert "svarar inte" in response.get_data(as_text=True)


def test_a_provider_failing_at_the_codes_exchange_signs_nobody_in(app, client, world, directory):
    sub = anna(directory)
    answer = directory.authorize(start(client), sub)
    directory.failing.add("/oauth2/token")
    response = client.get(answer)
    assert response.status_code == 503
    assert not signed_in(client)
    assert users() == 7


def test_a_personal_identity_number_in_the_token_is_kept_nowhere(
    app, client, world, mapping, directory
):
    sub = anna(directory, personnummer=PERSONNUMMER, ssn=PERSONNUMMER, birthdate="1912-12-12")
    sign_in(client, directory, sub)
    assert signed_in(client)
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).all():
            for value in row:
                assert PERSONNUMMER not in str(value), table.name
                assert "1912-12-12" not in str(value), table.name
    with client.session_transaction() as session:
        assert PERSONNUMMER not in str(dict(session))
    # The account holds the name, the address and the directory's ids, nothing more.
    user = db.session.scalar(select(User).where(User.directory_subject == sub))
    columns = (
        db.session.execute(text("SELECT * FROM app_user WHERE id = :id"), {"id": user.id})
        .mappings()
        .one()
    )
    assert PERSONNUMMER not in str(dict(columns))


def test_without_a_provider_there_is_no_directory_sign_in(app, client, world):
    assert client.get("/login/directory").status_code == 404
    assert client.get("/login/directory/callback?code=x&state=y").status_code == 404
    assert "/login/directory" not in client.get("/login").get_data(as_text=True)


def test_the_sign_in_page_offers_the_directory_in_the_municipalitys_words(
    app, client, world, directory
):
    page = client.get("/login?next=/agenda").get_data(as_text=True)
    assert 'href="/login/directory?next=/agenda"' in page
    assert "Logga in med kommunens konto" in page
    app.config["OIDC_BUTTON_LABEL"] = "Logga in med Sundsvalls konto"
    assert "Logga in med Sundsvalls konto" in client.get("/login").get_data(as_text=True)
    assert 'name="password"' in client.get("/login").get_data(as_text=True)
