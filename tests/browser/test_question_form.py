"""The question form in the browser, at 1366 and 375 px, with and without JavaScript:
choosing a network changes the work areas and meetings (htmx, or "Update the choices"),
the error summary is focused and its links take focus to their fields; axe and the Nu Html
Checker on the form, after the swap and in the error state."""

import re

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.models import Issue

from .conftest import ARTIFACTS, MOBILE, screenshot
from .test_accessibility import check
from .test_html_validity import validate

WIDE = 1366


def _checked(page, where: str, js: bool, axe_page) -> list[str]:
    """axe on the page as it is; a page without JavaScript is checked as its HTML, scripts
    left out, in a page of the same site that may run axe."""
    if js:
        return check(page, where)
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
    axe_page.set_content(html)
    return check(axe_page, where)


def _options(page, select_id: str) -> list[str]:
    """The choices of a select after its "none" (read without the page's JavaScript)."""
    return [text.strip() for text in page.locator(f"#{select_id} option").all_inner_texts()][1:]


def _questions(live_server) -> int:
    return live_server.run(lambda: db.session.scalar(select(func.count(Issue.id))))


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [WIDE, MOBILE])
def test_the_form_follows_its_network_and_its_errors_lead_to_their_fields(
    page_as, live_server, tmp_path, width, js
):
    where = f"/issues/new at {width} px {'with' if js else 'without'} JavaScript"
    page = page_as("representative", js=js, width=width, bypass_csp=True)
    axe_page = None
    if not js:
        axe_page = page_as("representative", width=width, bypass_csp=True)
        axe_page.goto("/issues")
    page.goto("/issues/new")
    problems = _checked(page, where, js, axe_page)
    documents = {where: page.content().encode()}
    networks = [o.get_attribute("value") for o in page.locator("#network option").all()]
    assert len(networks) == 2, "the demo representative represents both networks"
    areas, meetings = _options(page, "work_area"), _options(page, "desired_meeting")
    before = _questions(live_server)

    page.fill("#title", "Cykelparkering vid förvaltningarna")
    if js:
        assert not page.is_visible("button[name=update_choices]")
        with page.expect_response(lambda r: "/issues/new?" in r.url):
            page.select_option("#network", networks[1])
        page.wait_for_function(
            "(old) => document.querySelector('#work_area option:nth-child(2)')"
            ".textContent.trim() !== old",
            arg=areas[0],
        )
    else:
        page.select_option("#network", networks[1])
        with page.expect_navigation():
            page.click("button[name=update_choices]")
        assert page.input_value("#title") == "Cykelparkering vid förvaltningarna"
    new_areas, new_meetings = _options(page, "work_area"), _options(page, "desired_meeting")
    assert new_areas and not set(new_areas) & set(areas)
    assert new_meetings != meetings
    assert page.input_value("#network") == networks[1]
    assert _questions(live_server) == before, "choosing a network saves nothing"
    problems += _checked(page, f"{where} after choosing the other network", js, axe_page)
    documents[f"{where} after choosing the network"] = page.content().encode()

    page.fill("#description", "")
    with page.expect_navigation():
        page.click("button[name=action][value=submit]")
    assert page.locator(".error-summary:focus").count() == 1, "the error summary has focus"
    links = [a.get_attribute("href") for a in page.locator(".error-summary a").all()]
    assert {"#kind", "#asked_for", "#description"} <= set(links)
    problems += _checked(page, f"{where} with errors", js, axe_page)
    documents[f"{where} with errors"] = page.content().encode()
    for href in ("#kind", "#description"):
        page.click(f".error-summary a[href='{href}']")
        assert page.locator(":focus").get_attribute("id") == href[1:], f"focus on {href}"
    assert _questions(live_server) == before
    if js:
        page.goto("/issues/new")
        screenshot(page, f"question-form-{width}")
    problems += validate(documents, tmp_path)
    assert not problems, "\n".join(problems)


def test_a_realistic_question_is_submitted_and_counted(page_as, live_server):
    """The interactions (clicks and keys for choices, not characters typed) to submit one
    realistic question, and the page's height at 1366 px, written to test-artifacts."""
    page = page_as("representative", width=WIDE)
    page.goto("/issues/new")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    steps = 0

    def choose(selector, value=None, label=None):
        nonlocal steps
        page.select_option(selector, value=value, label=label)
        steps += 2  # open the list, pick

    def click(selector):
        nonlocal steps
        page.click(selector)
        steps += 1

    click("#title")
    page.keyboard.type("Laddinfrastruktur för kommunens fordon")
    click("#description")
    page.keyboard.type("Förslag till plan; vi vill ha synpunkter från flera förvaltningar.")
    choose("#kind", value="consultation")
    choose("#asked_for", value="input")
    area = page.eval_on_selector_all("#work_area option", "os => os[1].value")
    choose("#work_area", value=area)
    click("input[name=affected] >> nth=0")
    click("input[name=affected] >> nth=1")
    meeting = page.eval_on_selector_all("#desired_meeting option", "os => os[1].value")
    choose("#desired_meeting", value=meeting)
    with page.expect_navigation():
        click("button[name=action][value=submit]")
    assert "/issues/" in page.url and page.locator(".flash--success").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "question-form-measures.txt").write_text(
        f"interactions to submit one question: {steps}\npage height at {WIDE} px: {height}\n"
    )
