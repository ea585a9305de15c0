"""Browser tests: the app served by a real server in a thread, driven by Debian's Chromium.

They run on SQLite only: they prove what a person can do in a browser; the database
behaviour is proven by the rest of the suite on both databases."""

import os
import re
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from hallbarhet import create_app
from hallbarhet.auth.password_links import Purpose, make_token
from hallbarhet.demo import DEMO_PASSWORD, seed
from hallbarhet.extensions import cache, db
from hallbarhet.models import Administration, User

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_VERSION = "4.14.1"
AXE_PATH = Path(__file__).parent / "vendor" / f"axe-{AXE_VERSION}.min.js"
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
ACCOUNTS = {
    "admin": "admin@example.org",
    "coordinator": "coordinator@example.org",
    "representative": "representative@example.org",
    "participant": "participant@example.org",
}
MOBILE, DESKTOP = 375, 1280
ROLES = ["admin", "coordinator", "representative", "participant", None]
# Pages of one kind (same path with other ids) checked per role: enough to meet each
# variant (a published and a planned meeting, a draft and a submitted question).
PER_KIND = 2
LINKS = """() => Array.from(document.querySelectorAll("a[href]"), (a) => a.href)"""


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (make chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


class LiveServer:
    """The app on 127.0.0.1 with its own SQLite file holding the demo data (or, with
    demo=False, nothing at all: a municipality's first start)."""

    def __init__(self, directory: Path, demo: bool = True):
        self.demo = demo
        self.app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "browser-test-secret",
                "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(directory / "browser.sqlite"),
                "MAIL_OUTBOX_DIR": str(directory / "outbox"),
                "WTF_CSRF_ENABLED": True,
                # Many sign-ins from one address in a few seconds are the point here.
                "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
                "LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
            }
        )
        self.sessions: dict[str, dict] = {}
        self.reset()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        """Start again from the demo data (between tests that change it)."""
        with self.app.app_context():
            db.drop_all()
            db.create_all()
            if self.demo:
                seed()
            db.session.remove()
            # The new rows reuse the old ids and versions, which key the rendered agendas.
            cache.clear()

    def run(self, function):
        """Call function() inside the app (to read or prepare the database)."""
        with self.app.app_context():
            try:
                return function()
            finally:
                db.session.remove()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
        with self.app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def live_server(browser, tmp_path_factory):
    """One server and database per test module, so one module's changes stay its own."""
    server = LiveServer(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture
def page_as(browser, live_server):
    """page_as(role, js=True, width=1280) -> a page signed in as the demo account of the role.

    The first page of a role signs in through the login form; later ones reuse that
    session cookie (signing in costs a deliberately slow password hash). role None gives a
    signed-out page at the login form. bypass_csp=True lets a test inject axe-core (the
    app's CSP rightly forbids scripts it did not serve)."""
    contexts = []

    def open_page(role, js=True, width=DESKTOP, bypass_csp=False):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=js,
            viewport={"width": width, "height": 900},
            bypass_csp=bypass_csp,
            accept_downloads=True,
            storage_state=live_server.sessions.get(role),
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if role is None:
            page.goto("/login")
        elif role not in live_server.sessions:
            page.goto("/login")
            page.fill("#email", ACCOUNTS[role])
            page.fill("#password", DEMO_PASSWORD)
            with page.expect_navigation():
                page.press("#password", "Enter")
            assert "/login" not in page.url, f"could not sign in as {role}"
            live_server.sessions[role] = context.storage_state()
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    """Write test-artifacts/screenshots/<name>.png whole or not at all: parallel workers,
    or another run of the suite in the same checkout, may write the same file at once."""
    png = page.screenshot(full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=SCREENSHOTS, suffix=".part", delete=False) as part:
        part.write(png)
    os.replace(part.name, SCREENSHOTS / f"{name}.png")


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "{id}", path)


def visit_all(page, base: str, starts: list[str], visit) -> list[str]:
    """Follow the links the page shows from the starting paths (a few pages of each kind),
    calling visit(path, kind=path, response=response) on each page while it is open, with
    the server's response to it; returns the paths visited."""
    seen_kinds: dict[str, int] = {}
    queue, found = list(starts), []
    while queue:
        path = queue.pop(0)
        kind = kind_of(path)
        if path in found or seen_kinds.get(kind, 0) >= PER_KIND:
            continue
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        found.append(path)
        response = page.goto(path)
        visit(path, kind=path, response=response)
        for href in page.evaluate(LINKS):
            parts = urlsplit(href)
            if href.startswith(base) and _followable(parts.path):
                queue.append(parts.path)
    return found


