"""A meeting's readers' pages (its page, the agenda to print, the calendar file) are rendered
once per state and language and kept (hallbarhet/page_cache.py): a revisit is answered with
304, and a change anywhere that the page shows is never answered from an older copy."""

from datetime import time, timedelta

import pytest

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import update_item
from hallbarhet.meetings.planning.operations import MeetingPlan, edit_meeting
from hallbarhet.minutes.operations import save_item
from hallbarhet.models import Administration, ItemOutcome, User
from hallbarhet.models.base import LOCAL_TZ
from hallbarhet.triage.operations import merge
from tests.factories import make_issue
from tests.helpers import count_statements
from tests.meetings.test_meeting_page import publish, schedule_question
from tests.minutes_data import fresh, published_meeting, question_items


def _get(client, path, etag=None):
    return client.get(path, headers={"If-None-Match": etag} if etag else {})


def _main(response) -> str:
    """The page inside the layout (the layout holds the session's own CSRF token)."""
    text = response.get_data(as_text=True)
    return text[text.find("<main") : text.find("</main>")] if "<main" in text else text


def _correct(world, meeting, item):
    """A correction of the published minutes' notes of the item: their next revision."""
    save_item(
        world.coordinator,
        fresh(meeting),
        item.id,
        db.session.get(type(item), item.id).version,
        notes="Nätverket enades efter omröstning.",
        outcome=ItemOutcome.CONCLUDED,
        reason="Fel i protokollet",
    )


def _published(world):
    item = schedule_question(world, title="Solceller på kommunens tak")
    publish(world)
    return fresh(world.neh_meeting), item


@pytest.mark.parametrize("suffix", ["", "/print", ".ics"])
def test_a_revisit_is_answered_304_until_the_meeting_changes(client, world, login_as, suffix):
    meeting, item = _published(world)
    login_as("participant")
    path = f"/meetings/{meeting.id}{suffix}"
    first = _get(client, path)
    assert first.status_code == 200
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = _get(client, path, first.headers["ETag"])
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]

    update_item(
        world.coordinator, meeting, item.id, meeting.version, minutes=40, presenter="Ny Person"
    )
    changed = _get(client, path, first.headers["ETag"])
    assert changed.status_code == 200 and "Ny Person" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_the_page_is_rendered_once_for_its_readers(client, world, login_as):
    meeting, _item = _published(world)
    login_as("participant")
    path = f"/meetings/{meeting.id}"
    with count_statements() as first:
        rendered = _get(client, path)
    login_as("other_representative")
    login_as("participant")
    with count_statements() as kept:
        again = _get(client, path)
    assert _main(again) == _main(rendered)
    # What is kept for every reader holds nothing of one session.
    assert "csrf_token" not in _main(rendered)
    # The agenda, its questions and the minutes are not read again: only the session's
    # user, the meeting and its state.
    assert len(kept) < len(first), (len(kept), len(first))


@pytest.mark.parametrize("page", ["/meetings/{id}", "/agenda", "/meetings"])
def test_a_page_from_its_copy_loads_no_account(client, world, login_as, page):
    # Who reads is asked in one statement of what the layout and the rules need
    # (auth.readers); the account itself, its password hash with it, is not loaded.
    meeting, _item = _published(world)
    login_as("participant", lang="en")
    path = page.format(id=meeting.id)
    assert _get(client, path).status_code == 200
    with count_statements() as kept:
        again = _get(client, path)
    assert again.status_code == 200
    accounts = [statement for statement in kept if statement.startswith("SELECT app_user.")]
    assert len(accounts) == 1 and "password_hash" not in accounts[0], accounts
    text = again.get_data(as_text=True)
    assert f"{world.participant.name}, {world.participant.administration.short_name}" in text
    assert 'lang="en"' in text


def _schedule_another(world, meeting):
    schedule_question(world, meeting, title="Laddplatser vid stadshuset", minutes=10)
    return "Laddplatser vid stadshuset"


def _move_it(world, meeting):
    plan = MeetingPlan(
        day=(meeting.starts_at.astimezone(LOCAL_TZ) + timedelta(days=1)).date(),
        start=time(9, 0),
        duration_minutes=meeting.duration_minutes,
        form=meeting.form,
        place="Stadshuset, sal Ån",
        theme=meeting.theme,
    )
    edit_meeting(world.coordinator, meeting, meeting.version, plan)
    return "Stadshuset, sal Ån"


def _rename_the_administration(world, meeting):
    # Another row the page shows: the administration of the question's submitter.
    administration = db.session.get(Administration, world.representative.administration_id)
    administration.name = "Miljö- och hälsoskyddsförvaltningen"
    db.session.commit()
    return "Miljö- och hälsoskyddsförvaltningen"


