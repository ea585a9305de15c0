"""The administrators' networks: added and edited (name, slug, dimension, description, lead
times), and their work areas added, renamed, reordered, retired and brought back; a retired
work area is offered for no new question, and the questions that have it keep it."""

import html
import re

import pytest
from sqlalchemy import func, select

from hallbarhet.admin import networks
from hallbarhet.errors import Invalid
from hallbarhet.extensions import db
from hallbarhet.issues.operations import IssueInput, create_issue
from hallbarhet.models import AskedFor, Dimension, Event, IssueKind, Network, WorkArea
from tests.factories import make_issue


def text(response) -> str:
    """The page's text as a reader meets it: entities unescaped, white space collapsed."""
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def reloaded(row):
    db.session.expire_all()
    return db.session.get(type(row), row.id)


def events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)))


NEW = {
    "name": "Nätverk för ekonomisk hållbarhet",
    "slug": "nekh",
    "dimension": "economic",
    "description": "Upphandling och investeringar.",
    "submission_lead_days": "21",
    "agenda_lead_days": "7",
}


def network_data(network, **changes) -> dict:
    return {
        "name": network.name,
        "slug": network.slug,
        "dimension": network.dimension.value,
        "description": network.description,
        "submission_lead_days": str(network.submission_lead_days),
        "agenda_lead_days": str(network.agenda_lead_days),
        "version": network.version,
    } | changes


def area_post(client, area, action, name=None, version=None):
    prefix = f"area-{area.id}-"
    data = {
        prefix + "name": area.name if name is None else name,
        prefix + "version": area.version if version is None else version,
        prefix + "action": action,
    }
    return client.post(f"/admin/work-areas/{area.id}", data=data)


