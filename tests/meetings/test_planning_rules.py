"""The semester plan's rules, called directly: semesters, overlaps, lengths, deadlines."""

from datetime import UTC, date, datetime, timedelta

from hallbarhet.meetings.planning import rules
from hallbarhet.meetings.planning.rules import Semester
from tests.meetings.test_planning import local


def test_semester_of_a_date_and_its_bounds_in_local_time():
    assert Semester.of(date(2026, 6, 30)) == Semester(2026, False)
    assert Semester.of(date(2026, 7, 1)) == Semester(2026, True)
    autumn = Semester.parse("2026-ht")
    assert autumn.key == "2026-HT" and autumn.first_day == date(2026, 7, 1)
    assert autumn.last_day == date(2026, 12, 31)
    assert autumn.next() == Semester(2027, False) and autumn.previous() == Semester(2026, False)
    assert Semester(2027, False).previous() == autumn
    # Midnight in Stockholm, which is the evening before in UTC.
    assert autumn.starts_at == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert autumn.ends_at == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert autumn.contains(date(2026, 12, 31)) and not autumn.contains(date(2027, 1, 1))
    for bad in ("2026", "2026-XT", "HT-2026", "", "0000-HT", "2026-HT-1", "２０２６-HT"):
        assert Semester.parse(bad) is None, bad


def test_plannable_and_past_semesters():
    assert rules.plannable_semesters(date(2026, 12, 1)) == [
        Semester(2026, True),
        Semester(2027, False),
        Semester(2027, True),
    ]
    assert rules.past_semesters(date(2025, 3, 1), date(2026, 12, 1)) == [
        Semester(2026, False),
        Semester(2025, True),
        Semester(2025, False),
    ]
    assert rules.past_semesters(date(2026, 9, 1), date(2026, 12, 1)) == []
    assert rules.past_semesters(None, date(2026, 12, 1)) == []


def test_overlaps_and_lengths():
    nine, eleven, one = (datetime(2027, 2, 2, h, tzinfo=UTC) for h in (9, 11, 13))
    assert rules.overlaps(nine, eleven, nine + timedelta(hours=1), one)
    # One may start the minute the other ends.
    assert not rules.overlaps(nine, eleven, eleven, one)
    slots = [(nine, eleven), (eleven, one), (nine + timedelta(minutes=30), eleven)]
    assert rules.overlapping_pairs(slots) == [(0, 2)]
    assert rules.duration_allowed(1) and rules.duration_allowed(480)
    assert not rules.duration_allowed(0) and not rules.duration_allowed(481)
    evening = local(date(2027, 2, 2), "20:00")
    assert rules.ends_on_its_day(evening, 240) and not rules.ends_on_its_day(evening, 241)


def test_submission_deadline_and_when_it_has_passed():
    starts = datetime(2027, 2, 2, 8, tzinfo=UTC)
    deadline = rules.submission_deadline(starts, 14)
    assert deadline == datetime(2027, 1, 19, 8, tzinfo=UTC)
    assert not rules.deadline_passed(deadline, deadline - timedelta(seconds=1))
    assert rules.deadline_passed(deadline, deadline)
