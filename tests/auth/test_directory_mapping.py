"""The directory mapping: administrators add, change and remove the rows that give a group
or department an administration and a network role (/admin/directory), each change an
Event; at a directory sign-in the matching rows decide the person's networks, a claim
that maps to nothing leaves them as they were, and the value shows on the screen."""

import pytest
from sqlalchemy import select

from hallbarhet.auth.directory import DirectoryIdentity, sign_in_from_directory
from hallbarhet.extensions import db
from hallbarhet.models import DirectoryMapping, Event, Role, UnmappedClaimValue, User
from tests.app.test_template_queries import statements_while_rendering
from tests.oidc_provider import directory_fixture, provider_fixture, sign_in  # noqa: F401

ISSUER = "https://sso.kommun.se/realms/kommun"


def add(client, **fields):
    data = {"claim_value": "", "administration": "", "network": "", "role": ""} | fields
    return client.post("/admin/directory", data=data)


def rows() -> list[DirectoryMapping]:
    return list(db.session.scalars(select(DirectoryMapping).order_by(DirectoryMapping.id)))


def mapping_events() -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.action.like("directory_mapping_%")).order_by(Event.id)
        )
    )


def test_an_administrator_adds_a_row_and_the_screen_shows_it_and_its_event(
    app, client, world, login_as
):
    login_as("admin")
    response = add(
        client,
        claim_value=" SG-Hållbarhet-NEH ",
        administration=str(world.env.id),
        network=str(world.neh.id),
        role="representative",
    )
    assert response.status_code == 302
    (row,) = rows()
    assert (row.claim_value, row.administration, row.network, row.role) == (
        "SG-Hållbarhet-NEH",
        world.env,
        world.neh,
        Role.REPRESENTATIVE,
    )
    (event,) = mapping_events()
    assert (event.action, event.actor, event.message, event.to_value) == (
        "directory_mapping_added",
        world.admin,
        "SG-Hållbarhet-NEH",
        "MF, neh:representative",
    )
    page = client.get("/admin/directory").get_data(as_text=True)
    assert "Raden för “SG-Hållbarhet-NEH” är tillagd." in page
    assert "kopplade “SG-Hållbarhet-NEH” i katalogen till MF, NEH: Representant" in page


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"claim_value": "g", "network": "NEH", "role": ""}, "role", "Välj vilken roll"),
        ({"claim_value": "g", "role": "participant"}, "network", "Välj nätverket"),
        ({"claim_value": "g"}, "administration", "Välj en förvaltning, ett nätverk"),
        ({"claim_value": "", "administration": "ENV"}, "claim_value", ""),
        ({"claim_value": "x" * 201, "administration": "ENV"}, "claim_value", ""),
        ({"claim_value": "g", "administration": "999999"}, "administration", ""),
    ],
)
def test_a_row_that_cannot_work_is_refused_beside_its_field(
    app, client, world, login_as, fields, field, words
):
    login_as("admin")
    ids = {"NEH": str(world.neh.id), "ENV": str(world.env.id)}
    response = add(client, **{key: ids.get(value, value) for key, value in fields.items()})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert words in page
    assert rows() == [] and mapping_events() == []


def test_the_same_group_twice_for_one_network_is_refused_whatever_its_letter_case(
    app, client, world, login_as
):
    login_as("admin")
    add(client, claim_value="sg-neh", network=str(world.neh.id), role="participant")
    again = add(client, claim_value=" SG-NEH", network=str(world.neh.id), role="coordinator")
    assert again.status_code == 422
    assert "har redan en rad" in again.get_data(as_text=True)
    other = add(client, claim_value="SG-NEH", network=str(world.nsh.id), role="participant")
    assert other.status_code == 302
    assert len(rows()) == 2


def test_a_row_is_changed_with_its_version_and_a_stale_one_is_told(app, client, world, login_as):
    login_as("admin")
    add(client, claim_value="sg-neh", network=str(world.neh.id), role="participant")
    (row,) = rows()
    version = row.version
    edit = client.get(f"/admin/directory/{row.id}/edit")
    assert edit.status_code == 200
    assert f'name="version" type="hidden" value="{version}"' in edit.get_data(as_text=True)
    data = {"claim_value": "sg-neh", "network": str(world.neh.id), "role": "coordinator"}
    saved = client.post(f"/admin/directory/{row.id}/edit", data=data | {"version": version})
    assert saved.status_code == 302
    db.session.refresh(row)
    assert row.role is Role.COORDINATOR
    changed = mapping_events()[-1]
    assert (changed.action, changed.from_value, changed.to_value) == (
        "directory_mapping_changed",
        "neh:participant",
        "neh:coordinator",
    )

    stale = client.post(
        f"/admin/directory/{row.id}/edit", data=data | {"role": "participant", "version": version}
    )
    assert stale.status_code == 409
    assert "Någon annan ändrade raden" in stale.get_data(as_text=True)
    db.session.refresh(row)
    assert row.role is Role.COORDINATOR
    assert len(mapping_events()) == 2


