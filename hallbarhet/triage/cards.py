"""One question as the triage queue shows it: its checklist, recommendation and the
decision forms the coordinator may use on it."""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import g
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs

from ..dates import format_date, format_deadline
from ..issues.lifecycle import allowed
from ..models import Event, Issue, IssueStatus, Meeting
from ..models.base import LOCAL_TZ
from . import operations, queries
from .checklist import QUESTIONS, Answers, Recommendation, suggested_item
from .forms import DECISION_FORMS, unique_ids
from .queries import MeetingOption
from .suggestions import MeetingFacts, QuestionFacts, Reason, Suggestion, rank

DECISION_TARGETS = {
    "schedule": IssueStatus.SCHEDULED,
    "return": IssueStatus.RETURNED,
    "park": IssueStatus.PARKED,
    "refer": IssueStatus.REFERRED,
    "decline": IssueStatus.DECLINED,
}


@dataclass
class Card:
    """One question as the queue shows it, with the forms the coordinator may use on it."""

    issue: Issue
    answers: Answers
    recommendation: Recommendation
    can_assess: bool
    decisions: dict[str, FlaskForm | None]  # None: kept by the page as it is
    options: list[MeetingOption] = field(default_factory=list)
    note: Event | None = None
    message: str | None = None
    # A refused form under "Other decisions" keeps that part open.
    open_other: bool = False
    # Scheduling is allowed but no coming meeting of the network takes new items.
    no_meeting: bool = False
    # The best meeting and the words for why (or what speaks against it).
    suggested: MeetingOption | None = None
    reasons: list[tuple[bool, str]] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)
    # How many events the question has in all (the card shows the latest).
    history_total: int = 0

    @property
    def answered(self) -> int:
        """How many of the checklist's questions are answered, for the queue's row."""
        return _answered(self.answers)

    @property
    def other_decisions(self) -> bool:
        """Return, park, refer or decline: the decisions kept under "Other decisions"."""
        return any(name != "schedule" for name in self.decisions)


@dataclass
class Row:
    """One question as a closed row of the queue: what the row tells, without the card's
    forms, history and reasons (a page of the queue is mostly rows)."""

    issue: Issue
    answered: int
    recommendation: Recommendation
    suggested: MeetingOption | None


def build_row(issue: Issue, meetings: list[Meeting], now: datetime) -> Row:
    answers = operations.answers_of(issue.assessment)
    recommendation = _recommendation_of(issue)
    _kind, minutes = suggested_item(recommendation, issue.estimated_minutes)
    options, _suggestions = _ranked_options(issue, meetings, now, minutes)
    return Row(
        issue=issue,
        answered=_answered(answers),
        recommendation=recommendation,
        suggested=options[0] if options else None,
    )


def _answered(answers: Answers) -> int:
    return sum(getattr(answers, name) is not None for name in QUESTIONS)


def build_card(
    issue: Issue,
    meetings: list[Meeting],
    note: Event | None,
    now: datetime,
    *,
    failed=None,
    message: str | None = None,
    history: list[Event] | None = None,
    history_total: int = 0,
    others_kept: bool = False,
) -> Card:
    """The card of a question. `others_kept`: the page keeps the card's other decisions as
    they are (after a checklist answer, which cannot change them), so their forms are not
    made, only named."""
    answers = operations.answers_of(issue.assessment)
    recommendation = _recommendation_of(issue)
    kind, minutes = suggested_item(recommendation, issue.estimated_minutes)
    options, suggestions = _ranked_options(issue, meetings, now, minutes)
    defaults = {
        "version": issue.version,
        "meeting": options[0].meeting.id if options else None,
        "kind": kind.value,
        "minutes": minutes,
    }
    decisions: dict[str, FlaskForm | None] = {}
    no_meeting = False
    for name, target in DECISION_TARGETS.items():
        if allowed(issue.status, target) != "coordinator":
            continue
        if name == "schedule" and not options:
            no_meeting = True
            continue
        if failed is not None and failed[0] == name:
            form = failed[1]
        elif others_kept and name != "schedule":
            decisions[name] = None
            continue
        else:
            # The card writes the session's token itself; an unsent form needs none of its own.
            form = DECISION_FORMS[name](formdata=None, data=defaults, meta={"csrf": False})
        if name == "schedule":
            form.meeting.choices = [SelectChoice(o.meeting.id, _option_label(o)) for o in options]
        decisions[name] = unique_ids(form, f"{name}-{issue.id}")
    return Card(
        issue=issue,
        answers=answers,
        recommendation=recommendation,
        can_assess=issue.status in (IssueStatus.SUBMITTED, IssueStatus.PARKED),
        decisions=decisions,
        options=options,
        note=note,
        message=message,
        open_other=failed is not None and failed[0] != "schedule",
        no_meeting=no_meeting,
        suggested=options[0] if options else None,
        reasons=_reason_words(suggestions[0], options[0]) if options else [],
        history=history or [],
        history_total=max(history_total, len(history or [])),
    )


