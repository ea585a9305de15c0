"""A representative's to-do in a browser, at 1366 and 375 px, with JavaScript on and off: one
of each kind (a returned question, a draft, a report back due, a coming item with no colleague
invited); a draft submitted from its own page; the guest page of an item with its start,
description and links. axe on each page and the Nu Html Checker on every document served;
screenshots todo-1366 and todo-375.

The demo data has the returned question, the draft and the item; the module adds published
minutes for the report back and a second draft, so that each mode submits one."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import plan_meeting
from hallbarhet.models import (
    AgendaItem,
    Invitation,
    Issue,
    IssueStatus,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Network,
    User,
)
from hallbarhet.models.base import utcnow
from tests.factories import make_issue

from .conftest import ACCOUNTS, MOBILE, screenshot
from .test_accessibility import check
from .test_html_validity import validate

WIDE = 1366
WIDTHS = [WIDE, MOBILE]
MODES = [(width, js) for width in WIDTHS for js in (True, False)]
IDS = [f"{width}-{'js' if js else 'nojs'}" for width, js in MODES]
GROUPS = ["todo-returned", "todo-drafts", "todo-report", "todo-invite"]
DESCRIPTION = "Vilka tak passar för solceller, och vad kostar det?"
LINKS = "https://example.org/solceller.pdf\nK:/Miljö/solceller.docx"

# The documents as served, for one checker run at the end of the module.
DOCUMENTS: dict[str, bytes] = {}


def _representative() -> User:
    return db.session.scalars(select(User).where(User.email == ACCOUNTS["representative"])).one()


def _report_back_due() -> None:
    """Minutes published last week with a question of the representative's administration."""
    representative = _representative()
    network = db.session.scalars(select(Network).where(Network.slug == "neh")).one()
    start = (utcnow() - timedelta(days=7)).replace(hour=8, minute=0, second=0, microsecond=0)
    meeting = plan_meeting(network, start, theme="Energi i kommunens lokaler")
    issue = make_issue(
        network, representative, title="Energieffektivisering i skolor",
        status=IssueStatus.DISCUSSED,
    )  # fmt: skip
    db.session.flush()
    meeting.items.insert(
        1,
        AgendaItem(
            title=issue.title, kind=ItemKind.DIALOGUE, allotted_minutes=20, issue=issue,
            notes="Nätverket tar fram en gemensam plan.", outcome=ItemOutcome.DISCUSSED,
        ),
    )  # fmt: skip
    for position, item in enumerate(meeting.items):
        item.position = position
    meeting.status = MeetingStatus.MINUTES_PUBLISHED
    meeting.published_at = meeting.minutes_published_at = utcnow()
    db.session.commit()


def _a_second_draft() -> None:
    network = db.session.scalars(select(Network).where(Network.slug == "neh")).one()
    make_issue(
        network, _representative(), title="Cykelparkering vid stadshuset",
        status=IssueStatus.DRAFT,
    )  # fmt: skip
    db.session.commit()


@pytest.fixture(scope="module")
def server(live_server):
    live_server.reset()
    live_server.run(_report_back_due)
    live_server.run(_a_second_draft)
    yield live_server
    live_server.reset()


def audit(page, js: bool, where: str) -> list[str]:
    """axe on the page as it is. A page without JavaScript cannot run axe, so its document
    is loaded again in a context that runs scripts but none of the app's: what a browser
    without JavaScript shows."""
    if js:
        return check(page, where)
    context = page.context.browser.new_context(
        viewport=page.viewport_size, bypass_csp=True, storage_state=page.context.storage_state()
    )
    try:
        context.route("**/static/js/**", lambda route: route.abort())
        again = context.new_page()
        again.goto(page.url)
        return check(again, f"{where} (without the app's scripts)")
    finally:
        context.close()


def _served(page, path: str, label: str):
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response)
    DOCUMENTS[label] = response.body()
    return response


@pytest.mark.parametrize(("width", "js"), MODES, ids=IDS)
def test_the_todo_with_one_of_each_kind(server, page_as, width, js):
    page = page_as("representative", js=js, width=width, bypass_csp=True)
    _served(page, "/", f"todo-{width}-{js}")
    todo = page.locator("#todo")
    assert todo.is_visible()
    assert "Att göra" in page.locator("#todo-heading").inner_text()
    tops = [page.locator(f"#{group}").bounding_box()["y"] for group in GROUPS]
    assert tops == sorted(tops), "the to-do's kinds in their order"
    # It comes first: above the overview's panels.
    assert tops[0] < page.locator(".grid-2").bounding_box()["y"]
    returned = page.locator("#todo-returned").locator("xpath=..")
    assert "Meddelande från" in returned.inner_text()
    assert returned.get_by_role("link", name="Redigera och skicka in igen").count() == 1
    assert (
        page.locator("#todo-report")
        .locator("xpath=..")
        .get_by_role("link", name="Återrapportering till ledningsgruppen")
        .is_visible()
    )
    invite = page.locator("#todo-invite").locator("xpath=..").get_by_role("link").first
    assert "item=" in (invite.get_attribute("href") or "")
    assert audit(page, js, f"to-do at {width} px, js {js}") == []
    if js:
        screenshot(page, f"todo-{width}")


