"""Merging a question into a scheduled one on the same topic, and taking it apart again:
the agenda item names both administrations and submitters, both are told."""

import re

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Event, Issue, IssueStatus, OutboxMail
from tests.helpers import HX, form_for, post, queued


def schedule_into(client, world, issue, meeting=None, minutes="15"):
    data = form_for(
        "schedule", issue, world, meeting=(meeting or world.neh_meeting).id, minutes=minutes
    )
    assert post(client, "schedule", issue, data).status_code == 302


def two_on_one_topic(client, world):
    first = queued(world, "Skyfallsplan för kommunen")
    second = queued(world, "Dagvatten vid kraftiga regn", submitter=world.other_representative)
    schedule_into(client, world, first)
    return db.session.get(Issue, first.id), db.session.get(Issue, second.id)


def test_merging_joins_a_question_into_a_scheduled_one(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    # The card's similar questions offer to join it to the scheduled one.
    similar = client.get(f"/issues/{second.id}/similar", headers=HX).get_data(as_text=True)
    form = re.search(r'<form class="similar-merge".*?</form>', similar, re.S).group(0)
    assert f'action="/triage/{second.id}/merge"' in form
    assert f'data-hx-target="#issue-{second.id}"' in form
    assert f'name="into" value="{first.id}"' in form
    assert f"Slå ihop {second.reference} med {first.reference}" in form
    # So does the question's page, as a plain form.
    page = client.get(f"/issues/{second.id}").get_data(as_text=True)
    assert (
        'class="similar-merge"' in page
        and "data-hx-post" not in page.split("similar-merge")[1][:200]
    )
    response = post(client, "merge", second, {"into": first.id, "version": second.version})
    assert response.status_code == 302
    merged = db.session.get(Issue, second.id)
    assert merged.status == IssueStatus.MERGED
    assert merged.merged_into_id == first.id
    events = db.session.scalars(select(Event).where(Event.issue_id == first.id)).all()
    assert [e.to_value for e in events if e.action == "merged_in"] == [second.reference]
    agenda = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    item = re.search(r'<span class="agenda-item__from meta">(.*?)</span>', agenda, re.S).group(1)
    assert "Miljöförvaltningen" in item and "Socialförvaltningen" in item
    assert "Rita Representant" in item and "Olle Representant" in item


def test_questions_of_one_administration_joined_name_it_once(client, world, login_as):
    login_as("coordinator")
    first = queued(world, "Skyfallsplan för kommunen")
    second = queued(world, "Dagvatten vid kraftiga regn")
    schedule_into(client, world, first)
    second = db.session.get(Issue, second.id)
    response = post(client, "merge", second, {"into": first.id, "version": second.version})
    assert response.status_code == 302
    agenda = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    item = re.search(r'<span class="agenda-item__from meta">(.*?)</span>', agenda, re.S).group(1)
    assert " ".join(item.split()) == "Miljöförvaltningen (Rita Representant)"


def test_only_a_coordinator_is_offered_the_merge(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    login_as("other_representative")
    page = client.get(f"/issues/{second.id}").get_data(as_text=True)
    assert "similar-merge" not in page
    assert (
        post(client, "merge", second, {"into": first.id, "version": second.version}).status_code
        == 403
    )


def test_merge_with_htmx_confirms_in_place(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    response = post(
        client, "merge", second, {"into": first.id, "version": second.version}, htmx=True
    )
    assert response.status_code == 200
    assert f"{second.reference} sammanslagen med {first.reference}" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("target", ["itself", "unscheduled", "unknown", "other_network"])
def test_merge_into_what_cannot_carry_it_is_refused(client, world, login_as, target):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    social = queued(world, "Social fråga", network=world.nsh)
    into = {
        "itself": second.id,
        "unscheduled": queued(world, "Ej schemalagd").id,
        "unknown": 999999,
        "other_network": social.id,
    }[target]
    response = post(client, "merge", second, {"into": into, "version": second.version}, htmx=True)
    assert response.status_code == 422
    assert db.session.get(Issue, second.id).status == IssueStatus.SUBMITTED
    assert db.session.get(Issue, second.id).merged_into_id is None


def test_merge_on_a_stale_version_is_a_conflict(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    version = second.version
    post(client, "park", second, form_for("park", second, world))
    response = post(client, "merge", second, {"into": first.id, "version": version}, htmx=True)
    assert response.status_code == 409
    assert "före dig" in response.get_data(as_text=True)
    assert db.session.get(Issue, second.id).status == IssueStatus.PARKED


def test_the_merged_questions_page_says_where_it_went(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    post(client, "merge", second, {"into": first.id, "version": second.version})
    page = client.get(f"/issues/{second.id}").get_data(as_text=True)
    assert "Sammanslagen" in page
    assert f'href="/issues/{first.id}"' in page


def test_a_merged_question_can_be_taken_apart_again(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    post(client, "merge", second, {"into": first.id, "version": second.version})
    merged = db.session.get(Issue, second.id)
    page = client.get(f"/issues/{second.id}").get_data(as_text=True)
    assert "Dela upp igen: tillbaka i kön som egen fråga" in page
    response = client.post(
        f"/triage/{second.id}/unmerge", data={"version": merged.version}, follow_redirects=True
    )
    assert "är fristående igen, tillbaka i kön." in response.get_data(as_text=True)
    alone = db.session.get(Issue, second.id)
    assert alone.status == IssueStatus.SUBMITTED and alone.merged_into_id is None
    actions = db.session.scalars(
        select(Event.action).where(Event.issue_id == first.id).order_by(Event.id)
    ).all()
    assert actions[-2:] == ["merged_in", "merged_out"]
    agenda = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    item = re.search(r'<span class="agenda-item__from meta">(.*?)</span>', agenda, re.S).group(1)
    assert "Socialförvaltningen" not in item
    mails = db.session.scalars(select(OutboxMail.template).order_by(OutboxMail.id)).all()
    assert mails[-1] == "decision_unscheduled"


def test_taking_apart_what_is_not_merged_or_stale_is_refused(client, world, login_as):
    login_as("coordinator")
    first, second = two_on_one_topic(client, world)
    response = client.post(f"/triage/{second.id}/unmerge", data={"version": second.version})
    assert response.status_code == 409
    seen = second.version
    post(client, "merge", second, {"into": first.id, "version": seen})
    response = client.post(f"/triage/{second.id}/unmerge", data={"version": seen})
    assert response.status_code == 409
    assert db.session.get(Issue, second.id).status == IssueStatus.MERGED
    login_as("representative")
    page = client.get(f"/issues/{second.id}").get_data(as_text=True)
    assert "Dela upp igen" not in page
