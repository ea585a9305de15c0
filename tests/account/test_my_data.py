"""Mina uppgifter (/account): what the tool holds about the signed-in person, exactly that
person's (never another's), and the same as a JSON download; reached from the header."""

import json
import re

import pytest

from hallbarhet.extensions import db
from hallbarhet.issues.operations import IssueInput, create_issue
from hallbarhet.models import AskedFor, IssueKind, MailStatus, OutboxMail
from hallbarhet.models.base import utcnow
from hallbarhet.models.events import record
from tests.app.test_query_counts import measure
from tests.app.test_template_queries import view
from tests.helpers import DIRECTORY_ONLY

# What belongs to the other person (Olle) or to the coordinator, and must not show.
OTHERS = (
    "Olle Representant",
    "other@test.se",
    "Olles hemliga fråga",
    "Olle skriver om sin förvaltning.",
    "Till Olle: en påminnelse",
    "Olles mejltext",
    "Samordnarens meddelande till Rita",
    "coordinator@test.se",
)


def mail(recipient: str, subject: str, text: str, status=MailStatus.SENT) -> OutboxMail:
    sent = OutboxMail(
        recipient=recipient,
        template="decision_returned",
        language="sv",
        subject=subject,
        text=text,
        html=f"<p>{text}</p>",
        status=status,
        sent_at=utcnow() if status == MailStatus.SENT else None,
        next_attempt_at=utcnow(),
    )
    db.session.add(sent)
    return sent


def question(world, user, title: str, description: str):
    data = IssueInput(
        network_id=world.neh.id,
        title=title,
        kind=IssueKind.DIALOGUE,
        asked_for=AskedFor.DIALOGUE,
        description=description,
    )
    return create_issue(user, data, submit=True)


@pytest.fixture
def two_people(world):
    """Rita and Olle, each with a question, its Events and a mail; and an Event of the
    coordinator's on Rita's question, which is not Rita's doing."""
    rita_question = question(
        world, world.representative, "Laddstolpar vid förvaltningarna", "Rita beskriver behovet."
    )
    olle = world.other_representative
    question(world, olle, "Olles hemliga fråga", "Olle skriver om sin förvaltning.")
    # The outbox keeps an address as it was written to: the account's is in lower case.
    mail("Representative@test.se", "Till Rita: frågan är mottagen", "Ritas mejltext")
    mail("other@test.se", "Till Olle: en påminnelse", "Olles mejltext")
    record(
        "status",
        world.coordinator,
        issue=rita_question,
        from_value="submitted",
        to_value="returned",
        message="Samordnarens meddelande till Rita",
    )
    db.session.commit()
    return rita_question


def page(client) -> str:
    response = client.get("/account")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_shows_the_persons_own_data_and_nothing_of_anyone_else(
    client, world, login_as, two_people
):
    login_as("representative")
    html = page(client)
    assert "Mina uppgifter" in html
    for own in (
        "Rita Representant",
        "representative@test.se",
        "Miljöförvaltningen",
        "Nätverk för ekologisk hållbarhet: Representant",
        "Nätverk för social hållbarhet: Representant",
        "Lösenord",
        f'href="/issues/{two_people.id}"',
        "Laddstolpar vid förvaltningarna",
        two_people.reference,
        "skapade frågan",
        "Till Rita: frågan är mottagen",
        "Skickat",
        # Whom to ask to correct or remove data.
        "Ada Admin",
        "dataskyddsombud",
    ):
        assert own in html, own
    # The mail's subject, not its text; and nothing of Olle's nor the coordinator's.
    assert "Ritas mejltext" not in html
    for other in OTHERS:
        assert other not in html, other
    assert 'href="/account/data.json"' in html
    assert 'href="/account/password"' in html


def test_the_other_person_sees_only_their_own(client, world, login_as, two_people):
    login_as("other_representative")
    html = page(client)
    assert "Olles hemliga fråga" in html and "Till Olle: en påminnelse" in html
    for rita in ("Laddstolpar vid förvaltningarna", "Till Rita", "representative@test.se"):
        assert rita not in html


