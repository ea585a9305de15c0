"""The network's checklist ("Punkter som kan bli aktuella") and the recommendation it gives.

1. Does the question affect several administrations?
2. Is it relevant information for all administrations (a big question)?
3. Will participants want to ask questions: is dialogue, internal consultation
   or anchoring needed? (Preferred whenever possible.)
4. Is it a short information point relevant to a large share of the participants?

A question belongs on the agenda when (1) or (2) holds and (3) or (4) holds: with (3)
as a dialogue item, with only (4) as a short information item of about ten minutes.
Without (1) and (2) it is better handled elsewhere (refer or return it).
"""

from dataclasses import dataclass
from enum import StrEnum

from ..models import ItemKind

QUESTIONS = ("affects_several", "info_for_all", "needs_dialogue", "short_info")

SHORT_INFORMATION_MINUTES = 10


class Recommendation(StrEnum):
    INCOMPLETE = "incomplete"
    DIALOGUE = "dialogue"
    SHORT_INFORMATION = "short_information"
    IN_WRITING = "in_writing"
    ELSEWHERE = "elsewhere"


@dataclass(frozen=True)
class Answers:
    affects_several: bool | None = None
    info_for_all: bool | None = None
    needs_dialogue: bool | None = None
    short_info: bool | None = None


def recommend(answers: Answers) -> Recommendation:
    """What the checklist suggests; the coordinator decides."""
    concerns_many = _any(answers.affects_several, answers.info_for_all)
    if concerns_many is None:
        return Recommendation.INCOMPLETE
    if not concerns_many:
        return Recommendation.ELSEWHERE
    if answers.needs_dialogue:
        return Recommendation.DIALOGUE
    if answers.needs_dialogue is None:
        return Recommendation.INCOMPLETE
    if answers.short_info:
        return Recommendation.SHORT_INFORMATION
    if answers.short_info is None:
        return Recommendation.INCOMPLETE
    return Recommendation.IN_WRITING


def _any(*values: bool | None) -> bool | None:
    """True if one answer is yes, False if all are no, None while it is still open."""
    if any(v is True for v in values):
        return True
    if all(v is False for v in values):
        return False
    return None


def suggested_item(recommendation: Recommendation, estimated_minutes: int) -> tuple[ItemKind, int]:
    """The agenda item kind and minutes that scheduling proposes for a recommendation."""
    if recommendation == Recommendation.SHORT_INFORMATION:
        return ItemKind.SHORT_INFORMATION, SHORT_INFORMATION_MINUTES
    return ItemKind.DIALOGUE, estimated_minutes
