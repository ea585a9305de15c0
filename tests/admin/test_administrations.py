"""The administrators' administrations: added, renamed, given a new short name, deactivated
and reactivated (never deleted), and reorganised: the people and the open questions of one
moved to another in one confirmed step, each move an Event."""

import html
import re

import pytest
from sqlalchemy import func, select

from hallbarhet.admin import organisation
from hallbarhet.errors import Conflict, Invalid
from hallbarhet.extensions import db
from hallbarhet.models import Administration, Event, Issue, IssueStatus, User
from tests.factories import make_issue, make_user


def text(response) -> str:
    """The page's text as a reader meets it: entities unescaped, white space collapsed."""
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def reloaded(row):
    db.session.expire_all()
    return db.session.get(type(row), row.id)


def events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)))


def edit(client, administration, **changes):
    data = {
        "name": administration.name,
        "short_name": administration.short_name,
        "version": administration.version,
    } | changes
    return client.post(f"/admin/administrations/{administration.id}", data=data)


def test_an_administrator_adds_an_administration(client, world, login_as):
    login_as("admin", lang="en")
    response = client.post(
        "/admin/administrations",
        data={"name": " Samhällsbyggnadsförvaltningen ", "short_name": "SBF"},
    )
    assert response.status_code == 302
    added = db.session.scalar(select(Administration).where(Administration.short_name == "SBF"))
    assert (added.name, added.active) == ("Samhällsbyggnadsförvaltningen", True)
    (event,) = events("administration_added")
    assert (event.actor_id, event.administration_id) == (world.admin.id, added.id)
    page = text(client.get("/admin/administrations"))
    assert "Samhällsbyggnadsförvaltningen is added." in page
    assert "Samhällsbyggnadsförvaltningen" in page and "SBF" in page