def test_a_row_is_removed_and_its_event_keeps_what_it_said(app, client, world, login_as):
    login_as("admin")
    add(client, claim_value="Miljöförvaltningen", administration=str(world.env.id))
    (row,) = rows()
    stale = client.post(f"/admin/directory/{row.id}/remove", data={"version": row.version + 1})
    assert stale.status_code == 409
    assert len(rows()) == 1
    removed = client.post(f"/admin/directory/{row.id}/remove", data={"version": row.version})
    assert removed.status_code == 302
    assert rows() == []
    event = mapping_events()[-1]
    assert (event.action, event.message, event.from_value, event.administration) == (
        "directory_mapping_removed",
        "Miljöförvaltningen",
        "MF",
        world.env,
    )
    assert client.get(f"/admin/directory/{row.id}/edit").status_code == 404


def test_a_claim_that_maps_to_nothing_lands_on_a_page_that_says_whom_to_ask(
    app, client, world, login_as, directory
):
    directory.person(
        "new-sub", email="ny@kommun.se", name="Nora Ny", groups=["sg-alla"], department="IT"
    )
    response = sign_in(client, directory, "new-sub")
    assert response.headers["Location"] == "/account/no-network"
    page = client.get("/account/no-network").get_data(as_text=True)
    assert "inte med i något nätverk ännu" in page
    assert 'href="mailto:admin@test.se"' in page
    nora = db.session.scalar(select(User).where(User.email == "ny@kommun.se"))
    assert nora.memberships == [] and nora.administration is None
    assert sorted(db.session.scalars(select(UnmappedClaimValue.value))) == ["IT", "sg-alla"]

    client.post("/logout")
    login_as("admin")
    screen = client.get("/admin/directory").get_data(as_text=True)
    assert "<code>sg-alla</code>" in screen
    assert "/admin/directory?value=sg-alla#add-heading" in screen
    assert "Nora" not in screen and "ny@kommun.se" not in screen
    add(client, claim_value="SG-ALLA", network=str(world.nsh.id), role="participant")
    assert "<code>sg-alla</code>" not in client.get("/admin/directory").get_data(as_text=True)

    client.post("/logout")
    assert sign_in(client, directory, "new-sub").headers["Location"] == "/"
    db.session.refresh(nora)
    assert [(m.network.slug, m.role) for m in nora.memberships] == [("nsh", Role.PARTICIPANT)]


def _identity(*values, email="participant@test.se") -> DirectoryIdentity:
    return DirectoryIdentity(ISSUER, "pia", email, "Pia Deltagare", tuple(values))


def test_when_a_row_matches_the_directory_decides_the_networks_over_those_given_by_hand(app, world):
    db.session.add(DirectoryMapping(claim_value="sg-neh", network=world.neh, role=Role.COORDINATOR))
    db.session.commit()
    pia = sign_in_from_directory(_identity("sg-neh", "sg-other"))
    assert pia.id == world.participant.id
    assert [(m.network.slug, m.role) for m in pia.memberships] == [("neh", Role.COORDINATOR)]
    event = db.session.scalar(select(Event).where(Event.action == "directory_memberships"))
    assert (event.from_value, event.to_value) == (
        "neh:participant, nsh:participant",
        "neh:coordinator",
    )
    assert db.session.scalar(select(UnmappedClaimValue.id)) is None


def test_when_no_row_matches_the_person_keeps_what_they_have(app, world):
    pia = sign_in_from_directory(_identity("sg-other"))
    assert {(m.network.slug, m.role) for m in pia.memberships} == {
        ("neh", Role.PARTICIPANT),
        ("nsh", Role.PARTICIPANT),
    }
    assert pia.administration == world.culture
    actions = db.session.scalars(select(Event.action).where(Event.person_id == pia.id)).all()
    assert actions == ["directory_linked"]


def test_the_strongest_role_and_the_oldest_administration_win(app, world):
    db.session.add_all(
        [
            DirectoryMapping(claim_value="a", network=world.neh, role=Role.PARTICIPANT),
            DirectoryMapping(claim_value="b", administration=world.social),
            DirectoryMapping(claim_value="c", network=world.neh, role=Role.REPRESENTATIVE),
            DirectoryMapping(claim_value="d", administration=world.env),
        ]
    )
    db.session.commit()
    pia = sign_in_from_directory(_identity("d", "c", "b", "a"))
    assert pia.administration == world.social
    assert [(m.network.slug, m.role) for m in pia.memberships] == [("neh", Role.REPRESENTATIVE)]


def test_the_mapping_screen_loads_what_it_shows_before_it_renders(app, client, world, login_as):
    login_as("admin")
    add(client, claim_value="sg-neh", network=str(world.neh.id), role="participant")
    add(client, claim_value="MF", administration=str(world.env.id))
    sign_in_from_directory(_identity("sg-okänd", email="ny@kommun.se"))
    with statements_while_rendering(app) as during:
        page = client.get("/admin/directory")
    assert page.status_code == 200
    assert "sg-okänd" in page.get_data(as_text=True)
    # The header asks for an administrator's networks on every page; nothing else is read.
    assert [statement for statement in during if "FROM network" not in statement] == []
