"""The directory sign-in's pages in a real browser, against a real OpenID Connect provider
on loopback: the sign-in page with the directory's button (with and without passwords),
a whole sign-in through the provider's own form that lands on the page for a person with
no network yet, and the mapping screen with rows and unmapped values; axe-core at desktop
and mobile widths and the Nu Html Checker on each."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import DirectoryMapping, Network, Role, UnmappedClaimValue

from ..oidc_provider import serving
from .conftest import DESKTOP, MOBILE, screenshot
from .test_accessibility import check
from .test_html_validity import validate


@pytest.fixture(scope="module")
def provider(live_server):
    with serving(live_server.app) as running:
        yield running


def _mapping_with_a_row_and_an_unmapped_value() -> None:
    neh = db.session.scalar(select(Network).where(Network.slug == "neh"))
    db.session.add(
        DirectoryMapping(claim_value="sg-hallbarhet-neh", network=neh, role=Role.PARTICIPANT)
    )
    db.session.commit()


def test_the_directory_pages_have_no_violation_and_are_valid(
    page_as, live_server, provider, tmp_path
):
    live_server.run(_mapping_with_a_row_and_an_unmapped_value)
    provider.person("nora", email="nora.ny@example.org", name="Nora Ny", groups=["sg-ny"])
    problems, documents = [], {}

    def look(page, label: str, response=None) -> None:
        problems.extend(check(page, f"{label} @{page.viewport_size['width']}"))
        screenshot(page, f"directory-{label}-{page.viewport_size['width']}")
        if response is not None:
            documents[label] = response.body()

    for width in (DESKTOP, MOBILE):
        page = page_as(None, width=width, bypass_csp=True)
        look(page, "login", page.goto("/login"))
        live_server.app.config["PASSWORD_SIGNIN"] = False
        try:
            look(page, "login-directory-only", page.goto("/login"))
        finally:
            live_server.app.config["PASSWORD_SIGNIN"] = True

    # A whole sign-in: the button, the provider's own form, back to the app.
    page = page_as(None, bypass_csp=True)
    page.goto("/login")
    page.click("text=Logga in med kommunens konto")
    assert page.url.startswith(provider.url)
    page.fill("input[name=sub]", "nora")
    # Three servers in turn (the provider, the app, the provider again for the code's
    # exchange): on a machine busy with the other browser tests this took over the 10 s
    # allowed a step once.
    with page.expect_navigation(url="**/account/no-network", timeout=30_000) as navigation:
        page.click("button:text('Authorize')", timeout=30_000)
    look(page, "no-network", navigation.value)
    mobile = page.context.new_page()
    mobile.set_viewport_size({"width": MOBILE, "height": 900})
    look(mobile, "no-network", mobile.goto("/account/no-network"))
    seen = live_server.run(lambda: list(db.session.scalars(select(UnmappedClaimValue.value))))
    assert seen == ["sg-ny"]

    for width in (DESKTOP, MOBILE):
        admin = page_as("admin", width=width, bypass_csp=True)
        response = admin.goto("/admin/directory")
        assert "sg-ny" in admin.content()
        look(admin, "admin-directory", response)
        row = live_server.run(lambda: db.session.scalar(select(DirectoryMapping.id)))
        look(admin, "admin-directory-edit", admin.goto(f"/admin/directory/{row}/edit"))
        # The form back with its errors.
        admin.goto("/admin/directory")
        with admin.expect_navigation() as navigation:
            admin.click("button:text('Lägg till raden')")
        assert navigation.value.status == 422
        look(admin, "admin-directory-invalid", navigation.value)

    errors = validate(documents, tmp_path)
    assert not problems, "\n".join(problems)
    assert not errors, "\n".join(errors)
