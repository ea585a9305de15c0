"""One question as the triage queue shows it: its checklist, recommendation and the
decision forms the coordinator may use on it."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import g
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from ..issues.lifecycle import allowed
from ..models import Event, Issue, IssueStatus, Meeting
from . import operations, queries
from .checklist import Answers, Recommendation, suggested_item
from .forms import DECISION_FORMS, unique_ids
from .queries import MeetingOption

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
    decisions: dict[str, FlaskForm]
    options: list[MeetingOption] = field(default_factory=list)
    note: Event | None = None
    message: str | None = None
    # A refused form under "Other decisions" keeps that part open.
    open_other: bool = False
    # Scheduling is allowed but no coming meeting of the network takes new items.
    no_meeting: bool = False

    @property
    def other_decisions(self) -> bool:
        """Return, park, refer or decline: the decisions kept under "Other decisions"."""
        return any(name != "schedule" for name in self.decisions)


def build_card(
    issue: Issue,
    meetings: list[Meeting],
    note: Event | None,
    now: datetime,
    *,
    failed=None,
    message: str | None = None,
) -> Card:
    answers = operations.answers_of(issue.assessment)
    recommendation = Recommendation(
        issue.assessment.recommendation if issue.assessment else Recommendation.INCOMPLETE
    )
    kind, minutes = suggested_item(recommendation, issue.estimated_minutes)
    options = queries.meeting_options(issue, meetings, now)
    defaults = {
        "version": issue.version,
        "meeting": queries.preselected_meeting(issue, options, minutes),
        "kind": kind.value,
        "minutes": minutes,
    }
    decisions, no_meeting = {}, False
    for name, target in DECISION_TARGETS.items():
        if allowed(issue.status, target) != "coordinator":
            continue
        if name == "schedule" and not options:
            no_meeting = True
            continue
        if failed is not None and failed[0] == name:
            form = failed[1]
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
    )


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
