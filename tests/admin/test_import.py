"""Importing administrations and a staff list from a CSV file: read as spreadsheets write it
(semicolons or commas, UTF-8 with or without a byte-order mark, Windows-1252), every row
checked and shown before anything is imported, all or nothing, and the same file a second
time changes nothing."""

import html
import io
import re

import pytest
from sqlalchemy import func, select

from hallbarhet.admin import imports
from hallbarhet.extensions import db
from hallbarhet.models import (
    Administration,
    Event,
    Membership,
    OutboxMail,
    Role,
    StagedImport,
    User,
)
from tests.helpers import DIRECTORY_ONLY

PEOPLE = """namn;e-post;förvaltning;språk;medlemskap
Åsa Öberg;asa.oberg@kommun.se;MF;sv;neh:representant nsh:deltagare
Bengt Ek;BENGT.EK@kommun.se;Socialförvaltningen;en;nsh:coordinator
Cilla Ström;cilla@kommun.se;KFF;;
"""
ADMINISTRATIONS = """name,short name
Miljöförvaltningen,MF
Tekniska förvaltningen,TF
Barn- och utbildningsförvaltningen,BUF
"""


def text(response) -> str:
    return html.unescape(" ".join(response.get_data(as_text=True).split()))


def upload(client, content: str | bytes, filename: str = "personal.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        "/admin/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def confirm(client, preview, **extra):
    """Send the preview's confirmation form as it was rendered (with what is in extra)."""
    page = preview.get_data(as_text=True)
    action = re.search(r'<form method="post" action="(/admin/import/[^"]+)"', page).group(1)
    digest = re.search(r'name="digest" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(action, data={"digest": digest, **extra})


def counts() -> tuple[int, int, int, int]:
    return tuple(
        db.session.scalar(select(func.count(model.id)))
        for model in (User, Administration, Membership, Event)
    )


def row_of(response, line: int) -> str:
    """The preview's table row of the file's line."""
    page = text(response)
    start = page.index(f'<tr id="row-{line}"')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def admin(login_as):
    return login_as("admin", lang="en")


# Reading the file, without a request


def test_the_file_is_read_in_either_encoding_and_with_either_separator(app, world):
    utf8 = imports.read_table(imports.decode(PEOPLE.encode("utf-8")))
    bom = imports.read_table(imports.decode(b"\xef\xbb\xbf" + PEOPLE.encode("utf-8")))
    windows = imports.read_table(imports.decode(PEOPLE.encode("cp1252")))
    comma = imports.read_table(imports.decode(PEOPLE.replace(";", ",").encode("utf-8")))
    for table in (utf8, bom, windows, comma):
        assert table.kind is imports.Kind.PEOPLE
        assert table.columns == ["name", "email", "administration", "language", "memberships"]
        assert [line for line, _cells in table.rows] == [2, 3, 4]
        assert table.rows[0][1]["name"] == "Åsa Öberg"
    assert imports.read_table(ADMINISTRATIONS).kind is imports.Kind.ADMINISTRATIONS


def test_a_file_of_mixed_encodings_is_refused_naming_the_lines(app):
    mixed = "namn;e-post;förvaltning\n".encode() + "Åsa;a@kommun.se;MF\n".encode("cp1252")
    # Outside a request the messages are in the default language, Swedish.
    with pytest.raises(imports.FileProblem, match="rad 1 är skriven i UTF-8, rad 2 i en annan"):
        imports.decode(mixed)
    with pytest.raises(imports.FileProblem, match="Excel-arbetsbok"):
        imports.decode(b"PK\x03\x04 rest of a zip")
    with pytest.raises(imports.FileProblem, match="tom"):
        imports.decode(b" \r\n")


def test_checking_a_file_changes_nothing_and_says_what_each_row_would_do(app, world):
    before = counts()
    plan = imports.check(PEOPLE.replace("KFF", "XYZ"))
    assert not plan.ok
    assert [row.action for row in plan.rows[:2]] == [imports.Action.NEW, imports.Action.NEW]
    assert plan.rows[2].errors and "XYZ" in plan.rows[2].errors[0]
    assert counts() == before


# Uploading and confirming


@pytest.mark.parametrize("separator", [";", ","])
def test_a_staff_list_is_previewed_then_imported(client, world, admin, separator):
    preview = upload(client, PEOPLE.replace(";", separator))
    assert preview.status_code == 200
    page = text(preview)
    assert "personal.csv: a file of people, 3 rows." in page
    assert '<span class="badge badge--import-new">New</span>' in row_of(preview, 2)
    assert "Åsa Öberg" in row_of(preview, 2)
    assert "Import all 3 rows" in page
    before = counts()
    assert counts() == before  # the preview imported nothing

    done = confirm(client, preview)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/people")
    assert "The file is imported: 3 new people, 0 changed." in text(client.get("/admin/people"))
    people = {u.email: u for u in db.session.scalars(select(User))}
    asa, bengt = people["asa.oberg@kommun.se"], people["bengt.ek@kommun.se"]
    assert (asa.name, asa.administration, asa.language) == ("Åsa Öberg", world.env, "sv")
    assert {(m.network.slug, m.role) for m in asa.memberships} == {
        ("neh", Role.REPRESENTATIVE),
        ("nsh", Role.PARTICIPANT),
    }
    assert (bengt.administration, bengt.language) == (world.social, "en")
    assert [(m.network.slug, m.role) for m in bengt.memberships] == [("nsh", Role.COORDINATOR)]
    assert people["cilla@kommun.se"].memberships == []
    created = db.session.scalars(select(Event).where(Event.action == "account_imported")).all()
    assert {e.person.email for e in created} == {"asa.oberg@kommun.se", "bengt.ek@kommun.se"} | {
        "cilla@kommun.se"
    }
    assert all(e.actor == world.admin for e in created)
    # No mail unless asked for; the uploaded file is gone with the import.
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert db.session.scalar(select(func.count()).select_from(StagedImport)) == 0


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(b"\xef\xbb\xbf" + PEOPLE.encode("utf-8"), id="utf8-bom"),
        pytest.param(PEOPLE.encode("cp1252"), id="windows-1252"),
    ],
)
def test_excels_encodings_are_read_right(client, world, admin, encoded):
    preview = upload(client, encoded)
    assert preview.status_code == 200
    assert confirm(client, preview).status_code == 302
    names = set(db.session.scalars(select(User.name)))
    assert {"Åsa Öberg", "Cilla Ström"} <= names


