"""The triage queue by keyboard shortcuts (static/js/triage-keys.js): a coordinator lists the
keys, moves between questions, answers the checklist, schedules, parks and returns with single
keys; the keys can be turned off and never fire while one types in a field.

Each question is a row; the keys that need its card open it first. The tests run in order on
one copy of the demo data (five questions in the queue); each continues from what the one
before left."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import AgendaItem, Assessment, Issue, IssueStatus

from .conftest import MOBILE, screenshot
from .test_accessibility import check

QUESTIONS = ("affects_several", "info_for_all", "needs_dialogue", "short_info")
ROWS = "article.triage-row, article.triage-card"
ACTIVE = """() => { const e = document.activeElement;
  const card = e && e.closest("article.triage-row, article.triage-card");
  return {tag: e.tagName, id: e.id, card: card ? card.id : null,
          heading: !!e.closest(".triage-card__title, .triage-row__title"),
          name: e.getAttribute("name")}; }"""


class Keys:
    """Presses keys on the page and counts them, as a person would count key strokes
    (Shift+1 is one)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.count += 1


@pytest.fixture(scope="module")
def queue(live_server):
    live_server.reset()
    return {}


def _active(page) -> dict:
    return page.evaluate(ACTIVE)


def _wait_for_focus_in(page, card_id: str) -> None:
    """Focus goes back once the dialog's close has been handled: on a busy machine not yet
    when the key press returns."""
    page.wait_for_function(f"(card) => ({ACTIVE})().card === card", arg=card_id)


def _card_ids(page) -> list[str]:
    return page.eval_on_selector_all(ROWS, "cards => cards.map(c => c.id)")


def _issue_id(card_id: str) -> int:
    return int(card_id.removeprefix("issue-"))


def _status_text(page) -> str:
    page.wait_for_function("() => document.getElementById('triage-keys-status').textContent")
    return page.inner_text("#triage-keys-status")


def _settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")


def _issue(live_server, issue_id: int) -> dict:
    def load():
        issue = db.session.get(Issue, issue_id)
        assessment = db.session.scalar(select(Assessment).where(Assessment.issue_id == issue_id))
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == issue_id))
        return {
            "status": issue.status,
            "answers": {q: getattr(assessment, q) for q in QUESTIONS} if assessment else {},
            "meeting": item.meeting_id if item else None,
        }

    return live_server.run(load)


