"""The administrators' people pages: the list with its search, filters and pages; inviting a
person (with a first-password link by mail, or none where the directory signs people in);
editing an account and its memberships, a stale save refused; deactivating (which ends the
person's sessions at once) and reactivating; and what an administrator may not do to
themself."""

import html
import re

import pytest
from flask import g
from sqlalchemy import event, func, select

from hallbarhet.admin import people
from hallbarhet.errors import Conflict, InvalidField
from hallbarhet.extensions import db
from hallbarhet.models import Event, Membership, OutboxMail, Role, User
from tests.factories import PASSWORD, make_user, session_id
from tests.helpers import DIRECTORY_ONLY

LINK = re.compile(r"https?://[^\s\"<]+/password/(first|reset)/[^\s\"<]+")
NEW_PASSWORD = "en lång ny lösenfras"


def text(response) -> str:
    """The page as one line, its entities (&#39;) as the letters they stand for."""
    return html.unescape(" ".join(response.get_data(as_text=True).split()))


def rows(response) -> list[str]:
    """The names in the list's table, in order."""
    return re.findall(r'<th scope="row"><a href="/admin/people/\d+">([^<]+)</a>', text(response))


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def person_form(user: User, **changes) -> dict:
    """The edit form as it is rendered for the account, with the changes."""
    data = {
        "version": user.version,
        "name": user.name,
        "email": user.email,
        "administration": user.administration_id or "",
        "language": user.language,
    }
    if user.is_admin:
        data["is_admin"] = "y"
    for membership in user.memberships:
        data[f"role_{membership.network_id}"] = membership.role.value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)))


# The list


def test_the_list_searches_by_name_and_e_mail(client, world, login_as):
    login_as("admin", lang="en")
    everyone = rows(client.get("/admin/people"))
    assert everyone == sorted(everyone)
    assert {"Ada Admin", "Rita Representant", "Otto Utanför"} <= set(everyone)
    assert rows(client.get("/admin/people?q=rita")) == ["Rita Representant"]
    assert rows(client.get("/admin/people?q=OTHER@test")) == ["Olle Representant"]
    # A search for LIKE's own characters finds them as they are.
    assert rows(client.get("/admin/people?q=%25")) == []
    page = text(client.get("/admin/people?q=nobody-at-all"))
    assert "Nobody matches the filter." in page


def test_the_list_filters_by_administration_network_role_state_and_administrator(
    client, world, login_as
):
    login_as("admin", lang="en")
    world.other_representative.deactivate()
    db.session.commit()

    def names(query: str) -> set[str]:
        return set(rows(client.get(f"/admin/people?{query}")))

    assert names(f"administration={world.culture.id}") == {"Pia Deltagare", "Otto Utanför"}
    assert names("administration=none") == {"Ada Admin", "Cora Samordnare", "Nils Samordnare"}
    assert names(f"network={world.nsh.id}&role=coordinator") == {"Cora Samordnare"}
    assert names(f"network={world.neh.id}&role=coordinator") == {
        "Cora Samordnare",
        "Nils Samordnare",
    }
    assert names("role=participant") == {"Pia Deltagare"}
    assert "Olle Representant" not in names("")
    assert names("status=deactivated") == {"Olle Representant"}
    assert "Olle Representant" in names("status=all")
    assert names("admin=yes") == {"Ada Admin"}
    assert "Ada Admin" not in names("admin=no")
    page = text(client.get("/admin/people?status=deactivated"))
    assert '<span class="badge badge--deactivated">Deactivated</span>' in page
    # A value no choice has is a bad request, answered with the whole list's form.
    assert client.get("/admin/people?role=chief").status_code == 422


def test_the_list_is_paged_and_the_filter_travels_with_the_pages(client, world, login_as):
    for number in range(60):
        make_user(f"person{number:02d}@test.se", f"Person {number:02d}", administration=world.env)
    db.session.commit()
    login_as("admin", lang="en")
    first = client.get(f"/admin/people?administration={world.env.id}")
    assert len(rows(first)) == 50
    page = text(first)
    assert "People 1–50 of 61." in page and "Page 1 of 2" in page
    link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', page).group(1)
    assert f"administration={world.env.id}" in link
    second = client.get(link.replace("&amp;", "&"))
    assert len(rows(second)) == 11
    assert "People 51–61 of 61." in text(second)
    # A page past the last shows the last.
    assert rows(client.get("/admin/people?page=99")) == rows(client.get("/admin/people?page=2"))