def test_importing_the_same_file_again_changes_nothing(client, world, admin):
    assert confirm(client, upload(client, PEOPLE)).status_code == 302
    before = counts()
    again = upload(client, PEOPLE)
    assert again.status_code == 200
    page = text(again)
    assert "Nothing to import: every row is as the tool has it already." in page
    assert "Import all" not in page
    assert all("Unchanged" in row_of(again, line) for line in (2, 3, 4))
    assert counts() == before
    assert db.session.scalar(select(func.count()).select_from(StagedImport)) == 0


def test_a_changed_row_shows_before_and_after_and_is_recorded(client, world, admin):
    assert confirm(client, upload(client, PEOPLE)).status_code == 302
    changed = PEOPLE.replace(
        "Bengt Ek;BENGT.EK@kommun.se;Socialförvaltningen;en;nsh:coordinator",
        "Bengt Eklund;bengt.ek@kommun.se;MF;;nsh:participant neh:participant",
    )
    preview = upload(client, changed)
    row = row_of(preview, 3)
    assert "Changed" in row
    assert "Name: Bengt Ek → Bengt Eklund" in row
    assert "Administration: Socialförvaltningen → Miljöförvaltningen" in row
    assert "Networks and roles: NSH Coordinator → NEH Participant, NSH Participant" in row
    assert "Language" not in row  # an empty cell keeps the person's language
    assert "Unchanged" in row_of(preview, 2)
    assert confirm(client, preview).status_code == 302
    bengt = db.session.scalar(select(User).where(User.email == "bengt.ek@kommun.se"))
    assert (bengt.name, bengt.administration, bengt.language) == ("Bengt Eklund", world.env, "en")
    assert {(m.network.slug, m.role) for m in bengt.memberships} == {
        ("neh", Role.PARTICIPANT),
        ("nsh", Role.PARTICIPANT),
    }
    actions = [e.action for e in db.session.scalars(select(Event).where(Event.person == bengt))]
    assert actions.count("account_changed") == 2
    assert {"membership_changed", "membership_added"} <= set(actions)