@pytest.mark.parametrize(
    ("name", "short_name", "field", "message"),
    [
        ("MILJÖFÖRVALTNINGEN", "MIL", "name", "Another administration already has this name."),
        (
            "Miljö och hälsa",
            "mf",
            "short_name",
            "Another administration already has this short name.",
        ),
        ("", "X", "name", "Write the administration's name."),
        ("Ny förvaltning", "", "short_name", "Write a short name, such as MF."),
        ("Ny förvaltning", "X" * 17, "short_name", "At most 16 characters."),
    ],
)
def test_a_bad_administration_is_refused_beside_its_field(
    client, world, login_as, name, short_name, field, message
):
    login_as("admin", lang="en")
    before = db.session.scalar(select(func.count(Administration.id)))
    response = client.post("/admin/administrations", data={"name": name, "short_name": short_name})
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    error = re.search(rf'<p class="field__error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1), page
    assert f'aria-describedby="{field}-help {field}-error"' in page
    assert db.session.scalar(select(func.count(Administration.id))) == before
    assert events("administration_added") == []


def test_rename_and_short_name_are_recorded_before_and_after(client, world, login_as):
    login_as("admin", lang="en")
    response = edit(client, world.env, name="Miljö- och hälsoskyddsförvaltningen", short_name="MHF")
    assert response.status_code == 302
    env = reloaded(world.env)
    assert (env.name, env.short_name, env.version) == (
        "Miljö- och hälsoskyddsförvaltningen",
        "MHF",
        2,
    )
    renamed, short = events("administration_renamed"), events("administration_short_name")
    assert [(e.from_value, e.to_value) for e in renamed] == [
        ("Miljöförvaltningen", "Miljö- och hälsoskyddsförvaltningen")
    ]
    assert [(e.from_value, e.to_value) for e in short] == [("MF", "MHF")]
    # Everything that refers to it shows the new name.
    issue = make_issue(world.neh, world.representative, title="Dagvatten")
    db.session.commit()
    assert "Miljö- och hälsoskyddsförvaltningen" in text(client.get(f"/issues/{issue.id}"))
    # Saving the same again changes and records nothing.
    assert edit(client, reloaded(world.env)).status_code == 302
    assert len(events("administration_renamed")) == 1


def test_a_stale_save_is_refused_with_the_current_values(client, world, login_as):
    login_as("admin", lang="en")
    old_version = world.env.version
    organisation.update_administration(
        world.admin, world.env, "Miljöförvaltningen Nord", "MF", old_version
    )
    response = edit(client, world.env, name="Miljökontoret", version=old_version)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed the administration while you had it open." in page
    assert 'value="Miljöförvaltningen Nord"' in page  # the form shows what it is now
    assert "Miljökontoret" in page  # and what was typed, to copy from
    assert reloaded(world.env).name == "Miljöförvaltningen Nord"
    assert len(events("administration_renamed")) == 1


def test_deactivation_waits_until_people_and_open_questions_are_moved(client, world, login_as):
    login_as("admin", lang="en")
    make_issue(world.neh, world.representative, title="Öppen fråga")
    db.session.commit()
    response = client.post(
        f"/admin/administrations/{world.env.id}/deactivate", data={"version": world.env.version}
    )
    assert response.status_code == 422
    page = text(response)
    assert "Miljöförvaltningen still has 1 active person and 1 open question." in page
    assert reloaded(world.env).active is True
    assert events("administration_deactivated") == []


def test_an_empty_administration_is_deactivated_and_reactivated(client, world, login_as):
    login_as("admin", lang="en")
    spare = Administration(name="Överförmyndarförvaltningen", short_name="ÖFN")
    db.session.add(spare)
    db.session.commit()
    response = client.post(
        f"/admin/administrations/{spare.id}/deactivate", data={"version": spare.version}
    )
    assert response.status_code == 302
    assert reloaded(spare).active is False
    listing = text(client.get("/admin/administrations"))
    assert "Överförmyndarförvaltningen" in listing and "Deactivated" in listing
    # Not offered for new things: a question's affected administrations, invitations.
    login_as("representative", lang="en")
    assert "Överförmyndarförvaltningen" not in text(client.get("/issues/new"))
    invitations = client.get(f"/meetings/{world.neh_meeting.id}/invitations")
    assert invitations.status_code == 200
    assert "Överförmyndarförvaltningen" not in text(invitations)
    login_as("admin", lang="en")
    spare = reloaded(spare)
    response = client.post(
        f"/admin/administrations/{spare.id}/reactivate", data={"version": spare.version}
    )
    assert response.status_code == 302
    assert reloaded(spare).active is True
    about = select(Event).where(Event.administration_id == spare.id).order_by(Event.id)
    assert [e.action for e in db.session.scalars(about)] == [
        "administration_deactivated",
        "administration_reactivated",
    ]
    assert db.session.get(Administration, spare.id) is not None


def test_a_deactivated_administration_stays_on_the_questions_that_have_it(client, world, login_as):
    spare = Administration(name="Överförmyndarförvaltningen", short_name="ÖFN")
    db.session.add(spare)
    issue = make_issue(world.neh, world.representative, title="Ställföreträdare")
    issue.affected = [spare, world.social]
    db.session.commit()
    organisation.deactivate_administration(world.admin, spare, spare.version)
    login_as("representative", lang="en")
    assert "Överförmyndarförvaltningen (deactivated)" in text(client.get(f"/issues/{issue.id}"))
    form = text(client.get(f"/issues/{issue.id}/edit"))
    assert "Överförmyndarförvaltningen (deactivated)" in form  # kept, and said so
    data = {
        "version": issue.version,
        "network": world.neh.id,
        "title": issue.title,
        "description": issue.description,
        "kind": issue.kind.value,
        "asked_for": issue.asked_for.value,
        "work_area": "",
        "affected": [spare.id, world.social.id],
        "estimated_minutes": "15",
        "action": "save",
    }
    assert client.post(f"/issues/{issue.id}/edit", data=data).status_code == 302
    assert {a.id for a in reloaded(issue).affected} == {spare.id, world.social.id}


def reorganise_page(client, source, target):
    return client.get(f"/admin/administrations/{source.id}/reorganise?to={target.id}")


def planned_of(page: str) -> str:
    return re.search(r'name="planned" value="([0-9a-f]+)"', page).group(1)


def test_reorganisation_moves_exactly_the_people_and_the_open_questions(client, world, login_as):
    rep, env, social = world.representative, world.env, world.social
    left = make_user("slutat@test.se", "Sture Slutat", administration=env)
    left.active = False
    statuses = {
        "Utkast": IssueStatus.DRAFT,
        "Inskickad": IssueStatus.SUBMITTED,
        "Schemalagd": IssueStatus.SCHEDULED,
        "Parkerad": IssueStatus.PARKED,
        "Återsänd": IssueStatus.RETURNED,
        "Stängd": IssueStatus.CLOSED,
        "Avböjd": IssueStatus.DECLINED,
        "Återtagen": IssueStatus.WITHDRAWN,
        "Hänvisad": IssueStatus.REFERRED,
    }
    issues = {
        title: make_issue(world.neh, rep, title=title, status=s) for title, s in statuses.items()
    }
    elsewhere = make_issue(world.neh, world.other_representative, title="Socialens")
    db.session.commit()
    login_as("admin", lang="en")

    preview = reorganise_page(client, env, social)
    assert preview.status_code == 200
    page = text(preview)
    assert "1 active person" in page and "5 open questions" in page
    assert "Rita Representant" in page and "Sture Slutat" not in page
    assert "Stängd" not in page and "Inskickad" in page
    response = client.post(
        f"/admin/administrations/{env.id}/reorganise",
        data={
            "to": social.id,
            "planned": planned_of(preview.get_data(as_text=True)),
            "deactivate": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = {"Utkast", "Inskickad", "Schemalagd", "Parkerad", "Återsänd"}
    for title, issue in issues.items():
        expected = social.id if title in moved else env.id
        assert db.session.get(Issue, issue.id).administration_id == expected, title
    assert db.session.get(Issue, elsewhere.id).administration_id == social.id
    assert db.session.get(User, rep.id).administration_id == social.id
    assert db.session.get(User, left.id).administration_id == env.id  # a record of the past
    assert db.session.get(Administration, env.id).active is False
    (summary,) = events("reorganised")
    assert (summary.administration_id, summary.from_value, summary.to_value) == (
        env.id,
        "Miljöförvaltningen",
        "Socialförvaltningen",
    )
    assert [e.person_id for e in events("person_moved")] == [rep.id]
    assert {e.issue_id for e in events("question_moved")} == {issues[t].id for t in moved}
    assert len(events("administration_deactivated")) == 1
    listing = text(client.get("/admin/administrations"))
    assert (
        "1 active person and 5 open questions moved from Miljöförvaltningen to Socialförvaltningen."
        in listing
    )
    # The question's own history says where it came from.
    login_as("representative", lang="en")
    history = text(client.get(f"/issues/{issues['Inskickad'].id}"))
    assert "moved the question from Miljöförvaltningen to Socialförvaltningen" in history


def test_a_reorganisation_changed_in_between_moves_nothing(client, world, login_as):
    login_as("admin", lang="en")
    recorded = db.session.scalar(select(func.count(Event.id)))
    preview = reorganise_page(client, world.env, world.social).get_data(as_text=True)
    make_issue(world.neh, world.representative, title="Kom till under tiden")
    db.session.commit()
    response = client.post(
        f"/admin/administrations/{world.env.id}/reorganise",
        data={"to": world.social.id, "planned": planned_of(preview), "deactivate": "y"},
    )
    assert response.status_code == 409
    page = text(response)
    assert "changed after you looked" in page and "Kom till under tiden" in page
    assert reloaded(world.representative).administration_id == world.env.id
    assert reloaded(world.env).active is True
    assert db.session.scalar(select(func.count(Event.id))) == recorded


def test_reorganising_into_itself_or_an_inactive_one_is_refused(client, world, login_as):
    login_as("admin", lang="en")
    same = reorganise_page(client, world.env, world.env)
    assert same.status_code == 422
    assert "Choose another administration than the one moved from." in text(same)
    unknown = client.get(f"/admin/administrations/{world.env.id}/reorganise?to=x")
    assert unknown.status_code == 422
    assert "Choose an active administration from the list." in text(unknown)
    with pytest.raises(Invalid, match="another administration"):
        organisation.reorganise(world.admin, world.env, world.env, "x", deactivate=False)
    move = organisation.planned_move(world.env, world.social)
    world.culture.active = False
    db.session.commit()
    with pytest.raises(Invalid, match="active administration"):
        organisation.reorganise(
            world.admin, world.env, world.culture, move.fingerprint, deactivate=False
        )
    assert reloaded(world.representative).administration_id == world.env.id


def test_an_operation_refused_leaves_nothing_changed(world):
    with pytest.raises(Conflict):
        organisation.update_administration(world.admin, world.env, "Nytt namn", "MF", 99)
    assert not db.session.dirty and not db.session.new
    assert reloaded(world.env).name == "Miljöförvaltningen"


def test_the_pages_in_swedish(client, world, login_as):
    login_as("admin")
    page = text(client.get("/admin/administrations"))
    assert "Lägg till en förvaltning" in page and "Kortnamn" in page
    page = text(client.get(f"/admin/administrations/{world.env.id}"))
    assert "Inaktivera MF" in page
    page = text(reorganise_page(client, world.env, world.social))
    assert "1 aktiv person" in page and "Flytta dem till Socialförvaltningen" in page
