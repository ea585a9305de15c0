"""The checklist's recommendation for every combination of answers, and the suggested item."""

from itertools import product

import pytest

from hallbarhet.models import ItemKind
from hallbarhet.triage.checklist import (
    QUESTIONS,
    SHORT_INFORMATION_MINUTES,
    Answers,
    Recommendation,
    recommend,
    suggested_item,
)

R = Recommendation
CHOICES = (True, False, None)


def expected(affects_several, info_for_all, needs_dialogue, short_info) -> Recommendation:
    """DESIGN.md: on the agenda when (1) or (2) and (3) or (4); (3) makes it a dialogue item,
    only (4) a short information item; neither (1) nor (2): elsewhere. Open answers that
    could still change the outcome leave it incomplete."""
    if affects_several is False and info_for_all is False:
        return R.ELSEWHERE
    if True not in (affects_several, info_for_all):
        return R.INCOMPLETE
    if needs_dialogue is True:
        return R.DIALOGUE
    if needs_dialogue is None:
        return R.INCOMPLETE
    return {True: R.SHORT_INFORMATION, False: R.IN_WRITING, None: R.INCOMPLETE}[short_info]


@pytest.mark.parametrize("answers", list(product(CHOICES, repeat=4)), ids=str)
def test_recommendation_for_every_combination(answers):
    assert recommend(Answers(*answers)) == expected(*answers)


def test_all_81_combinations_are_covered_and_every_outcome_occurs():
    outcomes = {recommend(Answers(*answers)) for answers in product(CHOICES, repeat=4)}
    assert outcomes == set(Recommendation)


@pytest.mark.parametrize(
    "answers, outcome",
    [
        (Answers(), R.INCOMPLETE),
        (Answers(affects_several=True, needs_dialogue=True), R.DIALOGUE),
        (Answers(info_for_all=True, needs_dialogue=False, short_info=True), R.SHORT_INFORMATION),
        (Answers(affects_several=True, needs_dialogue=False, short_info=False), R.IN_WRITING),
        (Answers(affects_several=False, info_for_all=False, needs_dialogue=True), R.ELSEWHERE),
        # One "yes" to (1) or (2) is enough; the other may stay open.
        (Answers(affects_several=True, info_for_all=None, needs_dialogue=True), R.DIALOGUE),
        # Dialogue is preferred over a short information point when both hold.
        (Answers(affects_several=True, needs_dialogue=True, short_info=True), R.DIALOGUE),
        # A "yes" to (4) does not decide while (3) is open: it might still be a dialogue.
        (Answers(affects_several=True, short_info=True), R.INCOMPLETE),
    ],
)
def test_recommendation_in_the_cases_the_design_names(answers, outcome):
    assert recommend(answers) == outcome


def test_questions_are_the_answers_fields_in_checklist_order():
    assert QUESTIONS == ("affects_several", "info_for_all", "needs_dialogue", "short_info")
    assert tuple(Answers.__dataclass_fields__) == QUESTIONS


@pytest.mark.parametrize("minutes", [1, 15, 45, 120])
@pytest.mark.parametrize("recommendation", list(Recommendation))
def test_suggested_item(recommendation, minutes):
    kind, allotted = suggested_item(recommendation, minutes)
    if recommendation is R.SHORT_INFORMATION:
        assert (kind, allotted) == (ItemKind.SHORT_INFORMATION, SHORT_INFORMATION_MINUTES)
    else:
        assert (kind, allotted) == (ItemKind.DIALOGUE, minutes)


def test_short_information_is_about_ten_minutes():
    assert SHORT_INFORMATION_MINUTES == 10


def test_suggested_item_accepts_the_stored_recommendation_string():
    assert suggested_item("short_information", 15) == (ItemKind.SHORT_INFORMATION, 10)
