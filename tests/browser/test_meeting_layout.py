"""Nothing overflows: the agenda builder at 1366 px, /meetings' badges, the participant's
agenda at 375 px; the meeting's end as the agenda has it; the report back's print view and
text version. Each with JavaScript on and off, axe and the Nu Html Checker, and screenshots."""


# ruff: noqa: E501  (the scripts run in the page read best one statement a line)

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Meeting, MeetingStatus, User

from .conftest import ACCOUNTS, screenshot
from .test_accessibility import check
from .test_html_validity import validate

WIDE, NARROW = 1366, 375

# Elements wider than their box (cut off, or scrolling sideways), and buttons or links that
# stick out of the container given.
OVERFLOW = """(selector) => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
  for (const box of document.querySelectorAll(selector)) {
    // Visually hidden on purpose (a screen reader's words, a stacked table's column names).
    if (box.closest(".visually-hidden") || box.getBoundingClientRect().width <= 1) continue;
    const outer = box.getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth + 1) found.push(`${box.className}: ${box.scrollWidth} > ${box.clientWidth}`);
    for (const control of box.querySelectorAll("button, a.button, input, select")) {
      const r = control.getBoundingClientRect();
      if (r.width && (r.left < outer.left - 1 || r.right > outer.right + 1))
        found.push(`${control.id || control.textContent.trim()} ${r.left}-${r.right} outside ${outer.left}-${outer.right}`);
    }
  }
  return found;
}"""

# Badges whose rectangles overlap a link that is not their own.
OVERLAPS = """() => {
  const found = [];
  const links = Array.from(document.querySelectorAll("main a"));
  for (const badge of document.querySelectorAll("main .badge")) {
    const b = badge.getBoundingClientRect();
    for (const link of links) {
      if (link.contains(badge) || badge.contains(link)) continue;
      for (const r of link.getClientRects()) {
        if (b.left < r.right - 1 && r.left < b.right - 1 && b.top < r.bottom - 1 && r.top < b.bottom - 1)
          found.push(`${badge.textContent.trim()} over ${link.textContent.trim()}`);
      }
    }
  }
  return found;
}"""


def _ids():
    planned = db.session.scalar(
        select(Meeting.id)
        .where(Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    published = db.session.scalar(
        select(Meeting)
        .where(Meeting.status == MeetingStatus.AGENDA_PUBLISHED)
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    # The published agenda made to run 20 minutes past a shorter planned length.
    taken = sum(item.allotted_minutes for item in published.items)
    published.duration_minutes = taken - 20
    published.version += 1
    db.session.commit()
    administration = db.session.scalar(
        select(User.administration_id).where(User.email == ACCOUNTS["representative"])
    )
    return {"planned": planned, "published": published.id, "administration": administration}


@pytest.fixture(scope="module")
def ids(live_server):
    return live_server.run(_ids)


def without_scripts(page, js: bool):
    """The page as it is without JavaScript, where the measuring scripts still run: the
    app's own scripts (htmx and static/js) are not served to it. Playwright cannot evaluate
    anything in a page whose JavaScript is off."""
    if not js:
        page.context.route("**/static/js/**", lambda route: route.abort())
        page.context.route("**/static/vendor/**", lambda route: route.abort())
    return page


def checked(page, where, documents):
    problems = check(page, where)
    documents[where] = page.content().encode()
    return problems


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_builder_meetings_and_agenda_do_not_overflow(page_as, ids, js, tmp_path):
    problems, documents = [], {}
    page = without_scripts(page_as("coordinator", width=WIDE, bypass_csp=True), js)
    page.goto(f"/meetings/{ids['planned']}")
    problems += page.evaluate(OVERFLOW, "#agenda, .agenda, .meeting__agenda")
    problems += checked(page, f"builder {js}", documents)
    screenshot(page, f"meeting-builder-{WIDE}-{'js' if js else 'nojs'}")
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/meetings")
        problems += [f"/meetings at {width}: {p}" for p in page.evaluate(OVERLAPS)]
        problems += checked(page, f"meetings {width} {js}", documents)
        screenshot(page, f"meetings-{width}-{'js' if js else 'nojs'}")
    participant = without_scripts(page_as("participant", width=NARROW, bypass_csp=True), js)
    for path in (f"/meetings/{ids['published']}", "/agenda"):
        participant.goto(path)
        problems += [f"{path}: {p}" for p in participant.evaluate(OVERFLOW, "main, main *")]
        problems += checked(participant, f"{path} {NARROW} {js}", documents)
        screenshot(
            participant,
            f"participant-agenda{path.replace('/', '-')}-{NARROW}-{'js' if js else 'nojs'}",
        )
    problems += validate(documents, tmp_path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_the_end_shown_follows_the_agenda(page_as, ids, width):
    page = page_as("participant", width=width)
    for path in (f"/meetings/{ids['published']}", "/agenda"):
        page.goto(path)
        marked = page.locator(".meeting-overrun").first
        assert marked.is_visible()
        assert "20 min" in marked.inner_text()
        screenshot(page, f"meeting-end{path.replace('/', '-')}-{width}")


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_report_back_print_and_text(page_as, ids, js, tmp_path):
    base = f"/administrations/{ids['administration']}/report-back"
    page = without_scripts(page_as("representative", width=WIDE, bypass_csp=True), js)
    page.goto(base)
    page.get_by_role("link", name="Skriv ut för ledningsgruppen").click()
    assert page.url.endswith(f"{base}/print")
    documents = {}
    problems = checked(page, f"report back print {js}", documents)
    page.emulate_media(media="print")
    # A4 less the page margins (210 - 2 × 16 mm) at 96 px per inch.
    a4_content = (210 - 32) / 25.4 * 96
    page.set_viewport_size({"width": round(a4_content), "height": 1100})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= round(a4_content), width
    assert page.locator(".screen-only").first.is_hidden()
    screenshot(page, f"report-back-print-{'js' if js else 'nojs'}")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": NARROW, "height": 900})
    problems += checked(page, f"report back print {NARROW} {js}", documents)
    problems += validate(documents, tmp_path)
    assert not problems, "\n".join(problems)
    response = page.request.get(f"{base}.txt")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text().startswith("Återrapportering:")
    page.goto(f"{base}.txt")
    screenshot(page, f"report-back-text-{'js' if js else 'nojs'}")
