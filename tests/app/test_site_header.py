"""The site's header is rendered once per language, kind of reader and page
(rendering.site_header); each person still gets their own name, CSRF token and the address
to come back to after choosing a language."""

import re

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import User

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
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
