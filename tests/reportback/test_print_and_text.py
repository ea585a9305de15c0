"""The report back for the management group: a print view and a plain-text version, beside
"mark reported", under the report back's own access rules."""

import pytest

from tests.reportback.test_reportback import minutes  # noqa: F401  (fixture)


def get(client, administration, suffix):
    return client.get(f"/administrations/{administration.id}/report-back{suffix}")


def test_the_page_links_to_print_and_text(client, world, login_as, minutes):  # noqa: F811
    login_as("representative", lang="en")
    page = get(client, world.env, "").get_data(as_text=True)
    assert f"/administrations/{world.env.id}/report-back/print" in page
    assert f"/administrations/{world.env.id}/report-back.txt" in page


def test_print_view_is_a_sheet_with_the_administrations_items(client, world, login_as, minutes):  # noqa: F811
    login_as("representative", lang="en")
    response = get(client, world.env, "/print")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Report back: Miljöförvaltningen" in page and minutes.name in page
    for title in ("Egen", "Berörd", "Ansvar"):
        assert f"Om {title}" in page, title
    assert "Gör Ansvar" in page and "Discussed" in page
    assert "Om Främmande" not in page
    assert "agenda-print.css" in page and "<nav" not in page
    assert "Mark as reported" not in page


def test_text_version_is_plain_utf8_to_paste(client, world, login_as, minutes):  # noqa: F811
    login_as("representative", lang="sv")
    response = get(client, world.env, ".txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == "Återrapportering: Miljöförvaltningen"
    assert "<" not in text and "&amp;" not in text and "&#" not in text
    for title in ("Egen", "Berörd", "Ansvar"):
        assert f"Om {title}" in text, title
    assert (
        " Ansvar\n  Resultat: Diskuterad\n  Om Ansvar\n  * Gör Ansvar (Ansvarig: Miljöförvaltningen"
        in text
    )
    assert "* Gör Ansvar" in text and minutes.name in text
    assert "Främmande" not in text


@pytest.mark.parametrize(
    "role, status",
    [
        ("representative", 200),
        ("coordinator", 200),
        ("admin", 200),
        ("other_representative", 404),
        ("participant", 404),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("suffix", ["/print", ".txt"])
def test_print_and_text_follow_the_report_backs_access(
    client, world, login_as, role, status, suffix
):
    login_as(role)
    assert get(client, world.env, suffix).status_code == status


def test_signed_out_user_is_sent_to_login(client, world):
    for suffix in ("/print", ".txt"):
        response = get(client, world.env, suffix)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
