"""The life cycle of a question: the one table of allowed status changes."""

from flask_babel import gettext as _

from ..access import is_coordinator
from ..errors import InvalidTransition
from ..labels import ISSUE_STATUS
from ..models import Issue, IssueStatus, User
from ..models.events import record

S = IssueStatus

# (from, to) -> who may make the change: "submitter" (the own administration's
# representative) or "coordinator" (of the question's network).
TRANSITIONS: dict[tuple[IssueStatus, IssueStatus], str] = {
    (S.DRAFT, S.SUBMITTED): "submitter",
    (S.DRAFT, S.WITHDRAWN): "submitter",
    (S.RETURNED, S.SUBMITTED): "submitter",
    (S.RETURNED, S.WITHDRAWN): "submitter",
    (S.SUBMITTED, S.WITHDRAWN): "submitter",
    (S.SCHEDULED, S.WITHDRAWN): "submitter",
    (S.PARKED, S.WITHDRAWN): "submitter",
    (S.SUBMITTED, S.SCHEDULED): "coordinator",
    (S.SUBMITTED, S.RETURNED): "coordinator",
    (S.SUBMITTED, S.PARKED): "coordinator",
    (S.SUBMITTED, S.REFERRED): "coordinator",
    (S.SUBMITTED, S.DECLINED): "coordinator",
    (S.PARKED, S.SUBMITTED): "coordinator",
    (S.PARKED, S.SCHEDULED): "coordinator",
    (S.PARKED, S.REFERRED): "coordinator",
    (S.PARKED, S.DECLINED): "coordinator",
    (S.SUBMITTED, S.MERGED): "coordinator",
    (S.PARKED, S.MERGED): "coordinator",
    (S.MERGED, S.SUBMITTED): "coordinator",
    (S.SCHEDULED, S.SUBMITTED): "coordinator",
    (S.SCHEDULED, S.DISCUSSED): "coordinator",
    (S.DISCUSSED, S.CLOSED): "coordinator",
    (S.DISCUSSED, S.SUBMITTED): "coordinator",
}

# Questions still on their way: the table leads on from their status (a merged question can
# be taken apart again). When an administration is reorganised they move with it; the
# finished ones keep the administration they were brought by.
OPEN_STATUSES = tuple(status for status in S if any(start == status for start, _ in TRANSITIONS))
FINISHED_STATUSES = tuple(status for status in S if status not in OPEN_STATUSES)

# Questions a coordinator still has to decide on.
TRIAGE_STATUSES = (S.SUBMITTED,)
# Questions the submitter may still edit: not yet triaged.
EDITABLE_STATUSES = (S.DRAFT, S.SUBMITTED, S.RETURNED)


def allowed(current: IssueStatus, target: IssueStatus) -> str | None:
    return TRANSITIONS.get((current, target))


def may_merge(user: User, issue: Issue) -> bool:
    """Whether the user may join the question to a scheduled one on the same topic."""
    return allowed(issue.status, S.MERGED) == "coordinator" and is_coordinator(
        user, issue.network_id
    )


def change_status(issue: Issue, target: IssueStatus, actor: User, message: str = "") -> None:
    """Move a question to a new status and record it; raises InvalidTransition."""
    if allowed(issue.status, target) is None:
        raise InvalidTransition(
            _invalid_message(issue, target),
            current=issue,
        )
    previous = issue.status
    issue.status = target
    record(
        "status",
        actor,
        issue=issue,
        from_value=previous.value,
        to_value=target.value,
        message=message,
    )


def _invalid_message(issue: Issue, target: IssueStatus) -> str:
    return _(
        "The question is now “%(current)s” and cannot become “%(target)s”.",
        current=ISSUE_STATUS[issue.status],
        target=ISSUE_STATUS[target],
    )