def statements_of(app, client, url: str, user_id: int) -> int:
    """The SQL statements a page costs, in a fresh session as a served request has."""
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        with client.session_transaction() as session:
            session["_user_id"] = session_id(user_id)
        assert not g.__dict__
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_list_and_a_persons_page_cost_the_same_statements_for_more_people(app, client, world):
    def grow(start: int, end: int) -> None:
        for number in range(start, end):
            user = make_user(
                f"p{number}@test.se",
                f"Person {number}",
                administration=(world.env, world.social)[number % 2],
                roles={world.neh: Role.PARTICIPANT, world.nsh: Role.REPRESENTATIVE},
            )
            db.session.add(Event(action="account_created", actor=world.admin, person=user))
            db.session.add(
                Event(
                    action="membership_added",
                    actor=world.admin,
                    person=world.representative,
                    network=world.nsh,
                    to_value="participant",
                )
            )
        db.session.commit()

    urls = ["/admin/people", "/admin/people?q=person", f"/admin/people/{world.representative.id}"]
    grow(0, 4)
    few = [statements_of(app, client, url, world.admin.id) for url in urls]
    grow(4, 45)
    many = [statements_of(app, client, url, world.admin.id) for url in urls]
    assert few == many


def test_htmx_gets_only_the_results_and_the_count(client, world, login_as):
    login_as("admin", lang="en")
    response = client.get("/admin/people?q=pia", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" not in body and 'data-hx-swap-oob="innerHTML:#people-summary"' in body
    assert rows(response) == ["Pia Deltagare"]
    # Without JavaScript the same URL is the whole page, with the filter as sent.
    page = text(client.get("/admin/people?q=pia"))
    assert "<html" in page and 'value="pia"' in page and 'method="get"' in page


def test_the_list_is_in_swedish_by_default(client, world, login_as):
    login_as("admin")
    page = text(client.get("/admin/people"))
    assert "<h1>Personer</h1>" in page and "Bjud in en person" in page
    assert "Representant" in page and "Aktivt" in page


# Inviting


def invite_data(world, **changes) -> dict:
    data = {
        "name": "Nora Ny",
        "email": " Nora.Ny@Kommun.SE ",
        "administration": world.env.id,
        "language": "en",
        f"role_{world.neh.id}": "representative",
        f"role_{world.nsh.id}": "participant",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_an_invited_person_gets_a_link_by_mail_and_chooses_a_password(app, client, world, login_as):
    login_as("admin", lang="en")
    form = text(client.get("/admin/people/new"))
    assert "a mail with a link to choose a password goes to the address at once" in form
    response = client.post("/admin/people/new", data=invite_data(world))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nora.ny@kommun.se"))
    assert (user.name, user.administration, user.language, user.is_admin) == (
        "Nora Ny",
        world.env,
        "en",
        False,
    )
    assert {(m.network.slug, m.role) for m in user.memberships} == {
        ("neh", Role.REPRESENTATIVE),
        ("nsh", Role.PARTICIPANT),
    }
    page = text(client.get(response.headers["Location"]))
    assert "A link to choose a password is mailed to nora.ny@kommun.se." in page
    assert "created the account of Nora Ny" in page
    assert "added Nora Ny to NEH as representative" in page

    (mail,) = db.session.scalars(select(OutboxMail)).all()
    assert mail.recipient == "nora.ny@kommun.se" and mail.template == "password_first"
    assert "within 24 hours" in mail.text  # in the person's language
    path = LINK.search(mail.text).group(0).split("localhost", 1)[1]
    assert "/password/first/" in path
    newcomer = app.test_client()
    chosen = newcomer.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.status_code == 302
    assert newcomer.get("/issues/new").status_code == 200  # a representative, signed in
    newcomer.post("/logout")
    assert sign_in(newcomer, "nora.ny@kommun.se", NEW_PASSWORD).status_code == 302
    actions = [e.action for e in db.session.scalars(select(Event).where(Event.person == user))]
    assert actions[:2] == ["account_created", "membership_added"]
    assert "password_link_mailed" in actions and actions[-1] == "password_chosen"


@pytest.mark.parametrize("app", [DIRECTORY_ONLY], indirect=True)
def test_without_password_sign_in_an_invitation_sends_no_mail(client, world, login_as):
    login_as("admin", lang="en")
    form = text(client.get("/admin/people/new"))
    assert "signs in through the municipality's directory" in form
    assert "link to choose a password goes" not in form
    response = client.post("/admin/people/new", data=invite_data(world))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "signs in through the municipality's directory with nora.ny@kommun.se" in page
    assert "Send a new password link" not in page
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    user = db.session.scalar(select(User).where(User.email == "nora.ny@kommun.se"))
    assert client.post(f"/admin/people/{user.id}/password-link").status_code == 409
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0


def test_an_invitation_is_refused_beside_the_field_and_nothing_is_made(client, world, login_as):
    login_as("admin", lang="en")
    taken = client.post("/admin/people/new", data=invite_data(world, email="RITA@x"))
    assert taken.status_code == 422
    assert "Enter an e-mail address such as name@kommun.se." in text(taken)
    taken = client.post(
        "/admin/people/new", data=invite_data(world, email=" Representative@TEST.se")
    )
    assert taken.status_code == 422
    page = text(taken)
    assert re.search(
        r'id="email-error">[^<]*representative@test.se is already the address of Rita', page
    )
    lone = client.post("/admin/people/new", data=invite_data(world, administration=""))
    assert lone.status_code == 422
    assert re.search(
        rf'id="role_{world.neh.id}-error">[^<]*A representative speaks for an administration',
        text(lone),
    )
    blank = client.post("/admin/people/new", data=invite_data(world, name=" "))
    assert blank.status_code == 422 and "Give the person's name." in text(blank)
    world.social.active = False
    db.session.commit()
    retired = client.post(
        "/admin/people/new", data=invite_data(world, administration=world.social.id)
    )
    assert retired.status_code == 422
    assert db.session.scalar(select(func.count(User.id)).where(User.name == "Nora Ny")) == 0
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert events("account_created") == []


def test_the_invitation_form_offers_active_administrations_only(client, world, login_as):
    world.social.active = False
    db.session.commit()
    login_as("admin", lang="en")
    page = text(client.get("/admin/people/new"))
    assert "Miljöförvaltningen (MF)" in page and "Socialförvaltningen" not in page


# Editing


def test_an_edit_changes_the_account_and_its_memberships_with_history(client, world, login_as):
    login_as("admin", lang="en")
    participant = world.participant
    assert client.get(f"/admin/people/{participant.id}").status_code == 200
    data = person_form(
        participant,
        name="Pia Deltagare-Berg",
        email="PIA@test.se",
        administration=world.env.id,
        **{f"role_{world.neh.id}": "representative", f"role_{world.nsh.id}": ""},
    )
    response = client.post(f"/admin/people/{participant.id}", data=data)
    assert response.status_code == 302
    user = db.session.get(User, participant.id)
    assert (user.name, user.email, user.administration) == (
        "Pia Deltagare-Berg",
        "pia@test.se",
        world.env,
    )
    assert [(m.network.slug, m.role) for m in user.memberships] == [("neh", Role.REPRESENTATIVE)]
    changes = {(e.message, e.from_value, e.to_value) for e in events("account_changed")}
    assert changes == {
        ("name", "Pia Deltagare", "Pia Deltagare-Berg"),
        ("email", "participant@test.se", "pia@test.se"),
        ("administration", "Kultur- och fritidsförvaltningen", "Miljöförvaltningen"),
    }
    assert [(e.network.slug, e.from_value, e.to_value) for e in events("membership_changed")] == [
        ("neh", "participant", "representative")
    ]
    assert [(e.network.slug, e.from_value) for e in events("membership_removed")] == [
        ("nsh", "participant")
    ]
    page = text(client.get(response.headers["Location"]))
    assert "The changes are saved." in page
    assert "changed the role of Pia Deltagare-Berg in NEH: participant → representative" in page
    assert "removed Pia Deltagare-Berg from NSH (was participant)" in page
    assert "Administration: Kultur- och fritidsförvaltningen → Miljöförvaltningen" in page

    # Added to a network again; the version went up with every save.
    user = db.session.get(User, participant.id)
    again = person_form(user, **{f"role_{world.nsh.id}": "coordinator"})
    assert client.post(f"/admin/people/{user.id}", data=again).status_code == 302
    assert [e.to_value for e in events("membership_added")] == ["coordinator"]
    login_as("admin", lang="sv")
    page = text(client.get(f"/admin/people/{user.id}"))
    assert "lade till Pia Deltagare-Berg i NSH som samordnare" in page
    assert "ändrade rollen för Pia Deltagare-Berg i NEH: deltagare → representant" in page


def test_saving_the_form_unchanged_records_nothing(client, world, login_as):
    login_as("admin", lang="en")
    user = world.representative
    before = db.session.scalar(select(func.count(Event.id)))
    response = client.post(f"/admin/people/{user.id}", data=person_form(user))
    assert response.status_code == 302
    assert "Nothing was changed." in text(client.get(response.headers["Location"]))
    assert db.session.scalar(select(func.count(Event.id))) == before


def test_a_stale_save_is_refused_and_changes_nothing(client, world, login_as):
    login_as("admin", lang="en")
    user = world.participant
    stale = person_form(user, name="Pia Gammal")
    # Someone else changes only the memberships first: the account's version rises too.
    first = person_form(user, **{f"role_{world.nsh.id}": ""})
    assert client.post(f"/admin/people/{user.id}", data=first).status_code == 302
    response = client.post(f"/admin/people/{user.id}", data=stale)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed Pia Deltagare's account while you had it open." in page
    assert 'value="Pia Deltagare"' in page  # the form shows the account as it is now
    user = db.session.get(User, user.id)
    assert user.name == "Pia Deltagare"
    assert [m.network.slug for m in user.memberships] == ["neh"]
    assert events("account_changed") == []


def test_only_a_change_of_what_the_form_shows_makes_it_stale(app, client, world, login_as):
    user = world.participant
    opened = person_form(user, name="Pia Ny")
    device = app.test_client()
    # The person signs in and out (which ends their sessions, a write of the account)...
    assert sign_in(device, user.email).status_code == 302
    device.post("/logout")
    login_as("admin", lang="en")
    assert client.post(f"/admin/people/{user.id}", data=opened).status_code == 302
    assert db.session.get(User, user.id).name == "Pia Ny"
    # ... but choosing another language is a change the form shows.
    opened = person_form(db.session.get(User, user.id), name="Pia Annan")
    assert sign_in(device, user.email).status_code == 302
    assert device.post("/language", data={"language": "en"}).status_code == 302
    assert client.post(f"/admin/people/{user.id}", data=opened).status_code == 409
    assert db.session.get(User, user.id).name == "Pia Ny"


def test_removing_the_last_membership_ends_the_persons_sessions(app, client, world, login_as):
    device = app.test_client()
    assert sign_in(device, "participant@test.se").status_code == 302
    assert device.get("/agenda").status_code == 200
    login_as("admin", lang="en")
    user = world.participant
    data = person_form(user, **{f"role_{world.neh.id}": "", f"role_{world.nsh.id}": ""})
    assert client.post(f"/admin/people/{user.id}", data=data).status_code == 302
    assert db.session.get(User, user.id).memberships == []
    assert device.get("/agenda").headers["Location"].startswith("/login")


def test_moving_a_person_to_another_network_keeps_their_session(app, client, world, login_as):
    user = world.neh_coordinator
    device = app.test_client()
    assert sign_in(device, user.email).status_code == 302
    login_as("admin", lang="en")
    data = person_form(user, **{f"role_{world.neh.id}": "", f"role_{world.nsh.id}": "coordinator"})
    assert client.post(f"/admin/people/{user.id}", data=data).status_code == 302
    assert [m.network.slug for m in db.session.get(User, user.id).memberships] == ["nsh"]
    assert device.get("/triage").status_code == 200


def test_an_administrator_cannot_take_away_their_own_rights(client, world, login_as):
    admin = login_as("admin", lang="en")
    data = person_form(admin)
    data.pop("is_admin")
    response = client.post(f"/admin/people/{admin.id}", data=data)
    assert response.status_code == 422
    assert re.search(r'id="is_admin-error">[^<]*You cannot take away your own', text(response))
    assert db.session.get(User, admin.id).is_admin
    # Another administrator's rights are taken away, with an Event.
    other = make_user("admin2@test.se", "Adam Admin", admin=True)
    db.session.commit()
    data = person_form(other)
    data.pop("is_admin")
    assert client.post(f"/admin/people/{other.id}", data=data).status_code == 302
    assert not db.session.get(User, other.id).is_admin
    assert [e.person.name for e in events("admin_revoked")] == ["Adam Admin"]


def test_the_last_active_administrator_stays(app, world):
    """Only an account that is no longer an active administrator could try (a deactivated
    one, a command): the rule is kept by the operations themselves."""
    former = make_user("former@test.se", "Frida Före", admin=True)
    former.active = False
    db.session.commit()
    admin = world.admin
    with pytest.raises(Conflict, match="den sista aktiva administratören"):
        people.deactivate(former, admin, admin.version)
    data = people.PersonInput(admin.name, admin.email, None, "sv", False, {})
    with pytest.raises(InvalidField, match="den sista aktiva administratören"):
        people.update_person(former, admin, data, admin.version)
    assert db.session.get(User, admin.id).is_admin and db.session.get(User, admin.id).active


# Deactivating and reactivating


def test_deactivating_ends_an_open_session_at_once_and_reactivating_lets_them_in(
    app, client, world, login_as
):
    device = app.test_client()
    assert sign_in(device, "representative@test.se").status_code == 302
    assert device.get("/issues").status_code == 200
    login_as("admin", lang="en")
    user = world.representative
    confirm = client.get(f"/admin/people/{user.id}/deactivate")
    assert confirm.status_code == 200
    page = text(confirm)
    assert "Deactivate the account of Rita Representant?" in page
    assert "is signed out on every device at once" in page
    assert re.search(r'<form method="post" action="/admin/people/\d+/deactivate"', page)

    response = client.post(f"/admin/people/{user.id}/deactivate", data={"version": user.version})
    assert response.status_code == 302
    assert device.get("/issues").headers["Location"].startswith("/login")
    device.post("/logout")
    assert sign_in(device, "representative@test.se").status_code == 422
    user = db.session.get(User, user.id)
    assert not user.active
    # Nothing of the account goes: its memberships stay, for a reactivation.
    assert db.session.scalar(select(func.count(Membership.id)).where(Membership.user == user)) == 2
    page = text(client.get(f"/admin/people/{user.id}"))
    assert "deactivated the account of Rita Representant" in page
    assert "Reactivate the account…" in page

    assert client.get(f"/admin/people/{user.id}/reactivate").status_code == 200
    response = client.post(f"/admin/people/{user.id}/reactivate", data={"version": user.version})
    assert response.status_code == 302
    assert sign_in(device, "representative@test.se").status_code == 302
    assert device.get("/issues").status_code == 200
    assert [e.action for e in db.session.scalars(select(Event).order_by(Event.id))][-2:] == [
        "account_deactivated",
        "account_reactivated",
    ]


def test_a_stale_deactivation_changes_nothing(client, world, login_as):
    login_as("admin", lang="en")
    user = world.representative
    version = user.version
    client.post(f"/admin/people/{user.id}", data=person_form(user, name="Rita R"))
    response = client.post(f"/admin/people/{user.id}/deactivate", data={"version": version})
    assert response.status_code == 409
    assert db.session.get(User, user.id).active
    assert client.post(f"/admin/people/{user.id}/deactivate", data={}).status_code == 422


def test_an_administrator_cannot_deactivate_themself(client, world, login_as):
    admin = login_as("admin", lang="en")
    page = text(client.get(f"/admin/people/{admin.id}"))
    assert "You cannot deactivate your own account" in page
    assert "Deactivate the account…" not in page
    confirm = client.get(f"/admin/people/{admin.id}/deactivate")
    assert "You cannot deactivate your own account" in text(confirm)
    assert 'action="/admin/people/' not in text(confirm)
    response = client.post(f"/admin/people/{admin.id}/deactivate", data={"version": admin.version})
    assert response.status_code == 403
    assert db.session.get(User, admin.id).active
    assert events("account_deactivated") == []


# Password links


def test_an_administrator_mails_a_new_password_link(client, world, login_as):
    login_as("admin", lang="en")
    user = world.representative
    response = client.post(f"/admin/people/{user.id}/password-link")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "A link to choose a password is mailed to representative@test.se" in page
    assert "within 1 hour" in page
    mail = db.session.scalar(select(OutboxMail))
    assert mail.template == "password_reset" and mail.recipient == "representative@test.se"
    # An account that never had a password gets the first-password mail.
    newcomer = make_user("ny@test.se", "Ny Person")
    newcomer.password_hash = ""
    db.session.commit()
    client.post(f"/admin/people/{newcomer.id}/password-link")
    templates = db.session.scalars(select(OutboxMail.template).order_by(OutboxMail.id)).all()
    assert templates == ["password_reset", "password_first"]
    assert [e.to_value for e in events("password_link_mailed")] == ["reset", "first"]
    # None for a deactivated account.
    newcomer.deactivate()
    db.session.commit()
    assert client.post(f"/admin/people/{newcomer.id}/password-link").status_code == 409


def test_the_person_pages_are_in_swedish_and_english(client, world, login_as):
    user = world.representative
    login_as("admin")
    page = text(client.get(f"/admin/people/{user.id}"))
    assert "Nätverk och roller" in page and "Skicka en ny lösenordslänk" in page
    assert "Inaktivera kontot …" in page
    login_as("admin", lang="en")
    page = text(client.get(f"/admin/people/{user.id}"))
    assert "Networks and roles" in page and "Send a new password link" in page
    assert client.get("/admin/people/999999").status_code == 404
