"""Setting a municipality up from an empty database: the first administrator from
create-admin, then /admin's list in order (networks, administrations, work areas, people),
each step saying whether it is done; once set up, the same page counts and links."""

import html
import re

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Network

NEW = "en lång ny lösenfras"


def text(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def steps(page: str) -> list[tuple[str, str]]:
    """(heading, Done or To do) of each set-up step, in order."""
    listing = page[page.index('<ol class="setup-steps">') : page.index("</ol>")]
    found = re.findall(r"<h2>\s*([^<]+?)\s*<span class=\"badge[^\"]*\">([^<]+)</span>", listing)
    return [(heading, state) for heading, state in found]


def test_the_set_up_list_walks_an_empty_database(app, client, runner):
    result = runner.invoke(
        args=["create-admin", "--email", "it@kommun.se", "--name", "Ida IT", "--language", "en"]
    )
    assert result.exit_code == 0, result.output
    path = re.search(r"/password/first/\S+", result.output).group(0)
    assert client.post(path, data={"password": NEW, "confirm": NEW}).status_code == 302

    page = client.get("/admin").get_data(as_text=True)
    assert steps(page) == [
        ("Networks", "To do"),
        ("Administrations", "To do"),
        ("Work areas", "To do"),
        ("People", "To do"),
    ]
    assert 'href="/admin/networks/new"' in page
    assert "0 administrations: add the first" in html.unescape(page)

    network = {
        "name": "Nätverk för ekologisk hållbarhet",
        "slug": "neh",
        "dimension": "ecological",
        "description": "",
        "submission_lead_days": "14",
        "agenda_lead_days": "5",
    }
    assert client.post("/admin/networks/new", data=network).status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    assert [state for _step, state in steps(page)] == ["Done", "To do", "To do", "To do"]
    assert "1 network." in text(client.get("/admin"))
    assert "Without a work area yet: Nätverk för ekologisk hållbarhet." in text(
        client.get("/admin")
    )

    for name, short in (("Miljöförvaltningen", "MF"), ("Socialförvaltningen", "SOC")):
        data = {"name": name, "short_name": short}
        assert client.post("/admin/administrations", data=data).status_code == 302
    neh = db.session.scalar(select(Network))
    data = {"new-area-name": "Klimatanpassning"}
    assert client.post(f"/admin/networks/{neh.id}/work-areas", data=data).status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    assert [state for _step, state in steps(page)] == ["Done", "Done", "Done", "To do"]
    assert "2 administrations." in text(client.get("/admin"))
    # The people step leads to the people's page.
    assert 'href="/admin/people"' in page

    result = runner.invoke(
        args=[
            "create-user", "--email", "rita@kommun.se", "--name", "Rita", "--administration",
            "MF", "--role", "neh:representative", "--password", "ett-lösenord",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = text(client.get("/admin"))
    assert 'class="setup-steps"' not in page
    assert "The municipality is set up." in page
    assert "1 network, 1 work area" in page and "2 active" in page
    assert "2 active accounts" in page and "0 waiting, 0 failed" in page
    for link in ("/admin/networks", "/admin/administrations", "/admin/mail", "/admin/history"):
        assert f'href="{link}"' in page


def test_the_set_up_list_in_swedish(app, client, runner):
    result = runner.invoke(args=["create-admin", "--email", "it@kommun.se", "--name", "Ida IT"])
    path = re.search(r"/password/first/\S+", result.output).group(0)
    client.post(path, data={"password": NEW, "confirm": NEW})
    page = client.get("/admin").get_data(as_text=True)
    assert steps(page) == [
        ("Nätverk", "Att göra"),
        ("Förvaltningar", "Att göra"),
        ("Arbetsområden", "Att göra"),
        ("Personer", "Att göra"),
    ]
    assert "Lägg till det första nätverket" in text(client.get("/admin"))


def test_a_people_page_is_linked_where_there_is_one(app, client, world, login_as):
    login_as("admin", lang="en")
    page = text(client.get("/admin"))
    assert 'href="/admin/people"' in page
    assert "flask create-user" not in page


def test_the_area_is_in_reach_of_administrators_only(client, world, login_as):
    login_as("admin", lang="en")
    dashboard = client.get("/").get_data(as_text=True)
    assert 'href="/admin"' in dashboard and "Open the administration" in dashboard
    for path in ("/admin", "/admin/networks", "/admin/administrations", "/admin/history"):
        page = client.get(path).get_data(as_text=True)
        nav = page[page.index('<nav class="main-nav"') : page.index("</nav>")]
        assert re.search(r'<a href="/admin" aria-current="(page|true)">Administration</a>', nav)
        assert "Outgoing mail" not in nav  # in the area's own navigation now
    login_as("coordinator", lang="en")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/admin"' not in page
    assert client.get("/admin").status_code == 403
