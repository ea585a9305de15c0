"""A meeting's time budget: the minutes its items take against its duration."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Budget:
    allotted: int
    duration: int

    @property
    def remaining(self) -> int:
        return self.duration - self.allotted

    @property
    def over(self) -> bool:
        return self.allotted > self.duration

    @property
    def percent(self) -> int:
        """Share of the duration taken, for the meter (capped at 100)."""
        if self.duration <= 0:
            return 100
        return min(100, round(100 * self.allotted / self.duration))

    def with_added(self, minutes: int) -> "Budget":
        return Budget(self.allotted + minutes, self.duration)


def budget_for(meeting) -> Budget:
    """The budget of a meeting in a list: from the total the database summed."""
    return Budget(meeting.allotted_total, meeting.duration_minutes)


def budget_of_items(meeting, items) -> Budget:
    """The budget of an agenda being shown or edited: from its items as they are now."""
    return Budget(sum(item.allotted_minutes for item in items), meeting.duration_minutes)


def start_times(starts_at: datetime, minutes: list[int]) -> list[datetime]:
    """When each item starts, the items following one another from the meeting's start."""
    times, current = [], starts_at
    for allotted in minutes:
        times.append(current)
        current += timedelta(minutes=allotted)
    return times


@dataclass(frozen=True)
class MeetingEnd:
    """When a meeting is planned to end, and when its agenda says it will."""

    planned: datetime
    expected: datetime

    @property
    def overrun(self) -> int:
        """Minutes the agenda runs past the planned end (0 when it fits)."""
        return int((self.expected - self.planned).total_seconds() // 60)

    @property
    def over(self) -> bool:
        return self.overrun > 0


def expected_end(starts_at: datetime, duration_minutes: int, allotted_minutes: int) -> MeetingEnd:
    """The agenda's end when its items (standing items included: they are items) run past
    the planned length, else the planned end; the planned end is kept to be shown beside."""
    planned = starts_at + timedelta(minutes=duration_minutes)
    return MeetingEnd(planned, max(planned, starts_at + timedelta(minutes=allotted_minutes)))
