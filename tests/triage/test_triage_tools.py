"""The triage queue's tools: suggestions with reasons, filters and order, bulk decisions,
merging questions, and the history on each card."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Event, Issue, IssueKind, IssueStatus
from hallbarhet.models.base import utcnow
from tests.triage.test_triage import HX, card, form_for, post, queued


def titles(page: str) -> list[str]:
    """The questions' titles on a queue page, in their order."""
    return re.findall(
        r'class="triage-card__title">\s*<a [^>]*><span class="ref">[^<]*</span> ([^<]*)</a>', page
    )


# Suggestions ------------------------------------------------------------------------------


def test_the_card_suggests_the_meeting_whose_theme_matches_and_says_why(client, world, login_as):
    area = next(a for a in world.neh.work_areas if a.name == "Avfallsplan")
    issue = queued(world, "Ny avfallsplan för kommunen", work_area=area)
    login_as("coordinator")
    page = card(client.get("/triage").get_data(as_text=True), issue)
    suggestion = re.search(r'id="issue-\d+-suggestion">(.*?)</div>', page, re.S).group(1)
    assert world.neh_later.name in suggestion
    assert "Temat stämmer med arbetsområdet ”Avfallsplan”" in suggestion
    assert "min kvar i tidsbudgeten efter punkten" in suggestion
    assert "Sista dag för frågor har inte passerat" in suggestion
    selected = re.search(r'<option selected value="(\d+)"', page).group(1)
    assert int(selected) == world.neh_later.id


def test_a_question_that_must_be_handled_soon_is_suggested_the_earlier_meeting(
    client, world, login_as
):
    area = next(a for a in world.neh.work_areas if a.name == "Avfallsplan")
    latest = (world.neh_meeting.starts_at + timedelta(days=2)).date()
    issue = queued(world, "Avfallsfrågan brådskar", work_area=area, latest_date=latest)
    login_as("coordinator")
    page = card(client.get("/triage").get_data(as_text=True), issue)
    selected = re.search(r'<option selected value="(\d+)"', page).group(1)
    assert int(selected) == world.neh_meeting.id
    assert f"Före frågans senaste datum, {latest:%Y-%m-%d}" in page


def test_a_full_meeting_is_said_to_be_over_budget(client, world, login_as):
    issue = queued(world, "Lång genomgång", minutes=400)
    login_as("coordinator")
    page = card(client.get("/triage").get_data(as_text=True), issue)
    assert "min över tidsbudgeten med punkten" in page
    assert "triage-reason--against" in page