@pytest.mark.parametrize(
    "change",
    [_schedule_another, _move_it, _rename_the_administration],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("page", ["{meeting}", "{meeting}/print", "/agenda"])
def test_a_change_anywhere_is_shown_at_once(client, world, login_as, change, page):
    meeting, _item = _published(world)
    login_as("participant")
    path = page.format(meeting=f"/meetings/{meeting.id}")
    before = _get(client, path)
    assert _main(_get(client, path)) == _main(before)
    seen = change(world, fresh(meeting))
    assert seen not in before.get_data(as_text=True)
    after = _get(client, path, before.headers["ETag"])
    assert after.status_code == 200 and seen in after.get_data(as_text=True)


def test_a_renamed_submitter_of_a_joined_question_is_shown_at_once(client, world, login_as):
    # An item of joined questions names their submitters: a person's new name is a change
    # of the page, though no row of the meeting changes.
    meeting, item = _published(world)
    joined = make_issue(meeting.network, world.other_representative, title="Samma fråga")
    db.session.commit()
    merge(world.coordinator, joined, item.issue, joined.version)
    login_as("participant")
    path = f"/meetings/{meeting.id}"
    before = _get(client, path)
    assert world.other_representative.name in _main(before)
    person = db.session.get(User, world.other_representative.id)
    person.name = "Omar Omdöpt"
    person.bump_version()
    db.session.commit()
    after = _get(client, path, before.headers["ETag"])
    assert after.status_code == 200 and "Omar Omdöpt" in _main(after)


def test_a_correction_of_the_minutes_is_shown_at_once(client, world, login_as):
    meeting = published_meeting(world)
    (item,) = question_items(meeting)
    login_as("participant")
    path = f"/meetings/{meeting.id}"
    before = _get(client, path)
    assert "Nätverket enades." in before.get_data(as_text=True)
    _correct(world, meeting, item)
    after = _get(client, path, before.headers["ETag"])
    assert after.status_code == 200
    assert "Nätverket enades efter omröstning." in after.get_data(as_text=True)


def test_the_follow_up_shows_minutes_published_elsewhere_at_once(client, world, login_as):
    # The coming meeting's page lists the open action items of published minutes: other
    # meetings' minutes change it without a change to this meeting.
    meeting, _item = _published(world)
    login_as("participant")
    before = _get(client, f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ta fram underlag" not in before
    published_meeting(world)
    after = _get(client, f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ta fram underlag" in after


def test_minutes_of_another_network_leave_the_page_as_it_is(client, world, login_as):
    # The state counts what the page shows: the open action items of its own network's
    # minutes, not every network's, so a revisit after minutes elsewhere is still a 304.
    meeting, _item = _published(world)
    login_as("participant")
    path = f"/meetings/{meeting.id}"
    before = _get(client, path)
    published_meeting(world, network=world.nsh)
    assert _get(client, path, before.headers["ETag"]).status_code == 304
    published_meeting(world)
    after = _get(client, path, before.headers["ETag"])
    assert after.status_code == 200 and "Ta fram underlag" in after.get_data(as_text=True)


def test_each_reader_gets_the_page_as_it_is_for_them(client, world, login_as):
    # A representative may invite colleagues, a participant may not; the layout is each
    # reader's own; the language is the reader's.
    meeting, _item = _published(world)
    path = f"/meetings/{meeting.id}"
    login_as("participant", lang="en")
    participant = _get(client, path)
    text = participant.get_data(as_text=True)
    assert "Invited colleagues" not in text and world.participant.name in text
    login_as("representative", lang="en")
    representative = _get(client, path, participant.headers["ETag"])
    assert representative.status_code == 200
    text = representative.get_data(as_text=True)
    assert "Invited colleagues" in text and world.representative.name in text
    assert world.participant.name not in text
    login_as("representative", lang="sv")
    swedish = _get(client, path, representative.headers["ETag"])
    assert swedish.status_code == 200 and "Inbjudna kollegor" in swedish.get_data(as_text=True)


def test_the_coordinators_page_is_never_kept(client, world, login_as):
    meeting, _item = _published(world)
    login_as("coordinator")
    first = _get(client, f"/meetings/{meeting.id}")
    assert "ETag" not in first.headers
    assert 'name="version"' in first.get_data(as_text=True), "the builder's forms"


def test_a_page_with_a_message_to_show_is_sent_whole(client, world, login_as):
    meeting, _item = _published(world)
    login_as("participant")
    path = f"/meetings/{meeting.id}"
    first = _get(client, path)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Ett meddelande att visa en gång")]
    again = _get(client, path, first.headers["ETag"])
    assert again.status_code == 200
    assert "Ett meddelande att visa en gång" in again.get_data(as_text=True)


def test_signing_out_ends_the_kept_page_too(client, world, login_as):
    # The ETag is asked for after the sign-in check: a browser's copy is no way in.
    meeting, _item = _published(world)
    login_as("participant")
    path = f"/meetings/{meeting.id}"
    etag = _get(client, path).headers["ETag"]
    with client.session_transaction() as session:
        session.clear()
    after = _get(client, path, etag)
    assert after.status_code == 302 and "/login" in after.headers["Location"]


@pytest.mark.parametrize("path", ["minutes/print", "minutes/revisions/1"])
def test_published_minutes_are_kept_and_a_correction_shows_at_once(client, world, login_as, path):
    meeting = published_meeting(world)
    (item,) = question_items(meeting)
    login_as("participant")
    url = f"/meetings/{meeting.id}/{path}"
    first = _get(client, url)
    assert first.status_code == 200 and "Nätverket enades." in _main(first)
    assert _get(client, url, first.headers["ETag"]).status_code == 304
    _correct(world, meeting, item)
    after = _get(client, url, first.headers["ETag"])
    assert after.status_code == 200
    if path == "minutes/print":
        assert "Nätverket enades efter omröstning." in _main(after)
    else:
        # Revision 1 stays as it was published; it now says a later one exists.
        assert "Nätverket enades." in _main(after) and _main(after) != _main(first)
    assert _get(client, f"/meetings/{meeting.id}/minutes/revisions/2").status_code == 200


def test_draft_minutes_to_print_are_never_kept(client, world, login_as):
    meeting = published_meeting(world)
    login_as("coordinator")
    draft_meeting, _item = _published(world)
    response = _get(client, f"/meetings/{draft_meeting.id}/minutes/print")
    assert response.status_code == 200 and "ETag" not in response.headers
    assert _get(client, f"/meetings/{meeting.id}/minutes/print").headers["ETag"]
    login_as("participant")
    assert _get(client, f"/meetings/{draft_meeting.id}/minutes/print").status_code == 404
