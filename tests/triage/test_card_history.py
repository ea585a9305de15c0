"""The history on each triage card: every answer and decision, the latest ones when it is long."""

import re

from hallbarhet.triage.queries import histories
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


def test_one_cards_history_is_the_same_read_alone_or_with_others(client, world, login_as):
    # A card after a decision reads its question's history alone; the queue reads a page's.
    issue = queued(world, "Laddstolpar")
    other = queued(world, "Cykelparkering")
    login_as("coordinator")
    for n in range(6):
        answer = "yes" if n % 2 == 0 else "no"
        post(client, "assess", issue, {"question": "affects_several", "answer": answer})
        post(client, "assess", other, {"question": "short_info", "answer": answer})
    alone = histories([issue])[issue.id]
    together = histories([issue, other])
    assert alone == together[issue.id] and alone[1] == 6 and len(alone[0]) == 6
    assert together[other.id][1] == 6
    post(client, "assess", issue, {"question": "short_info", "answer": "no"})
    post(client, "assess", issue, {"question": "info_for_all", "answer": "yes"})
    post(client, "assess", issue, {"question": "needs_dialogue", "answer": "yes"})
    events, total = histories([issue])[issue.id]
    assert total == 9 and len(events) == 8
    assert [e.id for e in events] == sorted(e.id for e in events)
    assert events[-1].message == "needs_dialogue"
    assert events == histories([issue, other])[issue.id][0]