def _followable(path: str) -> bool:
    # Calendar, CSV, JSON and plain-text files (one's own data, a report back to paste)
    # are downloads, not pages.
    return not (
        path.startswith("/static/")
        or path.endswith((".ics", ".csv", ".json", ".txt"))
        or path == "/healthz"
    )


def error_paths(role) -> list[str]:
    """Error pages as the person meets them: unknown ids, and pages of another role."""
    errors = ["/no-such-page"] if role is None else ["/issues/999999", "/meetings/999999"]
    if role is None:
        errors.append("/password/first/not-a-token")  # a used or broken password link
    if role in ("participant", "representative"):
        errors.append("/triage")
    return errors


def sign_in_wrongly(page):
    """Submit the login form with an unknown account; returns the server's response."""
    page.goto("/login")
    page.fill("#email", "nobody@example.org")
    page.fill("#password", "wrong")
    with page.expect_navigation() as navigation:
        page.press("#password", "Enter")
    return navigation.value


# Files for the import's pages, which only an upload reaches: one to confirm (a new person
# and a changed one), one with a wrong row of each kind, a wrong header, administrations.
IMPORT_FILES = [
    (
        "people to import",
        "namn;e-post;förvaltning;språk;medlemskap\n"
        "Nora Ny;nora.ny@example.org;MF;sv;neh:deltagare\n"
        "Rasmus Ek;representative@example.org;MF;;neh:representant nsh:deltagare\n",
    ),
    (
        "people with wrong rows",
        "name;e-mail;administration;language;memberships\n"
        "Nora Ny;nora.ny@example.org;XYZ;;\n"
        "Nora Igen;NORA.NY@example.org;MF;fi;neh:chef\n"
        ";tom@example.org;;;nsh:representative\n",
    ),
    ("a wrong header", "namn;adress\nNora Ny;nora.ny@example.org\n"),
    ("administrations", "namn;kortnamn\nMiljöförvaltningen;MF\nGatukontoret;GK\n"),
]


def admin_form_pages(page):
    """The administrators' pages that only a form reaches, one after the other on the page,
    as (label, the server's response): the invitation with its errors, the import's pages
    after an upload (the previews, a wrong header), a deactivated person's page and the
    reactivation's confirmation (the person is active again afterwards)."""
    page.goto("/admin/people/new")
    with page.expect_navigation() as navigation:
        page.click("main form button.button--primary")
    yield "/admin/people/new (invalid)", navigation.value
    for label, content in IMPORT_FILES:
        page.goto("/admin/import")
        csv_file = {"name": "fil.csv", "mimeType": "text/csv", "buffer": content.encode()}
        page.set_input_files("#file", files=[csv_file])
        with page.expect_navigation() as navigation:
            page.click("main form[enctype] button[type=submit]")
        yield f"/admin/import ({label})", navigation.value
    # A person deactivated through the confirmation page, then reactivated again.
    page.goto("/admin/people?q=karin")
    with page.expect_navigation():
        page.click("main table a")
    with page.expect_navigation():
        page.click("main aside a.button--danger")
    with page.expect_navigation() as navigation:
        page.click("main form button.button--danger")
    yield "/admin/people/<id> (deactivated)", navigation.value
    with page.expect_navigation() as navigation:
        page.click("main aside a.button")
    yield "/admin/people/<id>/reactivate", navigation.value
    with page.expect_navigation():
        page.click("main form button.button--primary")


@pytest.fixture(scope="module")
def password_page(live_server) -> str:
    """The page a mailed link opens to choose a new password (for the page walks): for an
    account of the demo that walks do not sign in with."""
    with live_server.app.test_request_context(base_url=live_server.url):
        try:
            user = db.session.scalars(select(User).order_by(User.id.desc())).first()
            return f"/password/reset/{make_token(user, Purpose.RESET)}"
        finally:
            db.session.remove()


