"""Which coming meeting the triage card suggests for a question, and the reasons it gives."""

from datetime import UTC, date, datetime, timedelta

from hallbarhet.triage.suggestions import (
    MeetingFacts,
    QuestionFacts,
    rank,
    reasons_for,
    theme_words,
)

BASE = datetime(2027, 2, 1, 8, tzinfo=UTC)


def meeting(id_, days, *, left=60, deadline_passed=False, theme="", description=""):
    starts = BASE + timedelta(days=days)
    return MeetingFacts(
        id=id_,
        starts_on=starts.date(),
        starts_at=starts,
        deadline_passed=deadline_passed,
        minutes_left=left,
        theme=theme,
        theme_description=description,
    )


def order(question, meetings):
    return [s.meeting_id for s in rank(question, meetings)]


def reason(question, facts, code):
    return next(r for r in reasons_for(question, facts) if r.code == code)


def test_equal_meetings_come_earliest_first():
    question = QuestionFacts(minutes=15)
    assert order(question, [meeting(2, 30), meeting(1, 10), meeting(3, 20)]) == [1, 3, 2]


def test_a_meeting_after_the_latest_date_comes_last_whatever_else_it_has():
    question = QuestionFacts(minutes=15, latest_date=date(2027, 2, 15), work_area="Avfallsplan")
    late = meeting(1, 30, theme="Avfallsplan och cirkulär ekonomi")
    in_time = meeting(2, 10, left=0, deadline_passed=True)
    assert order(question, [late, in_time]) == [2, 1]
    assert reason(question, late, "before_latest").holds is False
    assert reason(question, in_time, "before_latest").holds is True
    assert reason(question, late, "before_latest").value == date(2027, 2, 15)


def test_the_latest_date_itself_is_still_in_time():
    question = QuestionFacts(minutes=15, latest_date=(BASE + timedelta(days=10)).date())
    assert reason(question, meeting(1, 10), "before_latest").holds is True


def test_no_latest_date_speaks_against_no_meeting():
    held = reason(QuestionFacts(minutes=15), meeting(1, 300), "before_latest")
    assert held.holds is True and held.value is None


def test_a_passed_submission_deadline_weighs_against_the_meeting():
    question = QuestionFacts(minutes=15)
    closed = meeting(1, 5, deadline_passed=True)
    open_ = meeting(2, 40)
    assert order(question, [closed, open_]) == [2, 1]
    assert reason(question, closed, "deadline_open").holds is False


def test_the_budget_counts_the_items_own_minutes():
    question = QuestionFacts(minutes=30)
    full = meeting(1, 5, left=20)
    room = meeting(2, 40, left=45)
    assert order(question, [full, room]) == [2, 1]
    assert reason(question, full, "fits_budget").value == -10
    assert reason(question, room, "fits_budget").value == 15
    assert reason(question, meeting(3, 5, left=30), "fits_budget").holds is True


def test_a_full_budget_weighs_less_than_a_passed_deadline():
    question = QuestionFacts(minutes=30)
    full = meeting(1, 20, left=0)
    closed = meeting(2, 5, deadline_passed=True)
    assert order(question, [closed, full]) == [1, 2]


def test_the_theme_matching_the_work_area_comes_first_among_open_meetings():
    question = QuestionFacts(minutes=15, work_area="Folkhälsofrågor")
    other = meeting(1, 10, theme="Barnets rättigheter")
    matching = meeting(2, 40, theme="Folkhälsa", description="Resultaten från enkäten")
    assert order(question, [other, matching]) == [2, 1]
    assert reason(question, matching, "theme_matches").holds is True
    assert reason(question, other, "theme_matches").holds is False


def test_the_theme_description_counts_too():
    question = QuestionFacts(minutes=15, work_area="Barnkonventionen, barnperspektiv")
    facts = meeting(1, 10, theme="Barnets rättigheter", description="Barnkonventionen i besluten")
    assert reason(question, facts, "theme_matches").holds is True


def test_without_a_work_area_the_theme_is_no_reason():
    codes = [r.code for r in reasons_for(QuestionFacts(minutes=15), meeting(1, 10, theme="X"))]
    assert "theme_matches" not in codes


def test_the_desired_meeting_decides_between_equals_only():
    question = QuestionFacts(minutes=15, desired_meeting_id=2)
    assert order(question, [meeting(1, 10), meeting(2, 40)]) == [2, 1]
    full_desired = meeting(2, 40, left=5)
    assert order(question, [meeting(1, 10), full_desired]) == [1, 2]
    assert reason(question, meeting(2, 40), "desired").holds is True


def test_a_suggestion_is_good_when_nothing_required_fails():
    question = QuestionFacts(minutes=15, work_area="Giftfri miljö")
    best, worst = rank(question, [meeting(1, 10, theme="Avfall"), meeting(2, 5, left=0)])
    assert best.good and not worst.good


def test_no_meetings_no_suggestions():
    assert rank(QuestionFacts(minutes=15), []) == []


def test_theme_words_ignore_small_and_common_words_and_case():
    assert theme_words("Klimat- och energifrågor") == frozenset({"klimat", "energi"})
    assert theme_words("ANDTS") == frozenset({"andts"})
    assert theme_words("") == frozenset()


def test_the_submitters_wish_weighs_more_than_the_theme():
    question = QuestionFacts(minutes=15, work_area="Avfallsplan", desired_meeting_id=2)
    themed = meeting(1, 10, theme="Avfallsplan")
    wished = meeting(2, 40, theme="Giftfri miljö")
    assert order(question, [themed, wished]) == [2, 1]
