"""A municipality's first start, in a real browser, from an empty database to the first
question: `create-admin` prints a link; the administrator chooses a password through it,
adds both networks, three administrations and work areas, imports ten people from a CSV
file, changes one person's role and deactivates another (whose open session ends there and
then); a person from the directory signs in through a real OpenID Connect provider and
lands with the membership the mapping gives; a representative submits a question.

Every page on the way is checked by axe-core at desktop and mobile widths and, as the
server sent it, by the Nu Html Checker."""

import re

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus, Membership, OutboxMail, Role, User

from ..oidc_provider import serving
from .conftest import DESKTOP, MOBILE, LiveServer, screenshot
from .test_accessibility import check
from .test_html_validity import validate

PASSWORD = "en lång lösenfras för kommunen"
NETWORKS = [
    ("Nätverk för ekologisk hållbarhet", "neh", "ecological"),
    ("Nätverk för social hållbarhet", "nsh", "social"),
]
ADMINISTRATIONS = [
    ("Miljöförvaltningen", "MF"),
    ("Socialförvaltningen", "SOC"),
    ("Stadsbyggnadsförvaltningen", "SBF"),
]
WORK_AREAS = {"neh": ["Klimat och energi", "Cirkulär ekonomi"], "nsh": ["Trygghet", "Folkhälsa"]}
# Ten people as a staff list exported from Excel: semicolons, a BOM, Swedish headers.
PEOPLE_CSV = (
    "\ufeffnamn;e-post;förvaltning;språk;medlemskap\n"
    "Anna Berg;anna.berg@kommun.se;MF;sv;neh:samordnare\n"
    "Bo Dahl;bo.dahl@kommun.se;SOC;sv;nsh:samordnare\n"
    "Cecilia Ek;cecilia.ek@kommun.se;MF;sv;neh:deltagare\n"
    "David Falk;david.falk@kommun.se;SOC;sv;nsh:representant\n"
    "Eva Gran;eva.gran@kommun.se;SBF;en;neh:representant nsh:deltagare\n"
    "Filip Holm;filip.holm@kommun.se;SBF;sv;nsh:deltagare\n"
    "Greta Ivarsson;greta.ivarsson@kommun.se;MF;sv;neh:deltagare nsh:deltagare\n"
    "Hugo Jansson;hugo.jansson@kommun.se;SOC;sv;neh:deltagare\n"
    "Ida Karlsson;ida.karlsson@kommun.se;SBF;sv;nsh:representant\n"
    "Jonas Lind;jonas.lind@kommun.se;MF;sv;neh:deltagare\n"
)
# Cecilia becomes her administration's representative in NEH; Hugo leaves.
PROMOTED, LEAVING = "cecilia.ek@kommun.se", "hugo.jansson@kommun.se"
DIRECTORY_GROUP = "sg-hallbarhet-neh"


@pytest.fixture(scope="module")
def empty_server(browser, tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("first-start"), demo=False)
    # create-admin builds its link on the site's public address.
    server.app.config["BASE_URL"] = server.url
    yield server
    server.stop()


@pytest.fixture(scope="module")
def provider(empty_server):
    with serving(empty_server.app) as running:
        yield running


class Walk:
    """The pages met on the way: axe at both widths now, the Nu checker at the end."""

    def __init__(self):
        self.problems: list[str] = []
        self.documents: dict[str, bytes] = {}

    def look(self, page, label: str, response) -> None:
        assert response is not None, f"{label}: no response"
        assert response.status < 500, f"{label}: {response.status}"
        self.documents[f"{len(self.documents):02d} {label}"] = response.body()
        for width in (DESKTOP, MOBILE):
            page.set_viewport_size({"width": width, "height": 900})
            self.problems.extend(check(page, f"{label} @{width}"))
            screenshot(page, f"first-start-{len(self.documents):02d}-{label}-{width}")
        page.set_viewport_size({"width": DESKTOP, "height": 900})

    def goto(self, page, path: str, label: str):
        response = page.goto(path)
        self.look(page, label, response)
        return response

    def follow(self, page, selector: str, label: str):
        """Click the link or submit button `selector`: the page the server answers with."""
        with page.expect_navigation() as navigation:
            page.click(selector)
        self.look(page, label, navigation.value)
        return navigation.value


