"""/admin/history: every change to the organisation (networks and their work areas and
standing items, administrations, accounts), newest first, a page at a time, each with who,
when, what and before → after; filtered by kind; in English and Swedish."""

import html
import re
from contextlib import contextmanager

from sqlalchemy import event, select

from hallbarhet.admin import networks, organisation
from hallbarhet.admin.queries import HISTORY_PAGE
from hallbarhet.extensions import db
from hallbarhet.meetings.standing import fingerprint, save_standing_items
from hallbarhet.models import Administration, Event, Network, User, WorkArea
from hallbarhet.models.events import record
from tests.factories import make_user


def text(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def rows(response) -> list[str]:
    page = html.unescape(response.get_data(as_text=True))
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("<tr>")[1:]]


def some_changes(world):
    organisation.update_administration(
        world.admin, world.env, "Miljö- och hälsoskyddsförvaltningen", "MF", world.env.version
    )
    networks.add_work_area(world.admin, world.nsh, "Trygghet")
    save_standing_items(
        world.coordinator, world.neh, [("Inledning", 5), ("Nästa möte", 5)], fingerprint(world.neh)
    )
    record("password_changed", world.representative, person=world.representative)
    db.session.commit()


def test_the_history_shows_who_when_what_and_before_after(client, world, login_as):
    some_changes(world)
    login_as("admin", lang="en")
    response = client.get("/admin/history")
    assert response.status_code == 200
    found = rows(response)
    assert len(found) == 4
    # Newest first: the password, the standing items, the work area, the rename.
    assert "Rita Representant" in found[0] and "changed the password" in found[0]
    assert "Cora Samordnare" in found[1] and "Nätverk för ekologisk hållbarhet" in found[1]
    assert "changed the standing items" in found[1]
    assert "added the work area “Trygghet” to Nätverk för social hållbarhet" in found[2]
    assert "Ada Admin" in found[3]
    assert "Miljöförvaltningen → Miljö- och hälsoskyddsförvaltningen" in found[3]
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", found[3])
    # A question's history is the question's own page's, not this one's.
    assert not any("planned the meeting" in row for row in found)


def test_the_history_is_filtered_by_kind(client, world, login_as):
    some_changes(world)
    login_as("admin", lang="en")
    networks_only = rows(client.get("/admin/history?kind=networks"))
    assert len(networks_only) == 2 and all("Nätverk för" in row for row in networks_only)
    (administration,) = rows(client.get("/admin/history?kind=administrations"))
    assert "renamed the administration" in administration
    (person,) = rows(client.get("/admin/history?kind=people"))
    assert "changed the password" in person
    bad = client.get("/admin/history?kind=meetings")
    assert bad.status_code == 422 and "Not a valid choice." in text(bad)


def test_older_changes_are_a_link_away(client, world, login_as):
    for number in range(HISTORY_PAGE + 5):
        record("work_area_added", world.admin, network=world.neh, message=f"Område {number:02d}")
    db.session.commit()
    login_as("admin", lang="en")
    first = client.get("/admin/history")
    found = rows(first)
    assert len(found) == HISTORY_PAGE
    assert "Område 54" in found[0] and "Område 05" in found[-1]
    older = re.search(
        r'href="(/admin/history\?before=\d+)">Older</a>', first.get_data(as_text=True)
    )
    assert older, "an older-page link that works without JavaScript"
    second = client.get(html.unescape(older.group(1)))
    assert [row.split("Område ")[1][:2] for row in rows(second)] == ["04", "03", "02", "01", "00"]
    page = second.get_data(as_text=True)
    assert ">Older</a>" not in page and 'href="/admin/history">Newest</a>' in page
    # The filter stays with the pages.
    filtered = client.get("/admin/history?kind=networks").get_data(as_text=True)
    assert re.search(r'href="/admin/history\?kind=networks&amp;before=\d+">Older', filtered)


def test_the_history_in_swedish(client, world, login_as):
    some_changes(world)
    login_as("admin")
    found = rows(client.get("/admin/history"))
    assert "bytte lösenord" in found[0]
    assert "lade till arbetsområdet ”Trygghet” i Nätverk för social hållbarhet" in found[2]
    assert "bytte namn på förvaltningen" in found[3]


def test_values_are_told_in_words_never_as_the_stored_codes(client, world, login_as):
    # What a row stores (a role's or a link's code) is for the database; the sentence says
    # the change in the reader's words, before → after, and nothing shows the codes.
    who = world.representative
    record(
        "membership_changed",
        world.admin,
        network=world.neh,
        person=who,
        from_value="participant",
        to_value="representative",
    )
    record("password_link_mailed", world.admin, person=who, to_value="first")
    record("account_created", None, person=world.admin, to_value="admin")
    db.session.commit()
    login_as("admin")
    found = rows(client.get("/admin/history"))
    assert "Automatiskt Ada Admin skapade administratörskontot för Ada Admin" in found[0]
    assert "mejlade Rita Representant en länk för att välja lösenord" in found[1]
    assert "ändrade rollen för Rita Representant i NEH: deltagare → representant" in found[2]
    for row in found:
        assert "participant" not in row and "representative" not in row
        assert "first" not in row and "admin " not in row


def test_each_reorganisation_is_one_line_with_its_counts(client, world, login_as):
    move = organisation.planned_move(world.env, world.social)
    organisation.reorganise(world.admin, world.env, world.social, move.fingerprint, deactivate=True)
    login_as("admin", lang="en")
    found = rows(client.get("/admin/history?kind=administrations"))
    assert "deactivated the administration Miljöförvaltningen" in found[0]
    assert (
        "moved 1 active person and 0 open questions from Miljöförvaltningen to Socialförvaltningen"
        in found[1]
    )
    (person,) = rows(client.get("/admin/history?kind=people"))
    assert "moved Rita Representant from Miljöförvaltningen to Socialförvaltningen" in person
    assert db.session.scalars(select(Event.action).where(Event.issue_id.is_not(None))).all() == []


@contextmanager
def counted():
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def add_rows(world, start: int, count: int) -> None:
    neh = db.session.get(Network, world.neh_id)
    admin = db.session.get(User, world.admin_id)
    for number in range(start, start + count):
        administration = Administration(name=f"Förvaltning {number}", short_name=f"F{number}")
        db.session.add(administration)
        make_user(f"person{number}@test.se", f"Person {number}", administration=administration)
        neh.work_areas.append(WorkArea(name=f"Område {number}", position=10 + number))
        record("administration_added", admin, administration=administration)
        record("account_created", admin, person=admin)
        record("work_area_added", admin, network=neh, message=f"Område {number}")
    db.session.commit()


ADMIN_PAGES = (
    "/admin",
    "/admin/administrations",
    "/admin/networks",
    "/admin/network",
    "/admin/history",
)


def statements_per_page(client, world) -> dict[str, int]:
    counts = {}
    for path in ADMIN_PAGES:
        url = f"/admin/networks/{world.neh_id}" if path == "/admin/network" else path
        db.session.remove()
        with counted() as statements:
            assert client.get(url).status_code == 200, url
        counts[path] = len(statements)
    return counts


def test_the_pages_read_the_same_statements_for_ten_times_the_data(client, world, login_as):
    login_as("admin", lang="en")
    world.neh_id, world.admin_id = world.neh.id, world.admin.id
    add_rows(world, 0, 3)
    few = statements_per_page(client, world)
    add_rows(world, 3, 27)
    assert statements_per_page(client, world) == few