def test_the_shortcut_list_opens_with_question_mark_and_closes_with_escape(page_as, queue):
    page = page_as("coordinator", bypass_csp=True)
    page.goto("/triage")
    opener = page.locator("#triage-keys .triage-keys__open")
    assert opener.is_visible() and "(?)" in opener.inner_text()
    dialog = page.locator("#triage-keys-dialog")
    assert not dialog.is_visible()

    first = _card_ids(page)[0]
    page.locator(f"#{first} h3 a").focus()
    page.keyboard.press("?")
    assert page.evaluate("() => document.getElementById('triage-keys-dialog').open")
    assert dialog.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "triage-keys-title"
    listed = dialog.locator("kbd").all_inner_texts()
    for key in ("j", "k", "s", "r", "p", "e", "o", "?"):
        assert key in listed
    problems = check(page, "triage with the shortcut list open")
    assert not problems, "\n".join(problems)

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    _wait_for_focus_in(page, first)
    assert _active(page)["card"] == first and _active(page)["heading"]

    # ? again closes it as well.
    page.keyboard.press("?")
    assert page.locator("#triage-keys-dialog").is_visible()
    page.keyboard.press("?")
    assert not dialog.is_visible()
    _wait_for_focus_in(page, first)
    assert _active(page)["card"] == first

    # The button opens it too, and focus goes back to the button.
    opener.focus()
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('triage-keys__open')")

    mobile = page_as("coordinator", width=MOBILE, bypass_csp=True)
    mobile.goto("/triage")
    mobile.locator("#triage-keys .triage-keys__open").click()
    box = mobile.locator("#triage-keys-dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE
    screenshot(mobile, f"coordinator-triage-shortcuts-{MOBILE}")
    problems = check(mobile, f"triage with the shortcut list open @{MOBILE}")
    assert not problems, "\n".join(problems)


def test_without_javascript_the_shortcut_tools_are_not_shown(page_as, queue):
    page = page_as("coordinator", js=False)
    page.goto("/triage")
    assert not page.locator("#triage-keys").is_visible()
    assert not page.locator("#triage-keys-dialog").is_visible()
    assert page.locator("article.triage-row").count() >= 1


def test_coordinator_moves_answers_and_schedules_with_keys(page_as, live_server, queue):
    page = page_as("coordinator")
    page.goto("/triage")
    keys = Keys(page)
    cards = _card_ids(page)
    assert len(cards) >= 5
    queue["cards"] = cards
    first, second = cards[0], cards[1]
    template = page.get_attribute("#triage-keys-status", "data-question-of")

    keys("j")
    assert _active(page)["card"] == first and _active(page)["heading"]
    total = str(len(cards))
    assert _status_text(page) == template.replace("{number}", "1").replace("{total}", total)
    keys("j")
    assert _active(page)["card"] == second and _active(page)["heading"]
    assert _status_text(page) == template.replace("{number}", "2").replace("{total}", total)
    keys("k")
    assert _active(page)["card"] == first and _active(page)["heading"]
    in_view = page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        first,
    )
    assert in_view

    # 1 = yes, Shift+2 = no, and so on (event.code, so Shift+1 being "!" does not matter).
    presses = {"Digit1": "yes", "Shift+Digit2": "no", "Digit3": "yes", "Shift+Digit4": "no"}
    for (key, answer), question in zip(presses.items(), QUESTIONS, strict=True):
        keys(key)
        page.wait_for_selector(f"#{first}-{question}-{answer}[aria-pressed=true]")
        _settled(page)
        other = "no" if answer == "yes" else "yes"
        assert page.get_attribute(f"#{first}-{question}-{other}", "aria-pressed") == "false"
        # The card was replaced; the focus is on its heading again, ready for the next key.
        page.wait_for_function(
            "id => document.activeElement.closest('article.triage-card')?.id === id", arg=first
        )
    # The first answer opened the row to its card, which stays open.
    assert page.locator(f"#{first}.triage-card").count() == 1
    assert "dialog" in page.inner_text(f"#{first}-recommendation").lower()
    assert _issue(live_server, _issue_id(first))["answers"] == {
        "affects_several": True,
        "info_for_all": False,
        "needs_dialogue": True,
        "short_info": False,
    }
    assert "dialog" in _status_text(page).lower()

    # The key of the answer already given clears it, as the button does; again sets it.
    page.keyboard.press("Digit1")
    page.wait_for_selector(f"#{first}-affects_several-yes[aria-pressed=false]")
    _settled(page)
    assert _issue(live_server, _issue_id(first))["answers"]["affects_several"] is None
    page.wait_for_function(
        "id => document.activeElement.closest('article.triage-card')?.id === id", arg=first
    )
    page.keyboard.press("Digit1")
    page.wait_for_selector(f"#{first}-affects_several-yes[aria-pressed=true]")
    _settled(page)
    assert _issue(live_server, _issue_id(first))["answers"]["affects_several"] is True

    meeting = page.eval_on_selector(
        f"#{first} .triage-schedule select[name=meeting]", "s => s.value"
    )
    keys("s")
    page.wait_for_selector(f"#{first}.triage-done")
    assert _issue(live_server, _issue_id(first))["status"] == IssueStatus.SCHEDULED
    assert str(_issue(live_server, _issue_id(first))["meeting"]) == meeting
    page.wait_for_function("id => document.activeElement.id === id", arg=first)
    # One question: j, four answers, s.
    queue["keys per question"] = keys.count - 2  # the j and k that only showed the moving


def test_j_after_a_decision_goes_to_the_next_card_and_p_parks_it(page_as, live_server, queue):
    page = page_as("coordinator")
    page.goto("/triage")
    second = queue["cards"][1]
    assert page.locator(f"#{queue['cards'][0]}").count() == 0  # scheduled: out of the queue
    page.locator(f"#{second} h3 a").focus()
    page.keyboard.press("p")
    page.wait_for_selector(f"#{second}.triage-done")
    assert _issue(live_server, _issue_id(second))["status"] == IssueStatus.PARKED
    page.wait_for_function("id => document.activeElement.id === id", arg=second)
    # From the confirmation, j goes on to the card after it.
    page.keyboard.press("j")
    third = queue["cards"][2]
    assert _active(page)["card"] == third and _active(page)["heading"]


def test_r_opens_the_return_form_with_the_focus_in_the_message(page_as, live_server, queue):
    page = page_as("coordinator")
    page.goto("/triage")
    third = queue["cards"][2]
    page.locator(f"#{third} h3 a").focus()
    page.keyboard.press("r")
    # The row opens to its card first.
    page.wait_for_function(
        "id => document.querySelector('#' + id + ' details.triage-other')?.open", arg=third
    )
    assert page.evaluate(
        "id => document.activeElement.matches('#' + id + ' form[action$=\"/return\"] textarea')",
        third,
    )
    # Keys typed into the message are text, not shortcuts.
    page.keyboard.type("Skriv om jkps 1234")
    assert page.evaluate("() => document.activeElement.value").startswith("Skriv om jkps 1234")
    assert _issue(live_server, _issue_id(third))["status"] == IssueStatus.SUBMITTED
    assert _issue(live_server, _issue_id(third))["answers"] == {}