def test_existing_people_are_matched_by_their_normalised_address(client, world, admin):
    content = "name;e-mail;administration\nRita Representant; Representative@TEST.se ;MF\n"
    preview = upload(client, content)
    assert "Unchanged" in row_of(preview, 2)
    assert counts()[0] == 7


def test_administrations_are_imported_by_short_name(client, world, admin):
    preview = upload(client, ADMINISTRATIONS, "forvaltningar.csv")
    assert preview.status_code == 200
    assert "forvaltningar.csv: a file of administrations, 3 rows." in text(preview)
    assert "Unchanged" in row_of(preview, 2)
    assert "New" in row_of(preview, 3)
    done = confirm(client, preview)
    assert done.status_code == 302
    assert "3 administrations" not in text(client.get(done.headers["Location"]))
    short_names = set(db.session.scalars(select(Administration.short_name)))
    assert {"MF", "TF", "BUF", "SOC", "KFF"} == short_names
    renamed = ADMINISTRATIONS.replace("Tekniska förvaltningen", "Tekniska verken")
    preview = upload(client, renamed)
    assert "Name: Tekniska förvaltningen → Tekniska verken" in row_of(preview, 3)
    assert confirm(client, preview).status_code == 302
    renamed_one = select(Administration.name).where(Administration.short_name == "TF")
    assert db.session.scalar(renamed_one) == "Tekniska verken"
    actions = db.session.scalars(select(Event.action).where(Event.administration_id.is_not(None)))
    assert sorted(actions) == ["administration_import_renamed"] + ["administration_imported"] * 2
    assert "Nothing to import" in text(upload(client, renamed))


# Wrong files and rows


def test_a_wrong_header_is_told_at_the_top_naming_the_columns(client, world, admin):
    before = counts()
    response = upload(client, "namn;adress;förvaltning\nÅsa;a@kommun.se;MF\n")
    assert response.status_code == 422
    page = text(response)
    start = page.index("<h1>")
    top = page[start : page.index("<form", start)]
    assert "Nothing was imported." in top
    assert "The column “e-mail” is missing." in top
    assert "for administrations “name; short name”" in top
    assert "for people “name; e-mail; administration”, and if you like" in top
    assert "and if you like “language; memberships”." in top
    unknown = text(upload(client, "name;e-mail;administration;phone\nÅsa;a@kommun.se;MF;123\n"))
    assert "The column “phone” is not one of them." in unknown
    assert counts() == before


def test_a_file_that_cannot_be_read_is_told_beside_nothing_half_read(client, world, admin):
    before = counts()
    mixed = PEOPLE.encode("utf-8") + "Örjan Ås;orjan@kommun.se;MF;;\n".encode("cp1252")
    response = upload(client, mixed)
    assert response.status_code == 422
    assert "The file mixes two encodings: line 1 is written in UTF-8, line 5" in text(response)
    nothing = client.post("/admin/import", data={}, content_type="multipart/form-data")
    assert nothing.status_code == 422
    assert 'id="file-error">Choose a CSV file to upload.' in text(nothing)
    workbook = upload(client, b"PK\x03\x04\x14\x00 a workbook", "personal.xlsx")
    assert workbook.status_code == 422 and "This is an Excel workbook" in text(workbook)
    assert counts() == before


