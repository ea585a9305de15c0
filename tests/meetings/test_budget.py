"""A meeting's time budget: allotted minutes against the duration."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from hallbarhet.extensions import db
from hallbarhet.meetings.budget import Budget, budget_for, budget_of_items, start_times
from hallbarhet.models import AgendaItem, ItemKind


def meeting(duration, *minutes):
    items = [SimpleNamespace(allotted_minutes=each) for each in minutes]
    return SimpleNamespace(duration_minutes=duration, items=items)


def of_items(duration, *minutes):
    shown = meeting(duration, *minutes)
    return budget_of_items(shown, shown.items)


@pytest.mark.parametrize(
    "allotted, duration, remaining, over, percent",
    [
        (0, 120, 120, False, 0),
        (30, 120, 90, False, 25),
        (120, 120, 0, False, 100),
        (121, 120, -1, True, 100),
        (240, 120, -120, True, 100),
        (1, 120, 119, False, 1),
        (45, 90, 45, False, 50),
        (0, 0, 0, False, 100),
        (10, 0, -10, True, 100),
    ],
)
def test_budget_figures(allotted, duration, remaining, over, percent):
    budget = Budget(allotted, duration)
    assert (budget.remaining, budget.over, budget.percent) == (remaining, over, percent)


def test_full_is_not_over():
    assert not Budget(120, 120).over and Budget(120, 120).remaining == 0


def test_with_added_returns_a_new_budget():
    budget = Budget(30, 120)
    after = budget.with_added(100)
    assert (after.allotted, after.duration, after.over, after.remaining) == (130, 120, True, -10)
    assert budget.allotted == 30


def test_budget_of_items_sums_the_items():
    assert of_items(120, 5, 20, 5) == Budget(30, 120)
    assert of_items(90) == Budget(0, 90)
    assert of_items(60, 45, 30).over


def test_budget_for_a_stored_meeting(app, world):
    assert budget_for(world.neh_meeting) == Budget(30, 120)


def test_the_stored_total_follows_the_items(app, world):
    meeting = world.neh_meeting
    db.session.add(
        AgendaItem(
            meeting=meeting, position=9, title="Extra", kind=ItemKind.DIALOGUE, allotted_minutes=25
        )
    )
    db.session.commit()
    assert budget_for(meeting) == Budget(55, 120)
    empty = world.neh_later
    assert budget_for(empty) == budget_of_items(empty, empty.items)


def test_start_times_follow_one_another():
    start = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert start_times(start, [5, 20, 0, 15]) == [
        start,
        start + timedelta(minutes=5),
        start + timedelta(minutes=25),
        start + timedelta(minutes=25),
    ]
    assert start_times(start, []) == []
