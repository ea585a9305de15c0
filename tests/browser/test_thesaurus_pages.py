"""The topics for similar questions in a browser: the states only a form reaches (bad words,
a save that someone else was first with) pass axe at both widths."""

from .conftest import MOBILE, screenshot
from .test_accessibility import check


def _submit(page, button: str) -> None:
    with page.expect_navigation():
        page.click(button)


def test_thesaurus_forms_after_errors_and_conflicts(page_as):
    problems = []
    for width in (1280, MOBILE):
        page = page_as("coordinator", width=width, bypass_csp=True)
        page.goto("/networks/neh/thesaurus")
        page.fill("#name", "Laddning")
        page.fill("#words", "laddstolpe\nel bil\nab")
        _submit(page, ".thesaurus-add button[type=submit]")
        assert page.locator("#words-error").count() == 1
        problems += check(page, f"topics after bad words @{width}")
        screenshot(page, f"coordinator-thesaurus-bad-words-{width}")

        page.goto("/networks/neh/thesaurus")
        page.click(".thesaurus-topic__edit a >> nth=0")
        edit = page.url
        problems += check(page, f"a topic's page @{width}")
        # Someone else saves the same topic first, in another window.
        other = page_as("coordinator", width=width)
        other.goto(edit)
        added = "bredare" if width > MOBILE else "smalare"
        other.fill("#words", other.input_value("#words") + "\n" + added)
        _submit(other, "form.panel button[type=submit]")
        page.fill("#words", page.input_value("#words") + "\nmitt")
        _submit(page, "form.panel button[type=submit]")
        assert "Någon annan ändrade" in page.inner_text("main")
        problems += check(page, f"a topic's page after someone else was first @{width}")
        screenshot(page, f"coordinator-thesaurus-conflict-{width}")
    assert not problems, "\n".join(problems)