def test_an_administrator_adds_a_network(client, world, login_as):
    login_as("admin", lang="en")
    response = client.post("/admin/networks/new", data=NEW)
    assert response.status_code == 302
    network = db.session.scalar(select(Network).where(Network.slug == "nekh"))
    assert response.headers["Location"] == f"/admin/networks/{network.id}"
    assert (network.dimension, network.submission_lead_days, network.agenda_lead_days) == (
        Dimension.ECONOMIC,
        21,
        7,
    )
    (event,) = events("network_added")
    assert (event.network_id, event.actor_id) == (network.id, world.admin.id)
    page = text(client.get(response.headers["Location"]))
    assert "Nätverk för ekonomisk hållbarhet is added. Now give it its work areas." in page
    assert 'href="/networks/nekh/standing-items"' in page
    listing = text(client.get("/admin/networks"))
    assert "Economic sustainability" in listing and "21 days before a meeting" in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "NEKH"}, "slug", "lower-case letters"),
        ({"slug": "ekonomi och"}, "slug", "lower-case letters"),
        ({"slug": "hållbar"}, "slug", "lower-case letters"),
        ({"slug": "-x-"}, "slug", "lower-case letters"),
        ({"slug": "n"}, "slug", "lower-case letters"),
        ({"slug": "neh"}, "slug", "Another network already has this short name."),
        ({"name": ""}, "name", "Write the network's name."),
        ({"submission_lead_days": "0"}, "submission_lead_days", "between 1 and 90 days"),
        ({"submission_lead_days": "91"}, "submission_lead_days", "between 1 and 90 days"),
        ({"submission_lead_days": "två"}, "submission_lead_days", "Not a valid integer value."),
        ({"agenda_lead_days": "0"}, "agenda_lead_days", "between 1 and 60 days"),
        ({"agenda_lead_days": "21"}, "agenda_lead_days", "give fewer days than the 21"),
        ({"dimension": "cultural"}, "dimension", "Not a valid choice."),
    ],
)
def test_a_bad_network_is_refused_beside_its_field(
    client, world, login_as, changes, field, message
):
    login_as("admin", lang="en")
    response = client.post("/admin/networks/new", data=NEW | changes)
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    error = re.search(rf'<p class="field__error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1), page
    assert db.session.scalar(select(func.count(Network.id))) == 2
    assert events("network_added") == []


def test_an_edit_records_each_changed_field(client, world, login_as):
    login_as("admin", lang="en")
    response = client.post(
        f"/admin/networks/{world.nsh.id}",
        data=network_data(world.nsh, slug="social", dimension="economic", agenda_lead_days="3"),
    )
    assert response.status_code == 302
    nsh = reloaded(world.nsh)
    assert (nsh.slug, nsh.dimension, nsh.agenda_lead_days, nsh.version) == (
        "social",
        Dimension.ECONOMIC,
        3,
        2,
    )
    changes = {e.message: (e.from_value, e.to_value) for e in events("network_edited")}
    assert changes == {
        "slug": ("nsh", "social"),
        "dimension": ("social", "economic"),
        "agenda_lead_days": ("5", "3"),
    }
    history = text(client.get("/admin/history"))
    assert "Dimension of sustainability: Social sustainability → Economic sustainability" in history
    # The coming meetings' deadlines follow the lead time.
    meeting = reloaded(world.nsh_meeting)
    assert (meeting.starts_at - meeting.agenda_due).days == 3


def test_a_stale_network_save_is_refused_and_changes_nothing(client, world, login_as):
    login_as("admin", lang="en")
    loaded = network_data(world.neh)
    networks.update_network(
        world.admin,
        world.neh,
        networks.NetworkInput(
            name="NEH", slug="neh", dimension=Dimension.ECOLOGICAL, submission_lead_days=10,
            agenda_lead_days=4,
        ),
        world.neh.version,
    )  # fmt: skip
    response = client.post(
        f"/admin/networks/{world.neh.id}", data=loaded | {"name": "Klimatnätverket"}
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed the network while you had it open." in page
    assert 'value="NEH"' in page and 'value="10"' in page and "Klimatnätverket" in page
    assert reloaded(world.neh).name == "NEH"
    assert len(events("network_edited")) == 3


def test_work_areas_are_added_renamed_and_reordered(client, world, login_as):
    login_as("admin", lang="en")
    response = client.post(
        f"/admin/networks/{world.neh.id}/work-areas", data={"new-area-name": "Giftfri miljö"}
    )
    assert response.status_code == 302
    names = lambda: [a.name for a in networks.ordered_areas(reloaded(world.neh))]  # noqa: E731
    assert names() == ["Koldioxidmålet", "Klimatanpassning", "Avfallsplan", "Giftfri miljö"]
    duplicate = client.post(
        f"/admin/networks/{world.neh.id}/work-areas", data={"new-area-name": "avfallsplan"}
    )
    assert duplicate.status_code == 422
    assert "The network already has a work area with this name." in text(duplicate)
    assert 'id="new-area-name-error"' in duplicate.get_data(as_text=True)

    added = db.session.scalar(select(WorkArea).where(WorkArea.name == "Giftfri miljö"))
    assert area_post(client, added, "up").status_code == 302
    assert area_post(client, reloaded(added), "up").status_code == 302
    assert names() == ["Koldioxidmålet", "Giftfri miljö", "Klimatanpassning", "Avfallsplan"]
    first = reloaded(world.neh.work_areas[0])
    assert area_post(client, first, "up").status_code == 302  # at the top: nothing moves
    assert names()[0] == "Koldioxidmålet"
    assert area_post(client, reloaded(added), "rename", "Giftfri förskola").status_code == 302
    assert names()[1] == "Giftfri förskola"
    empty = area_post(client, reloaded(added), "rename", " ")
    assert empty.status_code == 422 and "Write the work area's name." in text(empty)
    assert [(e.from_value, e.to_value) for e in events("work_area_moved")] == [
        ("4", "3"),
        ("3", "2"),
    ]
    assert [(e.from_value, e.to_value) for e in events("work_area_renamed")] == [
        ("Giftfri miljö", "Giftfri förskola")
    ]
    assert all(e.network_id == world.neh.id for e in events("work_area_added"))


def test_moving_down_works_without_javascript(client, world, login_as):
    login_as("admin", lang="en")
    page = client.get(f"/admin/networks/{world.neh.id}").get_data(as_text=True)
    first = world.neh.work_areas[0]
    assert f'name="area-{first.id}-action" value="down"' in page
    response = area_post(client, first, "down")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#work-area-{first.id}")
    assert [a.name for a in networks.ordered_areas(reloaded(world.neh))][:2] == [
        "Klimatanpassning",
        "Koldioxidmålet",
    ]


def test_a_retired_work_area_is_not_offered_but_kept_on_questions(client, world, login_as):
    area = world.neh.work_areas[2]  # Avfallsplan
    issue = make_issue(world.neh, world.representative, title="Matsvinn", work_area=area)
    db.session.commit()
    login_as("admin", lang="en")
    assert area_post(client, area, "retire").status_code == 302
    assert reloaded(area).retired
    assert "Retired" in text(client.get(f"/admin/networks/{world.neh.id}"))

    login_as("representative", lang="en")
    new_form = client.get("/issues/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="work_area".*?</select>', new_form, re.S).group(0)
    offered = re.findall(r'<option value="(\d+)">([^<]*)</option>', select)
    assert (str(world.neh.work_areas[0].id), "Koldioxidmålet") in offered
    assert str(area.id) not in {value for value, _name in offered}
    edit_form = client.get(f"/issues/{issue.id}/edit").get_data(as_text=True)
    assert re.search(
        rf'<option selected value="{area.id}">Avfallsplan \(retired\)</option>', edit_form
    )
    assert "Avfallsplan (retired)" in text(client.get(f"/issues/{issue.id}"))
    with pytest.raises(Invalid, match="retired"):
        create_issue(
            world.representative,
            IssueInput(
                network_id=world.neh.id, title="Ny", kind=IssueKind.DIALOGUE,
                asked_for=AskedFor.DIALOGUE, work_area_id=area.id,
            ),
            submit=True,
        )  # fmt: skip
    # Triage still filters by it, and finds the question.
    login_as("coordinator", lang="en")
    triage = client.get(f"/triage?area={area.id}")
    assert triage.status_code == 200
    assert "Avfallsplan (retired)" in text(triage) and "Matsvinn" in text(triage)

    login_as("admin", lang="en")
    assert area_post(client, reloaded(area), "restore").status_code == 302
    assert not reloaded(area).retired
    assert [e.action for e in events("work_area_retired") + events("work_area_restored")] == [
        "work_area_retired",
        "work_area_restored",
    ]
    assert db.session.get(WorkArea, area.id) is not None


def test_a_stale_work_area_row_is_refused_and_changes_nothing(client, world, login_as):
    login_as("admin", lang="en")
    area = world.neh.work_areas[1]
    stale = area.version
    networks.rename_work_area(world.admin, area, "Klimatanpassning och beredskap", stale)
    response = area_post(client, reloaded(area), "retire", version=stale)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed the work areas while you had them open." in page
    assert 'value="Klimatanpassning och beredskap"' in page
    assert not reloaded(area).retired and events("work_area_retired") == []


def test_the_pages_in_swedish(client, world, login_as):
    login_as("admin")
    page = text(client.get(f"/admin/networks/{world.neh.id}"))
    assert "Arbetsområden" in page and "Avveckla" in page and "Kortnamn i adresser" in page
    page = text(client.get("/admin/networks"))
    assert "Ekologisk hållbarhet" in page and "Lägg till ett nätverk" in page
