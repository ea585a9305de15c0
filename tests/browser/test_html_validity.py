"""The Nu Html Checker (vnu.jar, pinned in package-lock.json) on every page each role reaches.

The HTML is the server's response body as sent, not the DOM after the browser's repairs and
the scripts' changes: those would hide exactly the faults the checker is for. All documents
go to one checker run, as a JVM start costs seconds."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROLES, admin_form_pages, error_paths, sign_in_wrongly, visit_all

VNU_JAR = Path(__file__).parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _require_vnu() -> str:
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return java
    missing = " and ".join(
        name for name, found in (("java", java), (str(VNU_JAR), VNU_JAR.exists())) if not found
    )
    reason = f"{missing} missing: make vnu installs the Nu Html Checker (and Java if needed)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def validate(documents: dict[str, bytes], folder: Path) -> list[str]:
    """Check the documents (label -> HTML) in one vnu run; returns the errors as lines."""
    java = _require_vnu()
    labels = {}
    for number, (label, html) in enumerate(documents.items()):
        path = folder / f"{number:03d}.html"
        path.write_bytes(html)
        labels[path.name] = label
    result = subprocess.run(  # noqa: S603 (a fixed command line on files we wrote)
        [java, "-jar", str(VNU_JAR), "--stdout", "--format", "json", "--errors-only"]
        + [str(folder / name) for name in labels],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}): {result.stderr}")
    errors = []
    for message in messages:
        url = message.get("url", "vnu")
        where = f"{labels.get(Path(url).name, url)} line {message.get('lastLine', '?')}"
        errors.append(f"{where}: {message['message']} | {message.get('extract', '').strip()}")
    return errors


def test_every_reachable_page_is_valid_html(
    page_as, live_server, minutes_pages, password_page, admin_pages, tmp_path
):
    _require_vnu()
    documents = {}
    for role in ROLES:
        who = role or "signed-out"
        page = page_as(role)

        def visit(path, kind=None, response=None, who=who):
            documents[f"{who} {path}"] = response.body()

        # Published and corrected minutes with their revision and print views start the
        # walk too: the pages met first do not link them.
        starts = ["/login", password_page] if role is None else ["/", "/agenda", *minutes_pages]
        if role in ("admin", "coordinator"):
            starts.append(f"{minutes_pages[0]}/minutes")  # the correction form
        if role == "admin":
            starts += admin_pages  # a reorganisation's confirmation step
        paths = visit_all(page, live_server.url, starts, visit)
        assert len(paths) >= (2 if role is None else 5), f"{who} reached only {paths}"
        for path in error_paths(role):
            visit(path, response=page.goto(path))
        if role is None:
            documents[f"{who} /login (failed sign-in)"] = sign_in_wrongly(page).body()
        if role == "representative":
            # The question form as it comes back with its field errors.
            page.goto("/issues/new")
            with page.expect_navigation() as navigation:
                page.click("button[name=action][value=submit]")
            documents[f"{who} /issues/new (invalid)"] = navigation.value.body()
        if role == "admin":
            # The network form as it comes back with its field errors.
            page.goto("/admin/networks/new")
            page.fill("#slug", "Inte Giltig")
            with page.expect_navigation() as navigation:
                page.click("form.admin-form button[type=submit]")
            documents[f"{who} /admin/networks/new (invalid)"] = navigation.value.body()

    errors = validate(documents, tmp_path)
    print(f"{len(documents)} documents validated")
    assert not errors, f"{len(errors)} errors in {len(documents)} documents:\n" + "\n".join(errors)


def test_the_pages_only_a_form_reaches_are_valid_html(page_as, tmp_path):
    """The invitation with its errors and the import's pages after an upload."""
    documents = {label: response.body() for label, response in admin_form_pages(page_as("admin"))}
    errors = validate(documents, tmp_path)
    assert not errors, f"{len(errors)} errors in {len(documents)} documents:\n" + "\n".join(errors)


def test_vnu_reports_a_planted_error(tmp_path):
    """Guards the test above: a document with known faults must not pass."""
    planted = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Planted</title></head>
<body><main><p id="same">One</p>
<p id="same">Two</p>
<div></main></body></html>
"""
    valid = b'<!doctype html><html lang="en"><head><title>Fine</title></head><body></body></html>'
    errors = validate({"planted": planted, "valid": valid}, tmp_path)
    assert any(line.startswith("planted line 4: Duplicate ID") for line in errors), errors
    assert any("planted" in line and "div" in line for line in errors), errors
    assert not [line for line in errors if line.startswith("valid")], errors