def test_the_invitation_link_opens_the_form_with_the_item_chosen(server, page_as):
    page = page_as("representative", js=False, width=MOBILE, bypass_csp=True)
    page.goto("/")
    invite = page.locator("#todo-invite").locator("xpath=..").get_by_role("link").first
    title = invite.inner_text().split("“", 1)[1].rstrip("”")
    with page.expect_navigation() as navigation:
        invite.click()
    DOCUMENTS["invitation form from the to-do"] = navigation.value.body()
    chosen = page.locator("#item option:checked").inner_text()
    assert chosen == title
    assert audit(page, False, "invitation form from the to-do") == []


@pytest.mark.parametrize(
    ("width", "js"), [(WIDE, True), (MOBILE, False)], ids=["1366-js", "375-nojs"]
)
def test_a_draft_is_submitted_from_its_page(server, page_as, width, js):
    page = page_as("representative", js=js, width=width, bypass_csp=True)
    page.goto("/")
    draft = page.locator("#todo-drafts").locator("xpath=..").get_by_role("link").first
    title = draft.inner_text()
    draft.click()
    _served(page, page.url, f"draft {width}")
    about = page.locator("#about-heading").locator("xpath=..")
    assert "Inskickad av" not in about.inner_text()
    assert "Utkast av" in about.inner_text()
    assert "inte är inskickat" in page.locator("#issue-status").inner_text()
    assert audit(page, js, f"draft page at {width} px") == []
    with page.expect_navigation() as navigation:
        page.locator("#issue-status").get_by_role("button", name="Skicka in").click()
    DOCUMENTS[f"submitted {width}"] = navigation.value.body()
    assert "Frågan är inskickad som NEH-" in page.locator(".flash").first.inner_text()
    assert "Inskickad av" in page.locator("#about-heading").locator("xpath=..").inner_text()
    assert page.locator("#issue-status").get_by_role("button", name="Skicka in").count() == 0
    assert audit(page, js, f"submitted draft at {width} px") == []

    def stored():
        issue = db.session.scalars(select(Issue).where(Issue.title == title)).one()
        return issue.status, issue.reference

    status, reference = server.run(stored)
    assert status == IssueStatus.SUBMITTED and reference


def _invitation_for_the_coming_item() -> str:
    representative = _representative()
    item = db.session.scalars(
        select(AgendaItem)
        .join(AgendaItem.meeting)
        .join(AgendaItem.issue)
        .where(
            Issue.administration_id == representative.administration_id,
            Meeting.status == MeetingStatus.AGENDA_PUBLISHED,
            Meeting.starts_at > utcnow(),
        )
        .order_by(Meeting.starts_at)
    ).first()
    assert item is not None
    item.issue.description = DESCRIPTION
    item.issue.links = LINKS
    db.session.commit()
    invitation = Invitation(
        meeting=item.meeting, agenda_item=item, name="Greta Gäst", email="greta@kommun.se",
        invited_by=representative, administration_id=representative.administration_id,
    )  # fmt: skip
    db.session.add(invitation)
    db.session.commit()
    return f"/invitations/{invitation.token()}"


@pytest.fixture(scope="module")
def guest_path(server) -> str:
    return server.run(_invitation_for_the_coming_item)


@pytest.mark.parametrize(("width", "js"), MODES, ids=IDS)
def test_the_guest_page_gives_the_items_time_description_and_links(
    server, browser, guest_path, width, js
):
    context = browser.new_context(
        base_url=server.url, java_script_enabled=js, viewport={"width": width, "height": 900},
        bypass_csp=True,
    )  # fmt: skip
    try:
        page = context.new_page()
        _served(page, guest_path, f"guest {width} {js}")
        item = page.locator(".guest__item")
        assert "Din punkt:" in item.inner_text()
        starts = item.locator(".item-start time").inner_text()
        # The agenda below marks the same item at the same time.
        assert starts == page.locator(".agenda-row--invited td").first.inner_text().strip()
        assert DESCRIPTION in item.inner_text()
        assert item.get_by_role("link", name="https://example.org/solceller.pdf").is_visible()
        assert "K:/Miljö/solceller.docx" in item.inner_text()
        assert audit(page, js, f"guest page at {width} px, js {js}") == []
    finally:
        context.close()


def test_every_document_is_valid_html(server, tmp_path):
    documents = dict(DOCUMENTS)
    assert len(documents) >= 10, sorted(documents)
    errors = validate(documents, tmp_path)
    assert not errors, f"{len(errors)} errors in {len(documents)} documents:\n" + "\n".join(errors)
