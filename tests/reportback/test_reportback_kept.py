"""The report back is rendered once per state and language and kept (reportback/state.py): a
revisit is answered with 304, and a change anywhere that the page shows is shown at once."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.minutes.operations import mark_done, save_item
from hallbarhet.models import ActionItem, Administration, ItemOutcome, User
from hallbarhet.reportback import state
from hallbarhet.reportback.operations import mark_reported
from tests.helpers import count_statements
from tests.minutes_data import fresh, local_today, published_meeting, question_items


def _url(world):
    return f"/administrations/{world.env.id}/report-back"


def _get(client, path, etag=None):
    return client.get(path, headers={"If-None-Match": etag} if etag else {})


@pytest.fixture
def kept(client, world, login_as):
    """The representative's report back, one published meeting on it, seen once."""
    meeting = published_meeting(world, due_in=20)
    login_as("representative", lang="en")
    first = _get(client, _url(world))
    assert first.status_code == 200 and "Ta fram underlag" in first.get_data(as_text=True)
    return meeting, first


def test_a_revisit_is_answered_304_and_a_copy_renders_nothing(client, world, kept):
    _meeting, first = kept
    assert first.headers["ETag"] and first.headers["Cache-Control"] == "private, no-cache"
    again = _get(client, _url(world), first.headers["ETag"])
    assert again.status_code == 304 and again.data == b""
    with count_statements() as statements:
        copy = _get(client, _url(world))
    assert copy.get_data(as_text=True) == first.get_data(as_text=True)
    # The state in one statement; the items, meetings and action items are not loaded.
    assert not [s for s in statements if s.startswith("SELECT agenda_item.id")], statements


def _correct_notes(world, meeting):
    item = question_items(fresh(meeting))[0]
    save_item(
        world.coordinator,
        fresh(meeting),
        item.id,
        item.version,
        notes="Nätverket rättade sina anteckningar.",
        outcome=ItemOutcome.CONCLUDED,
        reason="Fel i protokollet",
    )
    return "Nätverket rättade sina anteckningar."


def _mark_done(world, _meeting):
    action = db.session.scalar(select(ActionItem))
    mark_done(world.representative, action, action.version)
    return "Done"


def _rename_question_administration(world, _meeting):
    administration = db.session.get(Administration, world.env.id)
    administration.name = "Klimat- och miljöförvaltningen"
    administration.version += 1
    db.session.commit()
    return "Klimat- och miljöförvaltningen"


def _report_and_rename_reporter(world, _meeting):
    mark_reported(world.representative, world.env, 0)
    user = db.session.get(User, world.representative.id)
    user.name = "Rita Rapportör"
    user.bump_version()
    db.session.commit()
    return "by Rita Rapportör"


def _another_meeting(world, _meeting):
    published_meeting(world, days_ago=3, due_in=5)
    return "Due in 5 days"


@pytest.mark.parametrize(
    "change",
    [
        _correct_notes,
        _mark_done,
        _rename_question_administration,
        _report_and_rename_reporter,
        _another_meeting,
    ],
)
def test_a_change_anywhere_is_shown_at_once(client, world, kept, change):
    meeting, first = kept
    shown = change(world, meeting)
    after = _get(client, _url(world), first.headers["ETag"])
    assert after.status_code == 200 and shown in after.get_data(as_text=True)
    assert after.headers["ETag"] != first.headers["ETag"]


def test_the_next_day_counts_the_days_anew(client, world, kept, monkeypatch):
    _meeting, first = kept
    assert "Due in 20 days" in first.get_data(as_text=True)
    tomorrow = local_today() + timedelta(days=1)
    monkeypatch.setattr(state, "local_today", lambda: tomorrow)
    monkeypatch.setattr("hallbarhet.labels.local_today", lambda: tomorrow)
    after = _get(client, _url(world), first.headers["ETag"])
    assert after.status_code == 200 and "Due in 19 days" in after.get_data(as_text=True)


def _token(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    assert found, pattern
    return found.group(1)


def test_the_form_carries_each_readers_own_token_and_only_those_who_report_see_it(
    client, world, kept, login_as
):
    _meeting, first = kept
    page = first.get_data(as_text=True)
    mine = _token(page, r'name="csrf-token" content="([^"]+)"')
    assert _token(page, r'name="csrf_token" value="([^"]+)"') == mine
    # Another session of the same person: its own token in the kept page's form.
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    again = _get(client, _url(world)).get_data(as_text=True)
    theirs = _token(again, r'name="csrf-token" content="([^"]+)"')
    assert theirs != mine and _token(again, r'name="csrf_token" value="([^"]+)"') == theirs
    # A coordinator reads the same report but may not mark it reported.
    login_as("coordinator", lang="en")
    coordinator = _get(client, _url(world)).get_data(as_text=True)
    assert "Ta fram underlag" in coordinator and "Mark as reported" not in coordinator
