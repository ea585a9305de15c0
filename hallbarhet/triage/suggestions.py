"""Which coming meeting a question should go to, and why: the ranking the triage card
preselects from.

Each coming meeting of the question's network is weighed on five reasons:

- the question fits before its latest date (a meeting after it is too late);
- the submission deadline has not passed (the agenda is still open for questions);
- the budget has time left for the item's minutes;
- the submitter asked for this meeting;
- the meeting's theme matches the question's work area.

A reason that fails weighs against the meeting in the order above (the submitter's wish
over the theme: they chose the meeting knowing its theme); among meetings
equally good the earliest comes first. The ranking is a plain function of plain facts, so
that each reason can be tested alone.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

# How much each reason weighs: a meeting after the latest date is worse than any meeting
# before it, whatever the rest; a passed deadline is worse than a full budget, and so on.
WEIGHTS = {
    "before_latest": 16,
    "deadline_open": 8,
    "fits_budget": 4,
    "desired": 2,
    "theme_matches": 1,
}

# Words that say nothing about a theme.
_STOPWORDS = frozenset(
    ("och", "att", "det", "som", "för", "med", "den", "till", "har", "inte", "frågor")
    + ("frågan", "arbete", "arbetet", "kommunens", "kommunen", "vår", "våra")
)
# Two words share a theme when they start alike: "Folkhälsofrågor" and "Folkhälsa",
# "Barnkonventionen" and "barnkonventionen i kommunens beslut".
_PREFIX = 6


@dataclass(frozen=True)
class MeetingFacts:
    """What the ranking needs to know of one coming meeting."""

    id: int
    starts_on: date
    starts_at: datetime
    deadline_passed: bool
    minutes_left: int
    theme: str = ""
    theme_description: str = ""


@dataclass(frozen=True)
class QuestionFacts:
    """What the ranking needs to know of the question."""

    minutes: int
    latest_date: date | None = None
    desired_meeting_id: int | None = None
    work_area: str = ""


@dataclass(frozen=True)
class Reason:
    """One reason for or against a meeting; `value` carries what the words need (the minutes
    left after the item, the latest date)."""

    code: str
    holds: bool
    value: object = None


@dataclass(frozen=True)
class Suggestion:
    meeting_id: int
    score: int
    reasons: tuple[Reason, ...]

    @property
    def good(self) -> bool:
        """Nothing speaks against it but the theme or the submitter's wish."""
        return all(r.holds for r in self.reasons if r.code in _REQUIRED)


_REQUIRED = ("before_latest", "deadline_open", "fits_budget")


def rank(question: QuestionFacts, meetings: list[MeetingFacts]) -> list[Suggestion]:
    """The meetings, best first, each with its reasons."""
    area_words = theme_words(question.work_area)
    suggestions = []
    for meeting in meetings:
        reasons = reasons_for(question, meeting, area_words)
        score = sum(WEIGHTS[reason.code] for reason in reasons if reason.holds)
        suggestions.append(
            (-score, meeting.starts_at, meeting.id, Suggestion(meeting.id, score, reasons))
        )
    suggestions.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in suggestions]


def reasons_for(
    question: QuestionFacts, meeting: MeetingFacts, area_words: frozenset[str] | None = None
) -> tuple[Reason, ...]:
    if area_words is None:
        area_words = theme_words(question.work_area)
    left_after = meeting.minutes_left - question.minutes
    reasons = [
        Reason(
            "before_latest",
            question.latest_date is None or meeting.starts_on <= question.latest_date,
            question.latest_date,
        ),
        Reason("deadline_open", not meeting.deadline_passed),
        Reason("fits_budget", left_after >= 0, left_after),
    ]
    if question.work_area:
        theme = theme_words(f"{meeting.theme} {meeting.theme_description}")
        reasons.append(
            Reason("theme_matches", _share_a_theme(area_words, theme), question.work_area)
        )
    if question.desired_meeting_id is not None:
        reasons.append(Reason("desired", question.desired_meeting_id == meeting.id))
    return tuple(reasons)


def theme_words(text: str) -> frozenset[str]:
    """The words of a theme or work area that carry meaning, cut to their start."""
    words = re.findall(r"\w+", _fold(text))
    return frozenset(word[:_PREFIX] for word in words if len(word) >= 4 and word not in _STOPWORDS)


def _share_a_theme(area: frozenset[str], theme: frozenset[str]) -> bool:
    return bool(area & theme)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()