def test_every_wrong_row_is_marked_beside_it_and_nothing_is_imported(client, world, admin):
    before = counts()
    content = (
        "name;e-mail;administration;language;memberships\n"
        "Anna Rätt;anna@kommun.se;MF;;neh:participant\n"
        "Bo Okänd;bo@kommun.se;XYZ;;\n"
        "Anna Igen;ANNA@kommun.se;MF;;\n"
        ";utan.namn@kommun.se;MF;;\n"
        "Dan Roll;dan@kommun.se;MF;;neh:chef\n"
        "Eva Nät;eva@kommun.se;MF;;xyz:participant\n"
        "Frej Rep;frej@kommun.se;;;nsh:representative\n"
        "Gun Språk;gun@kommun.se;MF;fi;\n"
        "Hans Adress;hans-at-kommun.se;MF;;\n"
    )
    response = upload(client, content)
    assert response.status_code == 422
    page = text(response)
    assert "Nothing is imported." in page and "8 rows are wrong" in page
    assert '<a href="#row-3">' in page
    assert "New" in row_of(response, 2) and "Wrong" not in row_of(response, 2)
    expected = {
        3: "There is no administration “XYZ”",
        4: "The e-mail address is on row 2 too.",
        5: "The name is missing.",
        6: "There is no role “chef”",
        7: "There is no network “xyz”: the networks are neh, nsh.",
        8: "A representative speaks for an administration",
        9: "There is no language “fi”",
        10: "“hans-at-kommun.se” is not an e-mail address.",
    }
    for line, message in expected.items():
        row = row_of(response, line)
        assert "Wrong" in row and message in row, (line, row)
    assert "Import all" not in page and 'name="digest"' not in page
    assert counts() == before
    assert db.session.scalar(select(func.count()).select_from(StagedImport)) == 0


def test_nothing_is_half_imported_when_a_row_has_gone_wrong_since_the_preview(client, world, admin):
    preview = upload(client, PEOPLE)
    assert preview.status_code == 200
    before = counts()
    # Between the preview and the confirmation the culture administration is deactivated:
    # the last row is now wrong, and the two before it are not imported either.
    world.culture.active = False
    db.session.commit()
    response = confirm(client, preview)
    assert response.status_code == 422
    assert "The administration Kultur- och fritidsförvaltningen is deactivated." in row_of(
        response, 4
    )
    assert counts() == before


def test_a_preview_the_database_has_overtaken_is_shown_again(client, world, admin):
    preview = upload(client, PEOPLE)
    before = counts()
    db.session.add(User(name="Cilla Ström", email="cilla@kommun.se", administration=world.culture))
    db.session.commit()
    response = confirm(client, preview)
    assert response.status_code == 409
    assert "The tool's data changed since the preview" in text(response)
    assert "Unchanged" in row_of(response, 4)
    assert counts() == (before[0] + 1, *before[1:])
    assert confirm(client, response).status_code == 302
    assert counts()[0] == before[0] + 3


