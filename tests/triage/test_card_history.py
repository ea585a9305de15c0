"""The history on each triage card: every answer and decision, the latest ones when it is long."""

import re

from tests.helpers import card, form_for, post, queued


def test_every_answer_and_decision_is_in_the_cards_and_the_pages_history(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    post(client, "assess", issue, {"question": "affects_several", "answer": "yes"})
    post(client, "park", issue, form_for("park", issue, world, message="Till våren"))
    page = client.get(f"/triage?status=parked&open={issue.id}").get_data(as_text=True)
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
    page = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    history = re.search(r'id="issue-\d+-history">(.*?)</details>', page, re.S).group(1)
    assert "Historik (12)" in history
    assert history.count("<li>") == 8
    assert "De senaste 8; hela historiken finns på frågans sida" in history


def test_the_card_after_an_answer_shows_the_answer_in_its_history(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    response = post(client, "assess", issue, {"question": "short_info", "answer": "no"}, htmx=True)
    assert "Historik (1)" in response.get_data(as_text=True)
