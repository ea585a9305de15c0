"""The triage queue as rows (templates/triage/_row.html): ten questions fit in two screens,
a row opens in place to its card (htmx, or a plain link without JavaScript), a decision from
the opened card works, and the meetings' budgets stay in view beside the queue without
covering the focused element.

The tests run in order on one copy of the demo data, filled up to ten queued questions."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus
from tests.factories import make_issue

from .conftest import MOBILE, screenshot
from .test_accessibility import _swap, check
from .test_html_validity import validate

WIDE = {"width": 1366, "height": 768}
BUDGETS = "#budgets"
PANEL = ".triage-aside"
ROWS = "article.triage-row, article.triage-card"
IN_VIEW = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight; }"""
COVERED = """() => { const f = document.activeElement.getBoundingClientRect();
  const a = document.querySelector(".triage-aside").getBoundingClientRect();
  return !(f.right <= a.left || f.left >= a.right || f.bottom <= a.top || f.top >= a.bottom); }"""


@pytest.fixture(scope="module")
def ten(live_server):
    live_server.reset()

    def fill():
        queued = db.session.scalars(
            select(Issue).where(Issue.status == IssueStatus.SUBMITTED).order_by(Issue.id)
        ).all()
        model = queued[0]
        for number in range(10 - len(queued)):
            make_issue(model.network, model.submitter, title=f"Fler frågor {number + 1}")
        db.session.commit()

    live_server.run(fill)


def _html(page) -> bytes:
    return page.content().encode()


def test_ten_rows_fit_in_two_screens_and_the_budgets_stay_in_view(page_as, ten, tmp_path):
    page = page_as("coordinator", bypass_csp=True)
    page.set_viewport_size(WIDE)
    page.goto("/triage")
    assert page.locator("article.triage-row").count() == 10
    screenshot(page, "triage-rows-1366")
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 2 * 768
    problems = check(page, "triage rows 1366")
    last = page.locator("article.triage-row").nth(9)
    last.locator(".triage-row__open").focus()
    last.scroll_into_view_if_needed()
    assert page.evaluate(IN_VIEW, PANEL)
    assert not page.evaluate(COVERED)
    assert not problems, "\n".join(problems)
    assert not validate({"triage rows": _html(page)}, tmp_path)


def test_a_row_opens_to_its_card_answers_and_schedules_with_htmx(page_as, ten, tmp_path):
    page = page_as("coordinator", bypass_csp=True)
    page.set_viewport_size(WIDE)
    page.goto("/triage")
    row_id = page.locator("article.triage-row").first.get_attribute("id")
    documents, problems = {}, []
    _swap(page, "/card", lambda: page.click(f"#{row_id} .triage-row__open"))
    assert page.locator(f"#{row_id}.triage-card").count() == 1
    assert page.evaluate("() => document.activeElement.closest('article').id") == row_id
    problems += check(page, "triage card opened")
    documents["opened"] = _html(page)
    screenshot(page, "triage-rows-1366-open-card")

    _swap(page, "/assess", lambda: page.click(f"#{row_id} .triage-answer >> nth=0"))
    assert page.locator(f"#{row_id}.triage-card .triage-answer[aria-pressed=true]").count() == 1
    problems += check(page, "triage card after an answer")
    documents["answered"] = _html(page)

    budgets = page.inner_text(BUDGETS)
    _swap(page, "/schedule", lambda: page.click(f"#{row_id} .triage-schedule button[type=submit]"))
    assert page.locator(f"#{row_id}.triage-done").count() == 1
    assert page.inner_text(BUDGETS) != budgets
    problems += check(page, "triage after scheduling from an opened card")
    documents["scheduled"] = _html(page)

    other = page.locator("article.triage-row").first.get_attribute("id")
    _swap(page, "/card", lambda: page.click(f"#{other} .triage-row__open"))
    _swap(page, "/row", lambda: page.click(f"#{other} .triage-card__close"))
    assert page.locator(f"#{other}.triage-row").count() == 1
    problems += check(page, "triage card closed to its row")
    documents["closed"] = _html(page)
    assert not problems, "\n".join(problems)
    assert not validate(documents, tmp_path)


def test_without_javascript_a_link_opens_the_card_and_it_stays_open(page_as, ten, tmp_path):
    page = page_as("coordinator", js=False)
    page.set_viewport_size(WIDE)
    page.goto("/triage")
    documents = {"rows without JavaScript": _html(page)}
    row_id = page.locator("article.triage-row").first.get_attribute("id")
    page.click(f"#{row_id} .triage-row__open")
    assert f"open={row_id.removeprefix('issue-')}" in page.url
    assert page.locator(f"#{row_id}.triage-card").count() == 1
    documents["card opened without JavaScript"] = _html(page)
    page.click(f"#{row_id}-short_info-yes")
    assert page.locator(f"#{row_id}.triage-card").count() == 1
    assert page.get_attribute(f"#{row_id}-short_info-yes", "aria-pressed") == "true"
    documents["card answered without JavaScript"] = _html(page)
    page.click(f"#{row_id} .triage-schedule button[type=submit]")
    assert page.locator(f"#{row_id}").count() == 0
    assert page.locator(".flash--success").count() == 1
    documents["scheduled without JavaScript"] = _html(page)
    # axe needs scripts: the same addresses in a scripted page.
    scripted = page_as("coordinator", bypass_csp=True)
    problems = []
    for url in ("/triage", f"/triage?open={row_id.removeprefix('issue-')}"):
        scripted.goto(url)
        problems += check(scripted, f"{url} as served without JavaScript")
    assert not problems, "\n".join(problems)
    assert not validate(documents, tmp_path)


def test_at_375_the_rows_stack_and_the_budgets_are_not_sticky(page_as, ten, tmp_path):
    page = page_as("coordinator", bypass_csp=True, width=MOBILE)
    page.goto("/triage")
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.triage-aside')).position")
        == "static"
    )
    problems = check(page, "triage rows 375")
    documents = {"rows at 375": _html(page)}
    screenshot(page, "triage-rows-375")
    row_id = page.locator("article.triage-row").first.get_attribute("id")
    _swap(page, "/card", lambda: page.click(f"#{row_id} .triage-row__open"))
    problems += check(page, "triage card opened at 375")
    documents["card opened at 375"] = _html(page)
    screenshot(page, "triage-rows-375-open-card")
    assert not problems, "\n".join(problems)
    assert not validate(documents, tmp_path)