def best_meeting(issue: Issue, meetings: list[Meeting], now: datetime) -> Meeting | None:
    """The meeting the card would suggest for the question, for ordering the queue."""
    _kind, minutes = suggested_item(_recommendation_of(issue), issue.estimated_minutes)
    options, _reasons = _ranked_options(issue, meetings, now, minutes)
    return options[0].meeting if options else None


def _recommendation_of(issue: Issue) -> Recommendation:
    assessment = issue.assessment
    return Recommendation(assessment.recommendation if assessment else Recommendation.INCOMPLETE)


def _ranked_options(
    issue: Issue, meetings: list[Meeting], now: datetime, minutes: int
) -> tuple[list[MeetingOption], list[Suggestion]]:
    """The meetings the question can go to, best first, with the ranking's reasons."""
    options = queries.meeting_options(issue, meetings, now)
    question = QuestionFacts(
        minutes=minutes,
        latest_date=issue.latest_date,
        desired_meeting_id=issue.desired_meeting_id,
        work_area=issue.work_area.name if issue.work_area else "",
    )
    by_id = {option.meeting.id: option for option in options}
    suggestions = rank(question, [_facts(option) for option in options])
    return [by_id[s.meeting_id] for s in suggestions], suggestions


def _facts(option: MeetingOption) -> MeetingFacts:
    meeting = option.meeting
    return MeetingFacts(
        id=meeting.id,
        starts_on=meeting.starts_at.astimezone(LOCAL_TZ).date(),
        starts_at=meeting.starts_at,
        deadline_passed=option.deadline_passed,
        minutes_left=option.budget.remaining,
        theme=meeting.theme,
        theme_description=meeting.theme_description,
    )


def _reason_words(suggestion: Suggestion, option: MeetingOption) -> list[tuple[bool, str]]:
    """Each reason as (holds, sentence), in the ranking's order of weight."""
    return [(r.holds, text) for r in suggestion.reasons if (text := _reason_text(r, option))]


def _reason_text(reason: Reason, option: MeetingOption) -> str | None:
    if reason.code == "before_latest":
        if not isinstance(reason.value, date):  # the question has no latest date
            return None
        day = format_date(reason.value)
        if reason.holds:
            return _("Before the question's latest date, %(date)s", date=day)
        return _("After the question's latest date, %(date)s", date=day)
    if reason.code == "deadline_open":
        day = format_deadline(option.meeting.submission_deadline)
        if reason.holds:
            return _("Submission deadline not passed (%(date)s)", date=day)
        return _("Submission deadline passed (%(date)s)", date=day)
    if reason.code == "fits_budget":
        left = reason.value
        assert isinstance(left, int)  # the minutes left after the item (reasons_for)
        if reason.holds:
            return _("%(minutes)s min left in the budget after this item", minutes=left)
        return _("Over the budget by %(minutes)s min with this item", minutes=-left)
    if reason.code == "theme_matches":
        if reason.holds:
            return _("The theme matches the work area “%(area)s”", area=reason.value)
        return _("The theme does not match the work area “%(area)s”", area=reason.value)
    if reason.code == "desired" and reason.holds:
        return _("The meeting the submitter asked for")
    return None


def _option_label(option: MeetingOption) -> str:
    # The same few meetings are offered on every card of a page: word each once.
    known = g.setdefault("meeting_option_labels", {})
    key = (option.meeting.id, option.budget, option.deadline_passed, option.after_latest_date)
    if key not in known:
        known[key] = _word_option(option)
    return known[key]


def _word_option(option: MeetingOption) -> str:
    meeting, budget = option.meeting, option.budget
    parts = [meeting.name]
    if meeting.theme:
        parts.append(meeting.theme)
    if budget.over:
        parts.append(_("over by %(minutes)s min", minutes=-budget.remaining))
    else:
        parts.append(
            _("%(left)s of %(duration)s min left", left=budget.remaining, duration=budget.duration)
        )
    if option.deadline_passed:
        parts.append(_("submission deadline passed"))
    if option.after_latest_date:
        parts.append(_("after the latest date"))
    return " · ".join(parts)