def _new_context(browser, server):
    context = browser.new_context(
        base_url=server.url, bypass_csp=True, viewport={"width": DESKTOP, "height": 900}
    )
    context.set_default_timeout(10_000)
    return context


def _mailed_link(server, email: str) -> str:
    """The path of the last password link mailed to `email`."""

    def text() -> str:
        mail = db.session.scalars(
            select(OutboxMail).where(OutboxMail.recipient == email).order_by(OutboxMail.id.desc())
        ).first()
        assert mail is not None, f"no mail to {email}"
        return mail.text

    found = re.search(r"/password/first/\S+", server.run(text))
    assert found, f"no password link in the mail to {email}"
    return found.group(0)


def _choose_password(walk, page, path: str, who: str):
    walk.goto(page, path, f"{who}-choose-password")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    return walk.follow(page, "form.stack button.button--primary", f"{who}-signed-in")


def test_a_municipality_starts_from_an_empty_database(browser, empty_server, provider, tmp_path):
    server, walk = empty_server, Walk()
    contexts = []

    def new_page():
        contexts.append(_new_context(browser, server))
        return contexts[-1].new_page()

    try:
        _first_start(server, provider, walk, new_page)
    finally:
        for context in contexts:
            context.close()
    errors = validate(walk.documents, tmp_path)
    assert not walk.problems, "\n".join(walk.problems)
    assert not errors, "\n".join(errors)