# With the CSRF check on, the form is read (and found too large) before any view runs.
@pytest.mark.parametrize("app", [{}, {"WTF_CSRF_ENABLED": True}], indirect=True)
def test_a_file_of_ten_megabytes_is_refused_with_a_page_that_says_why(client, world, admin):
    before = counts()
    big = PEOPLE + ("Xerxes;x@kommun.se;MF;;\n" * 450_000)
    assert len(big.encode()) > 10 * 1024 * 1024
    response = upload(client, big)
    assert response.status_code == 413
    page = text(response)
    assert "The file is larger than 1 MB, more than the import takes" in page
    assert 'enctype="multipart/form-data"' in page  # the upload form again
    assert counts() == before


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_other_large_forms_get_the_sites_own_page(client, world, login_as):
    big = {"name": "x" * (2 * 1024 * 1024)}
    login_as("admin", lang="en")
    response = client.post("/admin/people/new", data=big)
    assert response.status_code == 413
    assert "The form you sent was larger than any form here takes" in text(response)
    # Someone else than an administrator learns nothing of the import page.
    login_as("representative", lang="en")
    response = upload(client, "x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "The file is larger" not in text(response)


def test_a_staff_list_of_a_few_thousand_people_fits(client, world, admin):
    lines = [
        f"Förnamn{number} Efternamnsson;fornamn.efternamnsson{number}@kommun.se;"
        "Kultur- och fritidsförvaltningen;sv;neh:deltagare nsh:deltagare"
        for number in range(3000)
    ]
    content = "namn;e-post;förvaltning;språk;medlemskap\n" + "\n".join(lines) + "\n"
    assert len(content.encode()) < 1024 * 1024 - 2048  # with room for the form around it
    preview = upload(client, content)
    assert preview.status_code == 200
    assert "a file of people, 3000 rows." in text(preview)
    assert confirm(client, preview).status_code == 302
    assert counts()[0] == 7 + 3000


def test_new_people_get_links_only_when_asked(client, world, admin):
    preview = upload(client, PEOPLE)
    assert 'name="mail_links" type="checkbox"' in preview.get_data(as_text=True)
    assert "checked" not in row_of(preview, 2)
    done = confirm(client, preview, mail_links="y")
    assert done.status_code == 302
    assert "Links to choose a password are mailed to 3 new people." in text(
        client.get(done.headers["Location"])
    )
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.recipient)).all()
    assert [m.recipient for m in mails] == [
        "asa.oberg@kommun.se",
        "bengt.ek@kommun.se",
        "cilla@kommun.se",
    ]
    assert all(m.template == "password_first" for m in mails)
    assert "/password/first/" in mails[0].text


@pytest.mark.parametrize("app", [DIRECTORY_ONLY], indirect=True)
def test_without_password_sign_in_no_links_are_offered_or_sent(client, world, admin):
    preview = upload(client, PEOPLE)
    assert 'name="mail_links"' not in preview.get_data(as_text=True)
    assert confirm(client, preview, mail_links="y").status_code == 302
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0


def test_a_confirmation_is_good_once_and_for_its_uploader_only(app, client, world, admin):
    preview = upload(client, PEOPLE)
    other = User(name="Alma Admin", email="alma@test.se", is_admin=True)
    db.session.add(other)
    db.session.commit()
    colleague = app.test_client()
    with colleague.session_transaction() as session:
        session["_user_id"] = other.get_id()
    assert confirm(colleague, preview).status_code == 404
    assert confirm(client, preview).status_code == 302
    again = confirm(client, preview)
    assert again.status_code == 404
    assert "This file has been imported already" in text(again)


def test_the_example_files_download_and_import_cleanly(client, world, admin):
    for kind in ("administrations", "people"):
        example = client.get(f"/admin/import/example-{kind}.csv")
        assert example.status_code == 200 and example.mimetype == "text/csv"
        disposition = example.headers["Content-Disposition"]
        assert disposition == f'attachment; filename="example-{kind}.csv"'
        assert example.data.startswith(b"\xef\xbb\xbf")
        preview = upload(client, example.data)
        assert preview.status_code == 200, text(preview)
        if "Import all" in text(preview):
            assert confirm(client, preview).status_code == 302
    assert db.session.scalar(select(func.count(User.id)).where(User.email.like("%@kommun.se"))) == 4


def test_the_import_pages_are_in_swedish_by_default(client, world, login_as):
    login_as("admin")
    page = text(client.get("/admin/import"))
    assert "<h1>Importera från en fil</h1>" in page and "högst 1 MB" in page
    example = client.get("/admin/import/example-people.csv")
    assert example.data.decode("utf-8-sig").startswith("namn;e-post;förvaltning;språk;medlemskap")
    assert "neh:representant" in example.data.decode("utf-8-sig")
    preview = upload(client, PEOPLE.replace("KFF", "XYZ"))
    assert "Det finns ingen förvaltning ”XYZ”" in row_of(preview, 4)
    assert "Ny" in row_of(preview, 2)
