"""The semester plan's rules as plain functions: semesters, overlaps, lengths, deadlines.

A semester (termin) is the spring term (vårtermin, January to June) or the autumn term
(hösttermin, July to December) of a year, in the municipality's time zone."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ...forms_common import DAY_MAX, DAY_MIN
from ...models.base import LOCAL_TZ

DURATION_MIN = 1
# Eight hours: a working day, the longest a network meeting (or a study visit) runs.
DURATION_MAX = 480
_KEY = re.compile(r"^([0-9]{4})-(VT|HT)$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Semester:
    year: int
    autumn: bool

    @classmethod
    def of(cls, day: date) -> "Semester":
        return cls(day.year, day.month >= 7)

    @classmethod
    def parse(cls, key: str) -> "Semester | None":
        """The semester of a key such as 2025-HT (autumn 2025) or 2026-VT; None otherwise."""
        match = _KEY.match((key or "").strip())
        if match is None or not DAY_MIN.year <= int(match.group(1)) <= DAY_MAX.year:
            return None
        return cls(int(match.group(1)), match.group(2).upper() == "HT")

    @property
    def key(self) -> str:
        return f"{self.year}-{'HT' if self.autumn else 'VT'}"

    @property
    def first_day(self) -> date:
        return date(self.year, 7 if self.autumn else 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31) if self.autumn else date(self.year, 6, 30)

    @property
    def starts_at(self) -> datetime:
        """Its first moment (local midnight) in UTC, for comparing with stored times."""
        return datetime.combine(self.first_day, time(0), LOCAL_TZ).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        """The first moment after it: where the next semester starts."""
        return self.next().starts_at

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def next(self) -> "Semester":
        return Semester(self.year + 1, False) if self.autumn else Semester(self.year, True)

    def previous(self) -> "Semester":
        return Semester(self.year, False) if self.autumn else Semester(self.year - 1, True)


def plannable_semesters(today: date, count: int = 3) -> list[Semester]:
    """The semesters a coordinator may plan: the current one and the next ones."""
    semesters = [Semester.of(today)]
    while len(semesters) < count:
        semesters.append(semesters[-1].next())
    return semesters


def past_semesters(earliest: date | None, today: date) -> list[Semester]:
    """Every semester from the one before today's back to the one of the earliest date,
    newest first; none when nothing is older than this semester."""
    current = Semester.of(today)
    if earliest is None or Semester.of(earliest) >= current:
        return []
    semesters, semester = [], current.previous()
    oldest = Semester.of(earliest)
    while semester >= oldest:
        semesters.append(semester)
        semester = semester.previous()
    return semesters


def local_start(day: date, clock: time) -> datetime:
    """A local date and start time as the UTC moment the database stores."""
    return datetime.combine(day, clock, LOCAL_TZ).astimezone(UTC)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def local_clock(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M")


def duration_allowed(minutes: int) -> bool:
    return DURATION_MIN <= minutes <= DURATION_MAX


def ends_on_its_day(starts_at: datetime, minutes: int) -> bool:
    """A meeting ends by midnight of the day it starts: one that ran past it would end
    "before" its start on the clock, which is never what a planner meant."""
    start = starts_at.astimezone(LOCAL_TZ)
    midnight = datetime.combine(start.date() + timedelta(days=1), time(0), LOCAL_TZ)
    return starts_at + timedelta(minutes=minutes) <= midnight


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Two meetings overlap when each starts before the other ends; one may start the
    minute the other ends."""
    return a_start < b_end and b_start < a_end


def overlapping_pairs(slots: list[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """The pairs (i, j), i < j, of (start, end) slots that overlap, in order."""
    return [
        (i, j)
        for i in range(len(slots))
        for j in range(i + 1, len(slots))
        if overlaps(*slots[i], *slots[j])
    ]


def submission_deadline(starts_at: datetime, lead_days: int) -> datetime:
    """When questions for a meeting must be in: the network's lead time before it."""
    return starts_at - timedelta(days=lead_days)


def deadline_passed(deadline: datetime, now: datetime) -> bool:
    return now >= deadline