def test_the_download_holds_the_same_data_in_full_and_nothing_of_anyone_else(
    client, world, login_as, two_people
):
    login_as("representative")
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="mina-uppgifter-\d{4}-\d{2}-\d{2}\.json"', disposition
    )
    assert "no-store" in response.headers["Cache-Control"]
    text = response.get_data(as_text=True)
    data = json.loads(text)
    profile = data["profile"]
    assert (profile["name"], profile["email"]) == ("Rita Representant", "representative@test.se")
    assert profile["administration"] == {"name": "Miljöförvaltningen", "short_name": "MF"}
    assert profile["administrator"] is False and profile["sign_in_method"] == "password"
    assert sorted((m["network"]["slug"], m["role"]) for m in data["memberships"]) == [
        ("neh", "representative"),
        ("nsh", "representative"),
    ]
    [own] = data["questions"]
    assert own["reference"] == two_people.reference
    assert own["title"] == "Laddstolpar vid förvaltningarna"
    assert own["description"] == "Rita beskriver behovet."
    assert own["status"] == "submitted" and own["url"].endswith(f"/issues/{two_people.id}")
    actions = [event["action"] for event in data["events"]]
    assert sorted(actions) == ["created", "status"]
    assert all(event["about"] == two_people.label for event in data["events"])
    assert "skapade frågan" in [event["sentence"] for event in data["events"]]
    [sent] = data["mails"]
    assert sent["subject"] == "Till Rita: frågan är mottagen"
    assert "Ritas mejltext" in sent["text"] and sent["status"] == "sent"
    for other in OTHERS:
        assert other not in text, other


def test_the_events_are_paged(client, world, login_as):
    for _ in range(62):
        record("password_changed", world.representative, person=world.representative)
    db.session.commit()
    login_as("representative")
    html = page(client)
    assert html.count("bytte lösenord") == 10
    assert 'href="/account/events"' in html and "Alla 62 händelser" in html
    first = client.get("/account/events").get_data(as_text=True)
    assert first.count("bytte lösenord") == 50 and "Sida 1 av 2." in first
    assert 'href="/account/events?page=2"' in first
    second = client.get("/account/events?page=2").get_data(as_text=True)
    assert second.count("bytte lösenord") == 12
    assert client.get("/account/events?page=3").status_code == 404
    assert client.get("/account/events?page=0").status_code == 404
    assert len(json.loads(client.get("/account/data.json").get_data())["events"]) == 62


def test_the_header_name_links_to_my_data(client, world, login_as):
    login_as("participant")
    html = client.get("/agenda").get_data(as_text=True)
    link = re.search(r'<a class="whoami" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    assert link.group(1) == "/account"
    assert "Pia Deltagare" in link.group(2) and "Mina uppgifter" in link.group(2)


def test_english(client, world, login_as, two_people):
    login_as("representative", lang="en")
    html = page(client)
    for words in ("My data", "Questions you have submitted", "created the question", "Password"):
        assert words in html, words
    events = json.loads(client.get("/account/data.json").get_data())["events"]
    assert "created the question" in [event["sentence"] for event in events]


@pytest.mark.parametrize("app", [DIRECTORY_ONLY], indirect=True)
def test_without_password_sign_in_there_is_no_password_link(client, world, login_as):
    login_as("participant")
    html = page(client)
    assert "/account/password" not in html
    assert "Kommunens katalogtjänst" in html
    data = json.loads(client.get("/account/data.json").get_data())
    assert data["profile"]["sign_in_method"] == "directory"


def test_the_page_renders_without_a_query_and_its_queries_do_not_grow(
    app, client, world, two_people
):
    _html, during = view(app, client, "/account", world.representative)
    assert during == []
    few = measure(app, client, "/account", world.representative.id)[0]
    for number in range(5):
        question(world, world.representative, f"Fråga nummer {number}", "Text.")
        mail("representative@test.se", f"Mejl nummer {number}", "Text.")
        record("password_changed", world.representative, person=world.representative)
    db.session.commit()
    assert measure(app, client, "/account", world.representative.id)[0] == few
    _html, during = view(app, client, "/account/events", world.representative)
    assert during == []