def _first_start(server, provider, walk, new_page) -> None:
    # The first administrator, from the command line on the server.
    with server.app.app_context():
        result = server.app.test_cli_runner().invoke(
            args=["create-admin", "--email", "it@kommun.se", "--name", "Ida IT"]
        )
        db.session.remove()
    assert result.exit_code == 0, result.output
    link = re.search(r"https?://\S+/password/first/\S+", result.output).group(0)
    assert link.startswith(server.url)

    admin = new_page()
    _choose_password(walk, admin, link.removeprefix(server.url), "admin")
    walk.goto(admin, "/admin", "admin-set-up-list")
    assert admin.locator(".setup-steps .badge--to-do").count() == 4

    # The networks, from the set-up list's first step.
    for number, (name, slug, dimension) in enumerate(NETWORKS):
        if number:
            walk.goto(admin, "/admin/networks/new", f"admin-new-network-{slug}")
        else:
            walk.follow(admin, "text=Lägg till det första nätverket", "admin-new-network")
        admin.fill("#name", name)
        admin.fill("#slug", slug)
        admin.select_option("#dimension", dimension)
        admin.fill("#description", f"Förvaltningarnas frågor om {name.split()[-2]} hållbarhet.")
        admin.fill("#submission_lead_days", "14")
        admin.fill("#agenda_lead_days", "5")
        walk.follow(admin, "text=Lägg till nätverket", f"admin-network-{slug}-added")

    # Three administrations.
    walk.goto(admin, "/admin/administrations", "admin-administrations")
    for name, short in ADMINISTRATIONS:
        admin.fill("#name", name)
        admin.fill("#short_name", short)
        walk.follow(admin, "text=Lägg till förvaltningen", f"admin-administration-{short}")
    assert admin.locator("main table tbody tr").count() == 3

    # Work areas on each network's page.
    walk.goto(admin, "/admin/networks", "admin-networks")
    for name, slug, _dimension in NETWORKS:
        walk.goto(admin, "/admin/networks", "admin-networks")
        walk.follow(admin, f"main a:text-is('{name}')", f"admin-network-{slug}")
        for area in WORK_AREAS[slug]:
            admin.fill("#new-area-name", area)
            walk.follow(admin, "text=Lägg till arbetsområdet", f"admin-{slug}-area")

    # Ten people from a CSV file, each mailed a link to choose a password.
    walk.goto(admin, "/admin/import", "admin-import")
    admin.set_input_files(
        "#file",
        files=[{"name": "personal.csv", "mimeType": "text/csv", "buffer": PEOPLE_CSV.encode()}],
    )
    walk.follow(admin, "text=Granska filen", "admin-import-preview")
    assert admin.locator("main table tbody tr").count() == 10
    admin.check("#mail_links")
    walk.follow(admin, "main form button.button--primary", "admin-import-done")
    people = server.run(lambda: db.session.scalar(select(db.func.count(User.id))))
    assert people == 11
    walk.goto(admin, "/admin", "admin-set-up")
    assert admin.locator(".setup-steps").count() == 0

    # Hugo signs in with his link before he leaves: his session is open.
    leaving = new_page()
    _choose_password(walk, leaving, _mailed_link(server, LEAVING), "leaving")
    assert "/login" not in leaving.url

    # Cecilia's role in NEH: participant → representative.
    walk.goto(admin, "/admin/people?q=cecilia", "admin-people-search")
    walk.follow(admin, "main table a:text('Cecilia Ek')", "admin-person")
    neh_role = admin.get_by_label("Nätverk för ekologisk hållbarhet", exact=True)
    assert neh_role.input_value() == "participant"
    neh_role.select_option("representative")
    walk.follow(admin, "main form button:text('Spara')", "admin-person-saved")

    # Hugo deactivated; his open session ends at his next request.
    walk.goto(admin, "/admin/people?q=hugo", "admin-people-search-hugo")
    walk.follow(admin, "main table a:text('Hugo Jansson')", "admin-person-hugo")
    walk.follow(admin, "main aside a.button--danger", "admin-deactivate")
    walk.follow(admin, "main form button.button--danger", "admin-deactivated")
    response = leaving.goto("/")
    assert "/login" in leaving.url, f"the deactivated session still opens {leaving.url}"
    walk.look(leaving, "leaving-signed-out", response)

    # The directory: members of the group take part in NEH for Miljöförvaltningen.
    walk.goto(admin, "/admin/directory", "admin-directory")
    admin.fill("#claim_value", DIRECTORY_GROUP)
    admin.select_option("#administration", label="Miljöförvaltningen")
    admin.select_option("#network", label="Nätverk för ekologisk hållbarhet")
    admin.select_option("#role", "participant")
    walk.follow(admin, "text=Lägg till raden", "admin-directory-row")
    walk.goto(admin, "/admin/history", "admin-history")
    history = admin.inner_text("main table")
    for change in (
        "ändrade rollen för Cecilia Ek i NEH: deltagare → representant",
        "inaktiverade kontot för Hugo Jansson",
        "lade till förvaltningen Stadsbyggnadsförvaltningen (SBF)",
        "skapade kontot för Jonas Lind från en fil",
    ):
        assert change in history

    provider.person(
        "klara",
        email="klara.lund@kommun.se",
        name="Klara Lund",
        groups=["sg-alla", DIRECTORY_GROUP],
    )
    member = new_page()
    walk.goto(member, "/login", "login")
    member.click("text=Logga in med kommunens konto")
    assert member.url.startswith(provider.url)
    member.fill("input[name=sub]", "klara")
    with member.expect_navigation(url=f"{server.url}/**") as navigation:
        member.click("button:text('Authorize')")
    walk.look(member, "directory-signed-in", navigation.value)
    assert "/account/no-network" not in member.url

    def klara():
        user = db.session.scalar(select(User).where(User.email == "klara.lund@kommun.se"))
        return (
            user.name,
            user.administration.short_name,
            [(m.network.slug, m.role) for m in user.memberships],
        )

    assert server.run(klara) == ("Klara Lund", "MF", [("neh", Role.PARTICIPANT)])
    walk.goto(member, "/agenda", "directory-agenda")

    # Cecilia, now a representative, submits her administration's question.
    representative = new_page()
    _choose_password(walk, representative, _mailed_link(server, PROMOTED), "representative")
    walk.goto(representative, "/issues/new", "representative-new-question")
    representative.fill("#title", "Gemensamma laddplatser för kommunens bilar")
    representative.select_option("#kind", "dialogue")
    representative.select_option("#asked_for", "dialogue")
    representative.fill(
        "#description",
        "Miljöförvaltningen vill samordna laddplatserna med de andra förvaltningarna.",
    )
    representative.fill("#estimated_minutes", "20")
    walk.follow(
        representative, "main form button[value=submit]", "representative-question-submitted"
    )

    def submitted():
        issue = db.session.scalars(select(Issue)).one()
        membership = db.session.scalars(
            select(Membership).join(User).where(User.email == PROMOTED)
        ).one()
        return issue.title, issue.status, issue.administration.short_name, membership.role

    assert server.run(submitted) == (
        "Gemensamma laddplatser för kommunens bilar",
        IssueStatus.SUBMITTED,
        "MF",
        Role.REPRESENTATIVE,
    )
    walk.goto(representative, "/issues", "representative-questions")
