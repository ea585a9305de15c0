"""axe-core (pinned, in tests/browser/vendor) on every page each role can reach, at desktop
and mobile widths, and on the states htmx swaps produce. Any WCAG 2.2 A/AA violation fails.

The pages are found by following the links each role sees, so a new page is checked as
soon as it is linked. Screenshots of every checked page go to test-artifacts/screenshots/."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Meeting, MeetingStatus

from .conftest import (
    AXE_PATH,
    DESKTOP,
    MOBILE,
    ROLES,
    admin_form_pages,
    error_paths,
    kind_of,
    screenshot,
    sign_in_wrongly,
    visit_all,
)

AXE_SOURCE = AXE_PATH.read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160)})),
  }));
}"""

# Status shown only by colour would fail people who do not see it.
EMPTY_BADGES = """() => Array.from(document.querySelectorAll(".badge"))
  .filter((badge) => !badge.textContent.trim()).map((badge) => badge.outerHTML)"""


def check(page, where: str) -> list[str]:
    """The problems axe and the badge check find on the page as it is now, as lines."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    problems = []
    for violation in page.evaluate(RUN_AXE, AXE_TAGS):
        for node in violation["nodes"]:
            problems.append(
                f"{where}: {violation['id']} ({violation['impact']}) {node['target']}: "
                f"{violation['help']} | {node['html']}"
            )
    for badge in page.evaluate(EMPTY_BADGES):
        problems.append(f"{where}: status badge without text: {badge}")
    # Reflow (WCAG 1.4.10): no sideways scrolling of the page; wide tables scroll in
    # their own wrapper.
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        problems.append(f"{where}: the page is {widths[0]} px wide in a {widths[1]} px window")
    return problems


def shot_name(role, path: str, width: int) -> str:
    slug = path.strip("/").replace("/", "-").replace(".", "-") or "dashboard"
    return f"{role or 'signed-out'}-{slug}-{width}"


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "signed-out")
def test_every_reachable_page_has_no_violation(
    page_as, live_server, minutes_pages, password_page, admin_pages, role
):
    page = page_as(role, bypass_csp=True)
    mobile = page_as(role, width=MOBILE, bypass_csp=True)
    problems, on_mobile = [], set()

    def visit(path, kind=None, response=None):
        # One page of each kind also at mobile width, and as a screenshot.
        kind = kind or kind_of(path)
        problems.extend(check(page, f"{role} {path} @{DESKTOP}"))
        if kind not in on_mobile:
            on_mobile.add(kind)
            screenshot(page, shot_name(role, path, DESKTOP))
            mobile.goto(path)
            problems.extend(check(mobile, f"{role} {path} @{MOBILE}"))
            screenshot(mobile, shot_name(role, path, MOBILE))

    # Published and corrected minutes, their revision and print views, are not linked
    # from the first pages a walk meets: they start it too.
    starts = ["/login", password_page] if role is None else ["/", "/agenda", *minutes_pages]
    if role in ("admin", "coordinator"):
        starts.append(f"{minutes_pages[0]}/minutes")  # the correction form
    if role == "admin":
        starts += admin_pages  # a reorganisation's confirmation step
    paths = visit_all(page, live_server.url, starts, visit)
    errors = error_paths(role)
    for path in errors:
        page.goto(path)
        visit(path, kind=path)
    if role is None:
        sign_in_wrongly(page)
        problems += check(page, "failed sign-in")
        screenshot(page, "signed-out-login-failed-1280")
    paths += errors
    print(f"{role or 'signed-out'}: {len(paths)} pages checked: {' '.join(paths)}")
    assert not problems, "\n".join(problems)
    assert len(paths) >= (2 if role is None else 5)


def test_axe_finds_a_planted_violation(page_as):
    """Guards the figures above: a page with a known fault must not pass."""
    page = page_as(None, bypass_csp=True)
    page.evaluate("""() => { const img = document.createElement("img");
        img.src = "/static/none.png"; document.querySelector("main").append(img); }""")
    assert any("image-alt" in line for line in check(page, "planted"))


# The tests below change data, so they come after the page walk (pytest keeps file order).


def _swap(page, url_part: str, action) -> None:
    """Do the action and wait until htmx has answered and settled."""
    with page.expect_response(lambda response: url_part in response.url):
        action()
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")


def test_triage_states_after_swaps(page_as):
    problems = []
    page = page_as("coordinator", bypass_csp=True)
    page.goto("/triage")
    cards = page.eval_on_selector_all("article.triage-row", "rows => rows.map(r => r.id)")
    assert len(cards) >= 2
    first, second = f"#{cards[0]}", f"#{cards[1]}"
    # Each question is a row; open the two cards the swaps below act on.
    for card in (first, second):
        _swap(page, "/card", lambda card=card: page.click(f"{card} .triage-row__open"))
    problems += check(page, "triage with two cards opened from their rows")

    _swap(page, "/assess", lambda: page.click(f"{first} .triage-answer >> nth=0"))
    assert page.locator(f"{first} .triage-answer[aria-pressed=true]").count() == 1
    problems += check(page, "triage after a checklist answer")

    page.click(f"{first} .triage-other summary")
    # Only blanks: the browser's own check of the required field lets it through.
    page.fill(f"{first} .triage-other__form textarea >> nth=0", "   ")
    _swap(page, "/return", lambda: page.click(f"{first} .triage-other__form button"))
    assert page.locator(f"{first} .field__error").count() >= 1
    problems += check(page, "triage after a decision without its message")

    budgets = page.inner_text("#budgets")
    _swap(page, "/schedule", lambda: page.click(f"{second} .triage-schedule button[type=submit]"))
    assert page.locator(f"{second}.triage-done").count() == 1
    assert page.inner_text("#budgets") != budgets
    problems += check(page, "triage after scheduling (confirmation and budgets)")
    screenshot(page, "coordinator-triage-scheduled-1280")

    # A card's history and its similar questions (loaded when opened, with merge buttons).
    page.click(f"{first} .triage-history summary")
    _swap(page, "/similar", lambda: page.click(f"{first} .similar-lazy summary"))
    loaded = f"{first}-similar-results .similar-list, {first}-similar-results p.muted"
    assert page.locator(loaded).count() == 1
    problems += check(page, "triage with a card's history and similar questions open")

    _swap(page, "/triage?", lambda: page.fill("#q", "zzz-nothing-matches"))
    problems += check(page, "triage after filtering the queue")
    assert not problems, "\n".join(problems)


def test_issue_states_after_swaps_and_errors(page_as):
    problems = []
    page = page_as("representative", bypass_csp=True)
    page.goto("/issues")
    values = page.eval_on_selector_all("#status option", "options => options.map(o => o.value)")
    _swap(page, "/issues?", lambda: page.select_option("#status", values[-1]))
    problems += check(page, "/issues after filtering")

    page.goto("/issues/new")
    with page.expect_navigation():
        page.click("button[name=action][value=submit]")
    assert page.locator(".field__error").count() >= 1
    problems += check(page, "/issues/new after a validation error")
    screenshot(page, "representative-issues-new-invalid-1280")
    assert not problems, "\n".join(problems)


def test_admin_forms_with_errors(page_as):
    """The administrators' forms as they come back refused: a network with a bad slug, a
    work area renamed to nothing (beside its row), an administration that already exists."""
    problems = []
    page = page_as("admin", bypass_csp=True)
    page.goto("/admin/networks/new")
    page.fill("#slug", "Inte Giltig")
    with page.expect_navigation():
        page.click("form.admin-form button[type=submit]")
    assert page.locator(".field__error").count() >= 1
    problems += check(page, "/admin/networks/new after a validation error")

    page.goto("/admin/networks")
    page.click(".admin-glance h2 a >> nth=0")
    page.fill(".area-row input[type=text] >> nth=0", " ")
    with page.expect_navigation():
        page.click(".area-row button[value=rename] >> nth=0")
    assert page.locator(".area-row .field__error").count() == 1
    problems += check(page, "a network's page after renaming a work area to nothing")

    page.goto("/admin/administrations")
    name = page.inner_text(".admin-table tbody th >> nth=0")
    page.fill("#name", name)
    page.fill("#short_name", "X")
    with page.expect_navigation():
        page.click("form[action$='/admin/administrations'] button[type=submit]")
    assert page.locator("#name-error").count() == 1
    problems += check(page, "/admin/administrations after a duplicate name")
    screenshot(page, "admin-administrations-invalid-1280")
    assert not problems, "\n".join(problems)


def test_agenda_state_after_moving_an_item(page_as, live_server):
    def planned_meeting():
        return db.session.scalar(
            select(Meeting.id)
            .where(Meeting.status == MeetingStatus.PLANNED)
            .order_by(Meeting.starts_at)
            .limit(1)
        )

    page = page_as("coordinator", bypass_csp=True)
    page.goto(f"/meetings/{live_server.run(planned_meeting)}")
    button = page.locator("#agenda button[id^=down-]").first
    moved = button.get_attribute("id")
    _swap(page, "/move", button.click)
    # Focus follows the item that moved, so the next key press acts on it again.
    assert page.evaluate("() => document.activeElement.id") in (moved, moved.replace("down", "up"))
    problems = check(page, "meeting after moving an item")
    assert not problems, "\n".join(problems)


def test_publishing_minutes_with_empty_items_asks_first(page_as, live_server, tmp_path):
    """The minutes of the demo's held meeting, its question given an outcome, published:
    the page that lists the items with nothing written and asks, at both widths, checked
    by axe and (as the server sent it) by the Nu Html Checker."""
    from hallbarhet.models import ItemOutcome

    from .test_html_validity import validate

    def held_with_an_outcome() -> int:
        meeting = db.session.scalar(select(Meeting).where(Meeting.status == MeetingStatus.HELD))
        for item in meeting.items:
            if item.issue is not None:
                item.notes, item.outcome = "Förvaltningarna redovisade.", ItemOutcome.CONCLUDED
        db.session.commit()
        return meeting.id

    meeting = live_server.run(held_with_an_outcome)
    problems, documents = [], {}
    for width in (DESKTOP, MOBILE):
        page = page_as("coordinator", width=width, bypass_csp=True)
        page.goto(f"/meetings/{meeting}/minutes")
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Publicera minnesanteckningarna").click()
        assert navigation.value.status == 200
        assert "varken anteckningar eller resultat" in page.inner_text("#empty-items")
        documents[f"minutes asked @{width}"] = navigation.value.body()
        problems += check(page, f"minutes publishing asked @{width}")
        screenshot(page, shot_name("coordinator", "minutes-publish-asked", width))
    errors = validate(documents, tmp_path)
    assert not problems, "\n".join(problems)
    assert not errors, "\n".join(errors)


def test_people_and_import_states(page_as):
    """The people list after a search, and the pages only a form reaches (the invitation
    with its errors, the import's previews), at both widths."""
    problems = []
    page = page_as("admin", bypass_csp=True)
    page.goto("/admin/people")
    _swap(page, "/admin/people?", lambda: page.fill("#q", "a"))
    problems += check(page, "/admin/people after a search")
    for width in (DESKTOP, MOBILE):
        page = page_as("admin", width=width, bypass_csp=True)
        for label, response in admin_form_pages(page):
            assert response.status in (200, 422), (label, response.status)
            problems += check(page, f"{label} @{width}")
            slug = "".join(c if c.isalnum() else "-" for c in label).strip("-")
            screenshot(page, shot_name("admin", f"form-{slug}", width))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("path", "selector"),
    [("/login", "form[action='/login'] button"), ("/triage", ".triage-row__open"), ("/", "main a")],
)
def test_focus_is_visible(page_as, path, selector):
    page = page_as("coordinator" if path != "/login" else None)
    page.goto(path)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            break
    else:
        raise AssertionError(f"Tab never reached {selector} on {path}")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                shadow: s.boxShadow}; }"""
    )
    assert (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] != "none", style