def test_scheduling_into_the_suggestion_is_one_click(client, world, login_as):
    issue = queued(world, "Solceller på taken")
    login_as("coordinator")
    page = card(client.get("/triage").get_data(as_text=True), issue)
    form = re.search(r'<form class="triage-schedule".*?</form>', page, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data["meeting"] = re.search(r'<option selected value="(\d+)"', form).group(1)
    data["kind"] = re.search(r'<option selected value="(\w+)"', form.split('name="kind"')[1]).group(
        1
    )
    data["minutes"] = re.search(r'name="minutes"[^>]*value="(\d+)"', form).group(1)
    response = client.post(f"/triage/{issue.id}/schedule", data=data)
    assert response.status_code == 302
    assert db.session.get(Issue, issue.id).status == IssueStatus.SCHEDULED


# Filters and order ------------------------------------------------------------------------


def test_the_kind_filter_narrows_the_queue(client, world, login_as):
    queued(world, "Dialog om laddplatser")
    queued(world, "Information om ny plan", kind=IssueKind.INFORMATION)
    login_as("coordinator")
    page = client.get("/triage?kind=information").get_data(as_text=True)
    assert titles(page) == ["Information om ny plan"]
    assert client.get("/triage?kind=nonsense").status_code == 422


def test_order_by_desired_meeting_or_latest_date(client, world, login_as):
    queued(world, "Ingen önskan")
    queued(world, "Senare möte", desired_meeting=world.neh_later)
    queued(world, "Tidigare möte", desired_meeting=world.neh_meeting)
    queued(world, "Bara ett datum", latest_date=(utcnow() + timedelta(days=40)).date())
    login_as("coordinator")
    page = client.get("/triage?sort=desired").get_data(as_text=True)
    assert titles(page) == ["Tidigare möte", "Senare möte", "Bara ett datum", "Ingen önskan"]
    default = client.get("/triage").get_data(as_text=True)
    assert titles(default) == ["Ingen önskan", "Senare möte", "Tidigare möte", "Bara ett datum"]


def test_order_by_suggested_meeting(client, world, login_as):
    area = next(a for a in world.neh.work_areas if a.name == "Avfallsplan")
    queued(world, "Avfall först inlämnad", work_area=area)
    queued(world, "Vanlig fråga")
    queued(world, "Social fråga", network=world.nsh)
    login_as("coordinator")
    page = client.get("/triage?sort=suggested").get_data(as_text=True)
    # NEH's first meeting, then NSH's (35 days), then NEH's later one (the theme matches).
    assert titles(page) == ["Vanlig fråga", "Social fråga", "Avfall först inlämnad"]


def test_search_finds_a_question_by_its_reference(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    queued(world, "Något annat")
    login_as("coordinator")
    page = client.get("/triage", query_string={"q": issue.reference.lower()}).get_data(as_text=True)
    assert titles(page) == ["Laddstolpar"]


@pytest.mark.parametrize(
    "text", ['""', '"Ladd', "**", "NEAR", "a:b", "%%", "__", "' OR 1=1 --", "50%_rabatt"]
)
def test_search_with_query_syntax_characters_is_plain_text(client, world, login_as, text):
    queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.get("/triage", query_string={"q": text})
    assert response.status_code == 200
    assert titles(response.get_data(as_text=True)) == []


def test_a_one_letter_or_overlong_search_is_refused_with_a_message(client, world, login_as):
    queued(world, "Laddstolpar")
    login_as("coordinator")
    for text in ("L", "x" * 10_000):
        response = client.get("/triage", query_string={"q": text}, headers=HX)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Sök med 2 till 200 tecken." in page
        assert titles(page) == ["Laddstolpar"]


@pytest.mark.parametrize("args", ["network=999999", "area=999999", "administration=abc", "kind=x"])
def test_unknown_ids_in_the_filter_are_marked_not_used(client, world, login_as, args):
    queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.get(f"/triage?{args}")
    assert response.status_code == 422
    assert titles(response.get_data(as_text=True)) == ["Laddstolpar"]


def test_parked_and_returned_questions_are_one_link_away(client, world, login_as):
    login_as("coordinator")
    page = client.get("/triage").get_data(as_text=True)
    assert 'href="/triage?status=parked"' in page
    assert 'href="/triage?status=returned"' in page


# Bulk -------------------------------------------------------------------------------------


def selection(*issues):
    return [f"{issue.id}:{issue.version}" for issue in issues]


def test_park_several_at_once(client, world, login_as):
    first, second, third = (queued(world, f"Fråga {n}") for n in range(3))
    login_as("coordinator")
    response = client.post(
        "/triage/bulk",
        data={"action": "park", "message": "Till våren", "selected": selection(first, second)},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Parkerade: {first.reference}, {second.reference}" in page
    statuses = {i.id: i.status for i in db.session.scalars(select(Issue))}
    assert statuses[first.id] == statuses[second.id] == IssueStatus.PARKED
    assert statuses[third.id] == IssueStatus.SUBMITTED
    notes = db.session.scalars(
        select(Event.message).where(Event.issue_id == first.id, Event.action == "status")
    ).all()
    assert notes == ["Till våren"]


def test_refer_several_needs_where(client, world, login_as):
    first, second = queued(world, "A-fråga"), queued(world, "B-fråga")
    login_as("coordinator")
    response = client.post(
        "/triage/bulk",
        data={"action": "refer", "message": " ", "selected": selection(first, second)},
    )
    assert response.status_code == 422
    assert "Ange var frågorna hanteras i stället." in response.get_data(as_text=True)
    assert db.session.get(Issue, first.id).status == IssueStatus.SUBMITTED
    response = client.post(
        "/triage/bulk",
        data={"action": "refer", "message": "arbetsgrupp", "selected": selection(first, second)},
    )
    assert response.status_code == 302
    assert {i.status for i in db.session.scalars(select(Issue))} == {IssueStatus.REFERRED}


def test_a_bulk_question_decided_first_by_someone_else_is_reported_and_the_rest_done(
    client, world, login_as
):
    first, second = queued(world, "A-fråga"), queued(world, "B-fråga")
    stale = selection(first, second)
    first.status = IssueStatus.DECLINED  # another coordinator, meanwhile
    db.session.commit()
    login_as("coordinator")
    response = client.post(
        "/triage/bulk", data={"action": "park", "selected": stale}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert f"Parkerade: {second.reference}" in page
    assert f"En annan samordnare hann fatta beslut om {first.reference} före dig" in page
    assert db.session.get(Issue, first.id).status == IssueStatus.DECLINED
    assert db.session.get(Issue, second.id).status == IssueStatus.PARKED


@pytest.mark.parametrize(
    "selected, status, message",
    [
        ([], 422, "Markera minst en fråga."),
        (["1:x"], 422, "Markeringen gick inte att läsa."),
        ([f"{n}:1" for n in range(1, 150)], 422, "Markera högst 100 frågor åt gången."),
    ],
)
def test_bad_bulk_selections_change_nothing(client, world, login_as, selected, status, message):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.post("/triage/bulk", data={"action": "park", "selected": selected})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


def test_a_bulk_selection_with_a_foreign_question_changes_nothing(client, world, login_as):
    own = queued(world, "Egen fråga")
    foreign = queued(world, "Social fråga", network=world.nsh)
    login_as("neh_coordinator")
    response = client.post(
        "/triage/bulk", data={"action": "park", "selected": selection(own, foreign)}
    )
    assert response.status_code == 404
    assert "Inget ändrades." in response.get_data(as_text=True)
    assert db.session.get(Issue, own.id).status == IssueStatus.SUBMITTED


def test_bulk_needs_a_known_action_and_a_coordinator(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.post("/triage/bulk", data={"action": "decline", "selected": selection(issue)})
    assert response.status_code == 422
    login_as("representative")
    response = client.post("/triage/bulk", data={"action": "park", "selected": selection(issue)})
    assert response.status_code == 403
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


def test_cards_carry_a_select_box_for_the_bulk_form(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    page = client.get("/triage").get_data(as_text=True)
    assert '<form id="bulk"' in page
    assert f'form="bulk" name="selected" value="{issue.id}:{issue.version}"' in card(page, issue)
    returned = client.get("/triage?status=returned").get_data(as_text=True)
    assert 'form="bulk"' not in returned


# History ----------------------------------------------------------------------------------


def test_every_answer_and_decision_is_in_the_cards_and_the_pages_history(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    post(client, "assess", issue, {"question": "affects_several", "answer": "yes"})
    post(client, "park", issue, form_for("park", issue, world, message="Till våren"))
    page = client.get("/triage?status=parked").get_data(as_text=True)
    history = re.search(r'id="issue-\d+-history">(.*?)</details>', card(page, issue), re.S).group(1)
    assert "Historik (2)" in history and "hela historiken" not in history
    assert "Cora Samordnare" in history
    assert "svarade" in history and "Ja" in history
    assert "Inskickad → Parkerad" in history and "Till våren" in history
    show = client.get(f"/issues/{issue.id}").get_data(as_text=True)
    assert "Inskickad → Parkerad" in show and "svarade" in show


def test_a_long_history_shows_its_latest_events_on_the_card(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    for n in range(6):
        post(
            client,
            "assess",
            issue,
            {"question": "affects_several", "answer": "yes" if n % 2 == 0 else ""},
        )
        post(client, "assess", issue, {"question": "short_info", "answer": "no"})
    page = card(client.get("/triage").get_data(as_text=True), issue)
    history = re.search(r'id="issue-\d+-history">(.*?)</details>', page, re.S).group(1)
    assert "Historik (12)" in history
    assert history.count("<li>") == 8
    assert "De senaste 8; hela historiken finns på frågans sida" in history


def test_the_card_after_an_answer_shows_the_answer_in_its_history(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    response = post(client, "assess", issue, {"question": "short_info", "answer": "no"}, htmx=True)
    assert "Historik (1)" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "back, size",
    [
        ("", "1 fråga"),
        ("kind=information", "0 frågor"),
        ("network=999999&area=x&kind=nonsense&q=L&sort=evil", "1 fråga"),
    ],
)
def test_the_queue_size_beside_a_decision_counts_with_the_filter_it_came_from(
    client, world, login_as, back, size
):
    issue, _other = queued(world, "Laddstolpar"), queued(world, "Cykelparkering")
    login_as("coordinator")
    data = form_for("park", issue, world, back=back)
    response = post(client, "park", issue, data, htmx=True)
    assert response.status_code == 200
    found = re.search(r'<p id="queue-size"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S)
    assert found.group(1).startswith(size)