def test_keys_in_the_search_field_are_text(page_as, live_server, queue):
    page = page_as("coordinator")
    page.goto("/triage")
    page.focus("#q")
    page.keyboard.type("jk1s?p")
    assert _active(page)["id"] == "q"
    assert page.input_value("#q") == "jk1s?p"
    assert not page.locator("#triage-keys-dialog").is_visible()
    for card in queue["cards"][2:]:
        assert _issue(live_server, _issue_id(card))["status"] == IssueStatus.SUBMITTED


def test_the_shortcuts_can_be_turned_off_and_stay_off(page_as, queue):
    page = page_as("coordinator")
    page.goto("/triage")
    third = queue["cards"][2]
    page.check("#triage-keys-on")
    page.uncheck("#triage-keys-on")
    link = page.locator(f"#{third} h3 a")
    link.focus()
    page.keyboard.press("j")
    page.keyboard.press("?")
    assert _active(page)["card"] == third
    assert not page.locator("#triage-keys-dialog").is_visible()

    page.reload()
    assert not page.is_checked("#triage-keys-on")
    page.locator(f"#{third} h3 a").focus()
    page.keyboard.press("j")
    assert _active(page)["card"] == third
    # The checkbox in the list says the same, and turns them on again.
    page.click("#triage-keys .triage-keys__open")
    assert not page.is_checked("#triage-keys-on-dialog")
    page.check("#triage-keys-on-dialog")
    page.keyboard.press("Escape")
    assert page.is_checked("#triage-keys-on")
    page.locator(f"#{third} h3 a").focus()
    page.keyboard.press("j")
    assert _active(page)["card"] == queue["cards"][3]


def test_tab_and_enter_alone_still_triage_and_the_key_count(page_as, live_server, queue):
    """The same triage as the keys did, by Tab and Enter only, to compare the key strokes."""
    page = page_as("coordinator")
    page.goto("/triage")
    card = queue["cards"][3]
    keys = Keys(page)
    page.locator(f"#{card} h3 a").focus()
    # The row's link opens the card; the focus is then on the card's heading.
    opener = f"#{card} .triage-row__open"
    while not page.evaluate("s => document.activeElement.matches(s)", opener):
        keys("Tab")
        assert keys.count < 20, "Tab never reached the row's Open link"
    keys("Enter")
    page.wait_for_selector(f"#{card}.triage-card")
    _settled(page)
    for question, answer in zip(QUESTIONS, ("yes", "no", "yes", "no"), strict=True):
        button = f"#{card}-{question}-{answer}"
        while not page.evaluate("s => document.activeElement.matches(s)", button):
            keys("Tab")
            assert keys.count < 200, f"Tab never reached {button}"
        keys("Enter")
        page.wait_for_selector(f"{button}[aria-pressed=true]")
        _settled(page)
        page.wait_for_function("s => document.activeElement.matches(s)", arg=button)
    submit = f"#{card} .triage-schedule button[type=submit]"
    while not page.evaluate("s => document.activeElement.matches(s)", submit):
        keys("Tab")
        assert keys.count < 200, "Tab never reached the schedule button"
    keys("Enter")
    page.wait_for_selector(f"#{card}.triage-done")
    assert _issue(live_server, _issue_id(card))["status"] == IssueStatus.SCHEDULED
    per_question = queue["keys per question"]
    print(
        f"\nTriage of ten questions (four answers and schedule each): "
        f"{10 * per_question} keys with the shortcuts ({per_question} a question), "
        f"about {10 * keys.count} with Tab and Enter ({keys.count} a question, "
        "from the row's heading)"
    )
    assert per_question < keys.count


def test_e_opens_the_row_and_closes_the_card(page_as, queue):
    page = page_as("coordinator", bypass_csp=True)
    page.goto("/triage")
    row = queue["cards"][4]
    page.locator(f"#{row} h3 a").focus()
    page.keyboard.press("e")
    page.wait_for_selector(f"#{row}.triage-card")
    _settled(page)
    assert _active(page)["card"] == row and _active(page)["heading"]
    problems = check(page, "triage with a card opened by e")
    page.keyboard.press("e")
    page.wait_for_selector(f"#{row}.triage-row")
    _settled(page)
    assert _active(page)["card"] == row and _active(page)["heading"]
    assert not problems, "\n".join(problems)


def test_o_opens_the_question(page_as, queue):
    page = page_as("coordinator")
    page.goto("/triage")
    card = queue["cards"][4]
    page.locator(f"#{card} h3 a").focus()
    with page.expect_navigation():
        page.keyboard.press("o")
    assert page.url.endswith(f"/issues/{_issue_id(card)}")
