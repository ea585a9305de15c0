"""Report back: what concerns an administration since its last report, and marking it."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import ItemOutcome, ReportBack
from hallbarhet.reportback.operations import mark_reported
from hallbarhet.reportback.views import OPEN_SHOWN
from tests.minutes_data import (
    local_today,
    measure_statements,
    past_meeting,
    publish,
    question_items,
    write,
)


def minutes_with(world, network=None, days_ago=5, **questions):
    """Published minutes whose questions are {title: (submitter, affected, responsible)}:
    each discussed, with its notes "Om <title>" and, when responsible is given, an action
    item "Gör <title>" for that administration."""
    meeting = past_meeting(
        world,
        network,
        days_ago,
        [(title, submitter) for title, (submitter, _a, _r) in questions.items()],
    )
    for item in question_items(meeting):
        _submitter, affected, responsible = questions[item.title]
        item.issue.affected = affected
        db.session.commit()
        actions = [(f"Gör {item.title}", responsible, local_today() + timedelta(days=14))]
        write(world, meeting, item, f"Om {item.title}", ItemOutcome.DISCUSSED,
              actions if responsible else [])  # fmt: skip
    publish(world, meeting)
    return meeting


def page_of(client, administration):
    response = client.get(f"/administrations/{administration.id}/report-back")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def minutes(world):
    rep, other = world.representative, world.other_representative
    return minutes_with(
        world,
        Egen=(rep, [], None),
        Berörd=(other, [world.env], None),
        Ansvar=(other, [], world.env),
        Främmande=(other, [world.culture], world.culture),
    )


def test_the_page_lists_own_affected_and_responsible_items_and_no_others(
    client, world, login_as, minutes
):
    unpublished = past_meeting(world, days_ago=2, questions=[("Opublicerad", world.representative)])
    write(world, unpublished, question_items(unpublished)[0], "Utkast", ItemOutcome.CONCLUDED)
    login_as("representative", lang="en")
    page = page_of(client, world.env)
    for title in ("Egen", "Berörd", "Ansvar"):
        assert f"Om {title}" in page, title
    assert "Om Främmande" not in page and "Gör Främmande" not in page
    assert "Opublicerad" not in page and "Utkast" not in page
    assert "Gör Ansvar" in page and "Our question" in page
    assert "A question from Socialförvaltningen that names us as affected" in page
    assert "An action item for us" in page and "Discussed" in page
    assert minutes.name in page and "Not reported back yet" in page
    assert "Mark as reported to the management group" in page
    login_as("participant", lang="en")
    culture = page_of(client, world.culture)
    assert "Om Främmande" in culture and "Gör Främmande" in culture and "Om Egen" not in culture
    assert "Mark as reported" not in culture


@pytest.mark.parametrize(
    "role, status",
    [
        ("representative", 200),
        ("coordinator", 200),
        ("neh_coordinator", 200),
        ("admin", 200),
        ("other_representative", 404),
        ("participant", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_an_administrations_report_back(client, world, login_as, role, status):
    login_as(role)
    assert client.get(f"/administrations/{world.env.id}/report-back").status_code == status


def test_a_network_the_viewer_is_not_in_is_left_out(client, world, login_as):
    minutes_with(world, Neh=(world.representative, [], None))
    minutes_with(world, world.nsh, Nsh=(world.representative, [], None))
    login_as("neh_coordinator")
    page = page_of(client, world.env)
    assert "Om Neh" in page and "Om Nsh" not in page
    login_as("representative")
    page = page_of(client, world.env)
    assert "Om Neh" in page and "Om Nsh" in page


def test_marking_reported_starts_the_page_from_then(client, world, login_as, minutes):
    login_as("representative", lang="en")
    url = f"/administrations/{world.env.id}/report-back"
    response = client.post(url, data={"last_report": "0"})
    assert response.status_code == 302
    (report,) = db.session.scalars(select(ReportBack)).all()
    assert (report.administration_id, report.network_id) == (world.env.id, None)
    assert report.reported_by_id == world.representative.id
    page = page_of(client, world.env)
    assert "Om Egen" not in page and "Nothing new since the last report" in page
    assert "by Rita Representant" in page
    # The open action item is still open: it stays in view, from the earlier meeting.
    assert "Still open from earlier meetings" in page and "Gör Ansvar" in page
    later = minutes_with(world, days_ago=1, Ny=(world.representative, [], None))
    page = page_of(client, world.env)
    assert "Om Ny" in page and later.name in page and "Om Egen" not in page


def test_a_stale_or_foreign_mark_is_refused_and_nothing_added(client, world, login_as, minutes):
    mark_reported(world.representative, world.env, 0)
    login_as("representative", lang="en")
    url = f"/administrations/{world.env.id}/report-back"
    response = client.post(url, data={"last_report": "0"})
    assert response.status_code == 409
    assert "A colleague marked a report back" in response.get_data(as_text=True)
    assert client.post(url, data={"last_report": "nonsense"}).status_code == 422
    for role in ("other_representative", "participant", "coordinator", "admin"):
        login_as(role, lang="en")
        response = client.post(url, data={"last_report": "1"})
        assert response.status_code == 403, role
        assert "own representatives" in response.get_data(as_text=True)
    assert client.post("/administrations/9999/report-back", data={}).status_code == 404
    assert db.session.query(ReportBack).count() == 1


def test_a_representative_in_some_networks_reports_on_those(world):
    world.representative.memberships = [
        m for m in world.representative.memberships if m.network_id == world.neh.id
    ]
    db.session.commit()
    (row,) = mark_reported(world.representative, world.env, 0)
    assert row.network_id == world.neh.id


def test_statements_do_not_grow_with_the_history(app, client, world):
    counts = []
    for days_ago in (40, 20):
        for number in range(1 if days_ago == 40 else 8):
            minutes_with(
                world,
                days_ago=days_ago - number,
                **{
                    f"Egen {days_ago}-{number}": (world.representative, [], world.env),
                    f"Berörd {days_ago}-{number}": (
                        world.other_representative,
                        [world.env, world.culture],
                        world.social,
                    ),
                },
            )
        url = f"/administrations/{world.env.id}/report-back"
        counts.append(measure_statements(app, client, url, world.representative.id))
        mark_reported(world.representative, world.env, _latest(world))
    (few, small), (many, big) = counts
    assert few == many and big > small


def _latest(world):
    return (
        db.session.scalar(
            select(ReportBack.id)
            .where(ReportBack.administration_id == world.env.id)
            .order_by(ReportBack.id.desc())
        )
        or 0
    )


def test_after_years_the_page_lists_the_first_open_action_items_and_says_how_many(
    client, world, login_as
):
    many = OPEN_SHOWN + 5
    minutes_with(
        world,
        days_ago=30,
        **{
            f"Uppdrag {number:02d}": (world.representative, [], world.env) for number in range(many)
        },
    )
    mark_reported(world.representative, world.env, 0)
    login_as("representative", lang="en")

    page = page_of(client, world.env)
    listed = [f"Gör Uppdrag {number:02d}" in page for number in range(many)]
    assert listed == [True] * OPEN_SHOWN + [False] * 5  # due alike: in the order written
    assert f"{OPEN_SHOWN} of {many}, those due first." in page
    assert f"Show all {many}" in page

    every = client.get(f"/administrations/{world.env.id}/report-back?open=all")
    assert all(
        f"Gör Uppdrag {number:02d}" in every.get_data(as_text=True) for number in range(many)
    )
    assert "Show all" not in every.get_data(as_text=True)
    # The management group gets every one.
    printed = client.get(f"/administrations/{world.env.id}/report-back/print")
    assert all(
        f"Gör Uppdrag {number:02d}" in printed.get_data(as_text=True) for number in range(many)
    )
