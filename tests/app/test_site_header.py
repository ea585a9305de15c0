"""The site's header is rendered once per language, kind of reader and page
(rendering.site_header), and a kept page's whole layout once per kind of reader
(page_cache.layout_page); each person still gets their own name, CSRF token and the address
to come back to after choosing a language."""

import re

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import User
from tests.meetings.test_meeting_page import publish, schedule_question

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
WHOAMI = re.compile(r'class="whoami"[^>]*>(.*?)</a>', re.S)


def _header(client, path="/agenda") -> str:
    page = client.get(path).get_data(as_text=True)
    return page[page.index("<header") : page.index("</header>")]


def test_each_person_gets_their_own_name_in_the_same_kind_of_header(client, world, login_as):
    # Two representatives of the same networks: one kind of reader, two names.
    login_as("representative")
    first = _header(client)
    login_as("other_representative")
    second = _header(client)
    assert world.representative.name in WHOAMI.search(first).group(1)
    assert world.other_representative.name in WHOAMI.search(second).group(1)
    assert world.representative.name not in second
    assert WHOAMI.sub("", CSRF.sub("", first)) == WHOAMI.sub("", CSRF.sub("", second))


def test_a_new_name_is_in_the_header_at_once(client, world, login_as):
    login_as("participant")
    _header(client)
    person = db.session.get(User, world.participant.id)
    person.name = "Petra <Omdöpt> & Co"
    person.bump_version()
    db.session.commit()
    assert "Petra &lt;Omdöpt&gt; &amp; Co" in WHOAMI.search(_header(client)).group(1)


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_the_headers_token_is_the_sessions_own(client, world, login_as):
    login_as("participant")
    token = CSRF.search(_header(client)).group(1)
    signed_out = client.post("/logout", data={"csrf_token": token})
    assert signed_out.status_code == 302
    assert client.get("/agenda").status_code == 302, "signed out"


def test_the_language_form_comes_back_to_the_page_it_was_on(client, world, login_as):
    login_as("participant")
    header = _header(client, "/meetings?semester=2026-HT")
    assert 'name="next" value="/meetings?semester=2026-HT"' in header
    assert 'href="/meetings" aria-current="page"' in header
    other = _header(client, "/agenda")
    assert 'name="next" value="/agenda?"' in other
    assert 'href="/agenda" aria-current="page"' in other
    assert 'href="/meetings" aria-current="page"' not in other


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_a_kept_pages_tokens_are_each_sessions_own(client, app, world, login_as):
    # /agenda is kept whole for every participant; each session's token is its own.
    login_as("participant")
    first = client.get("/agenda").get_data(as_text=True)
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = world.participant.get_id()
    second = other.get("/agenda").get_data(as_text=True)
    tokens = [META.search(page).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1]
    for page, token in zip((first, second), tokens, strict=True):
        assert set(CSRF.findall(page)) == {token}
    assert other.post("/logout", data={"csrf_token": tokens[1]}).status_code == 302
    assert other.get("/agenda").status_code == 302, "signed out"


def test_a_placeholder_in_a_title_is_only_text(client, world, login_as):
    # What is put into a kept layout stands in it as markup no escaped text can hold.
    schedule_question(world, title="Om <mine-csrf> och <mine-name>")
    publish(world)
    login_as("participant")
    for _ in range(2):
        page = client.get("/agenda").get_data(as_text=True)
        assert "Om &lt;mine-csrf&gt; och &lt;mine-name&gt;" in page
        assert "<mine-" not in page
