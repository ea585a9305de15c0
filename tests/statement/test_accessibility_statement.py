"""The accessibility statement (/tillganglighet): DIGG's parts and its complaint link for
everyone, signed out or in, in Swedish and English; linked from every page's footer; the
municipality's parts edited by administrators only, each save an Event, a stale form
refused with nothing changed."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.models import AccessibilityStatement, Compliance, Event
from tests.invitations.test_invitations import invited, publish, text_of

DIGG = "https://www.digg.se/tdosanmalan"
FOOTER_LINK = re.compile(r'<footer class="site-footer">.*href="/tillganglighet"', re.S)

SWEDISH = (
    "Tillgänglighetsredogörelse för Hållbarhetsnätverket",
    "Exempelkommun står bakom den här tjänsten",
    "lagen om tillgänglighet till digital offentlig service",
    "Hur tillgänglig är tjänsten?",
    "Vad kan du göra om du inte kan använda delar av tjänsten?",
    "Rapportera brister i tjänstens tillgänglighet",
    "Tillsyn",
    "Teknisk information om tjänstens tillgänglighet",
    "delvis förenlig",
    "WCAG) 2.1 på nivå AA",
    "WCAG 2.2 på nivå AA",
    "EN 301 549",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat tjänsten",
    "axe-core",
    "375 pixlar",
    "Anmäl bristande tillgänglighet",
)
ENGLISH = (
    "Accessibility statement for Hållbarhetsnätverket",
    "Exempelkommun is responsible for this service",
    "Act on accessibility to digital public service",
    "How accessible is the service?",
    "What can you do if you cannot use parts of the service?",
    "Report problems with the service's accessibility",
    "Supervision",
    "Technical information about the service's accessibility",
    "partially compliant",
    "WCAG) 2.1 at level AA",
    "WCAG 2.2 at level AA",
    "Content that is not accessible",
    "How we tested the service",
    "axe-core",
    "Report lack of accessibility to DIGG",
)


def form(**values) -> dict:
    return {
        "version": "0",
        "compliance": "partial",
        "known_problems": "Dagordningens tabell läses rad för rad.\n\nKalenderfilen saknar text.",
        "known_problems_en": "",
        "assessed_on": "2026-11-20",
        "assessment_method": "self",
        "contact_email": "tillganglighet@exempel.se",
        "contact_phone": "08-123 456 78",
        "response_days": "3",
    } | values


def statement() -> AccessibilityStatement | None:
    db.session.expire_all()
    return db.session.get(AccessibilityStatement, 1)


def set_language(client, language: str) -> None:
    client.post("/language", data={"language": language, "next": "/tillganglighet"})


def assert_digg_parts(html: str, words) -> None:
    for part in words:
        assert part in html, part
    assert f'href="{DIGG}"' in html


def test_signed_out_people_read_the_statement_in_swedish_and_english(client, world):
    response = client.get("/tillganglighet")
    assert response.status_code == 200
    html = text_of(response)
    assert_digg_parts(html, SWEDISH)
    # The product's own text until the municipality saves its parts.
    assert "har ännu inte gjort någon egen bedömning" in html
    assert "har ännu inte uppdaterat redogörelsen" in html
    assert "/admin/accessibility-statement" not in html
    set_language(client, "en")
    assert_digg_parts(text_of(client.get("/tillganglighet")), ENGLISH)


@pytest.mark.parametrize("name", ["participant", "admin"])
def test_signed_in_people_read_it_in_their_language(client, world, login_as, name):
    login_as(name)
    html = text_of(client.get("/tillganglighet"))
    assert_digg_parts(html, SWEDISH)
    # Administrators find the form from the statement itself.
    assert ("/admin/accessibility-statement" in html) == (name == "admin")
    login_as(name, lang="en")
    assert_digg_parts(text_of(client.get("/tillganglighet")), ENGLISH)


def test_the_footer_links_the_statement_signed_out_signed_in_and_for_guests(
    client, world, login_as
):
    assert FOOTER_LINK.search(text_of(client.get("/login")))
    login_as("representative")
    for page in ("/", "/issues", "/account"):
        assert FOOTER_LINK.search(text_of(client.get(page))), page
    publish(world.neh_meeting)
    invitation = invited(world)
    with client.session_transaction() as session:
        session.clear()
    guest = client.get(f"/invitations/{invitation.token()}")
    assert guest.status_code == 200
    assert FOOTER_LINK.search(text_of(guest))


def test_an_administrator_saves_the_municipalitys_parts(client, world, login_as):
    admin = login_as("admin")
    page = client.get("/admin/accessibility-statement")
    assert page.status_code == 200
    assert 'name="version" type="hidden" value="0"' in text_of(page)
    response = client.post("/admin/accessibility-statement", data=form())
    assert response.status_code == 302
    saved = statement()
    assert saved.version == 1 and saved.updated_by_id == admin.id
    assert saved.compliance == Compliance.PARTIAL
    assert saved.assessed_on == date(2026, 11, 20)
    assert (saved.contact_email, saved.response_days) == ("tillganglighet@exempel.se", 3)
    events = db.session.scalars(
        select(Event).where(Event.action == "statement_changed").order_by(Event.id)
    ).all()
    # One per changed field; the compliance stayed what the product ships.
    assert {e.message for e in events} == {
        "known_problems",
        "assessed_on",
        "contact_email",
        "contact_phone",
        "response_days",
    }
    assert all(e.actor_id == admin.id for e in events)
    days = next(e for e in events if e.message == "response_days")
    assert (days.from_value, days.to_value) == ("5", "3")

    html = text_of(client.get("/tillganglighet"))
    assert "<p>Dagordningens tabell läses rad för rad.</p>" in html
    assert "<p>Kalenderfilen saknar text.</p>" in html
    assert 'href="mailto:tillganglighet@exempel.se"' in html
    assert 'href="tel:08-12345678"' in html
    assert "normalt inom 3 arbetsdagar" in html
    assert "gjorde kommunen en självskattning" in html and "2026-11-20" in html
    assert f"Redogörelsen uppdaterades senast {saved.updated_at:%Y-%m-%d}" in html
    # The English page shows the Swedish text, marked as Swedish, until there is an English one.
    login_as("admin", lang="en")
    assert '<div class="statement__text" lang="sv">' in text_of(client.get("/tillganglighet"))
    # The history on the edit page, in words.
    edit = text_of(client.get("/admin/accessibility-statement"))
    assert "changed the accessibility statement — Answered within (working days): 5 → 3" in edit


def test_a_save_without_changes_records_nothing(client, world, login_as):
    login_as("admin")
    client.post("/admin/accessibility-statement", data=form())
    count = db.session.scalar(select(func.count()).select_from(Event))
    response = client.post("/admin/accessibility-statement", data=form(version="1"))
    assert response.status_code == 302
    assert statement().version == 1
    assert db.session.scalar(select(func.count()).select_from(Event)) == count


def test_a_stale_form_is_refused_and_changes_nothing(client, world, login_as):
    login_as("admin")
    client.post("/admin/accessibility-statement", data=form())
    events = db.session.scalar(select(func.count()).select_from(Event))
    # Rendered before the first save (version 0), sent after it.
    response = client.post(
        "/admin/accessibility-statement", data=form(contact_email="annan@exempel.se")
    )
    assert response.status_code == 409
    html = text_of(response)
    assert "Någon annan hann före" in html
    # The form shows the statement as it is now, and what was sent beside it.
    assert 'value="tillganglighet@exempel.se"' in html and "annan@exempel.se" in html
    saved = statement()
    assert (saved.version, saved.contact_email) == (1, "tillganglighet@exempel.se")
    assert db.session.scalar(select(func.count()).select_from(Event)) == events
    # A form of a version that never was, before the first save too.
    assert client.post("/admin/accessibility-statement", data=form(version="7")).status_code == 409


def test_a_version_that_is_no_number_is_refused_as_stale(client, world, login_as):
    # "²" and "٣" are digits to str.isdigit() and no number to int().
    login_as("admin")
    for version in ("²", "٣", "-1", "x"):
        response = client.post("/admin/accessibility-statement", data=form(version=version))
        assert response.status_code == 409, version
    assert statement() is None


def test_the_first_save_of_a_stale_form_is_refused(client, world, login_as):
    login_as("admin")
    events = db.session.scalar(select(func.count()).select_from(Event))
    response = client.post("/admin/accessibility-statement", data=form(version="3"))
    assert response.status_code == 409
    assert statement() is None
    assert db.session.scalar(select(func.count()).select_from(Event)) == events


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_email", "inte en adress", "Skriv en e-postadress"),
        ("response_days", "0", "Ange mellan 1 och 60 arbetsdagar."),
        ("compliance", "kanske", "Not a valid choice"),
        ("known_problems", "x" * 10_001, "Skriv högst 10000 tecken."),
    ],
)
def test_bad_input_is_shown_beside_its_field(client, world, login_as, field, value, message):
    login_as("admin")
    response = client.post("/admin/accessibility-statement", data=form(**{field: value}))
    assert response.status_code == 422
    html = text_of(response)
    assert f'id="{field}-error"' in html
    assert message in html or field == "compliance"
    assert statement() is None


@pytest.mark.parametrize("name", ["coordinator", "representative", "participant", "outsider"])
def test_only_administrators_edit_it(client, world, login_as, name):
    login_as(name)
    assert client.get("/admin/accessibility-statement").status_code == 403
    assert client.post("/admin/accessibility-statement", data=form()).status_code == 403
    assert statement() is None


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.post("/admin/accessibility-statement", data=form())
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert statement() is None


def test_the_english_text_is_shown_on_the_english_page(client, world, login_as):
    login_as("admin")
    client.post(
        "/admin/accessibility-statement",
        data=form(known_problems_en="The agenda table is read row by row.", compliance="full"),
    )
    assert statement().compliance == Compliance.FULL
    login_as("participant", lang="en")
    html = text_of(client.get("/tillganglighet"))
    assert "<p>The agenda table is read row by row.</p>" in html
    assert "Dagordningens tabell" not in html
    assert "The service is fully compliant" in html