@pytest.fixture(scope="module")
def admin_pages(live_server) -> list[str]:
    """Administrators' pages a walk meets only through a form: the confirmation step of a
    reorganisation (a GET form's answer), from the first administration to the second.
    Before the walks, an administration added and deactivated and a work area added and
    retired, so that the walks meet them (and the history has lines to show)."""
    return [live_server.run(_administrators_changes)]


def _administrators_changes() -> str:
    from hallbarhet.admin import networks, organisation
    from hallbarhet.models import Network

    admin = db.session.scalar(select(User).where(User.email == ACCOUNTS["admin"]))
    by_id = select(Administration).order_by(Administration.id).limit(2)
    source, target = db.session.scalars(by_id).all()
    spare = organisation.add_administration(admin, "Överförmyndarförvaltningen", "ÖFN")
    organisation.deactivate_administration(admin, spare, spare.version)
    neh = db.session.scalar(select(Network).where(Network.slug == "neh"))
    area = networks.add_work_area(admin, neh, "Buller")
    networks.retire_work_area(admin, area, area.version)
    return f"/admin/administrations/{source.id}/reorganise?to={target.id}"


@pytest.fixture(scope="module")
def minutes_pages(live_server) -> list[str]:
    """The pages of minutes published and corrected once (the demo has no meeting held):
    the meeting, its first revision, and the print views of both; for the page walks."""
    with live_server.app.test_request_context(base_url=live_server.url):
        try:
            meeting_id = _publish_corrected_minutes()
        finally:
            db.session.remove()
    meeting = f"/meetings/{meeting_id}"
    return [
        meeting,
        f"{meeting}/minutes/revisions/1",
        f"{meeting}/minutes/print?revision=1",
        f"{meeting}/minutes/print",
    ]


def _publish_corrected_minutes() -> int:
    """An NEH meeting held three days ago with a question of the representative's
    administration: minutes written with an action item, published, then corrected."""
    from hallbarhet.issues.operations import next_reference
    from hallbarhet.meetings.operations import plan_meeting
    from hallbarhet.minutes import operations
    from hallbarhet.minutes.publishing import publish_minutes
    from hallbarhet.models import (
        AgendaItem,
        AskedFor,
        Issue,
        IssueKind,
        IssueStatus,
        ItemKind,
        ItemOutcome,
        MeetingStatus,
        Network,
        User,
    )
    from hallbarhet.models.base import LOCAL_TZ, utcnow

    network = db.session.scalar(select(Network).where(Network.slug == "neh"))
    people = {u.email: u for u in db.session.scalars(select(User))}
    coordinator = people[ACCOUNTS["coordinator"]]
    representative = people[ACCOUNTS["representative"]]
    starts = (utcnow() - timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    meeting = plan_meeting(network, starts, theme="Återbruk i kommunens lokaler")
    issue = Issue(
        network=network,
        administration_id=representative.administration_id,
        submitter=representative,
        title="Återbruk av möbler mellan förvaltningarna",
        description="Ett gemensamt förråd för möbler som blir över.",
        kind=IssueKind.EXCHANGE,
        asked_for=AskedFor.DIALOGUE,
        estimated_minutes=20,
        status=IssueStatus.SCHEDULED,
        reference=next_reference(network.id),
        submitted_at=utcnow(),
    )
    closing = meeting.items[-1]
    item = AgendaItem(
        position=closing.position, title=issue.title, kind=ItemKind.EXCHANGE, issue=issue
    )
    closing.position += 1
    meeting.items.append(item)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.published_at = starts - timedelta(days=5)
    db.session.commit()
    operations.save_item(
        coordinator,
        meeting,
        item.id,
        item.version,
        notes="Nätverket vill pröva ett gemensamt förråd.",
        outcome=ItemOutcome.NEEDS_FOLLOW_UP,
    )
    operations.add_action(
        coordinator,
        meeting,
        item.id,
        what="Inventera lediga lokaler för ett förråd",
        administration_id=representative.administration_id,
        responsible_name="",
        due_date=utcnow().astimezone(LOCAL_TZ).date() + timedelta(days=30),
    )
    publish_minutes(coordinator, meeting, meeting.version)
    operations.save_item(
        coordinator,
        meeting,
        item.id,
        item.version,
        notes="Nätverket vill pröva ett gemensamt förråd i två förvaltningar.",
        outcome=ItemOutcome.NEEDS_FOLLOW_UP,
        reason="Antalet förvaltningar föll bort.",
    )
    return meeting.id
