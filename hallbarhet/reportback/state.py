"""The state of an administration's report back, read in one statement (page_cache): the
page is rendered once per state and language and kept, and a revisit is a 304.

What the page shows moves a version or a count when it changes: the items of the minutes
published since the last report back (their notes and outcomes), their meetings and
questions (status, reference, the administration named), the items' action items and the
administration's others still open (status, due date, who answers for them), the networks,
the administration, the report backs and who made them. Their counts and sums of versions
are the state, with the day (an action item's "due in 3 days" is the day's) and which
report: a change anywhere among them gives another state, so nothing is answered from an
older copy. The same rows as queries.report_of reads, by the same conditions."""

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ScalarSelect,
    Select,
    bindparam,
    func,
    literal,
    select,
)
from sqlalchemy.orm import aliased

from ..dates import local_today
from ..extensions import plain_rows
from ..meetings.reader_state import PACKED, packed_count
from ..models import (
    ActionItem,
    Administration,
    AgendaItem,
    Issue,
    Meeting,
    Network,
    ReportBack,
    User,
)
from ..page_cache import ReaderState
from .queries import from_open, item_conditions, still_open_conditions


def _scalar(statement) -> ScalarSelect:
    return statement.correlate(None).scalar_subquery()


def report_state(
    administration_id: int, network_ids: list[int], since: dict[int, datetime | None]
) -> ReaderState:
    """The report's state, for the networks the reader reads and the times of the
    administration's last report on each (queries.since_of)."""
    today = local_today().isoformat()
    if not network_ids:
        return ReaderState(state=repr(("no networks", today)), last_modified=None)
    shape = tuple((network_id, moment is not None) for network_id, moment in sorted(since.items()))
    values = {
        "administration_id": administration_id,
        "network_ids": list(network_ids),
        **{f"since_{n}": moment for n, moment in since.items() if moment is not None},
    }
    row = plain_rows(_statement(shape), values).one()
    return ReaderState(state=repr((tuple(row), shape, values, today)), last_modified=None)


@cache
def _statement(shape: tuple[tuple[int, bool], ...]) -> Select:
    """Built once per shape of the report (its networks, and which have a last report):
    building it costs more than running it. The values are bound: the administration,
    the networks and each network's last report."""
    administration_id: Any = bindparam("administration_id")
    network_ids: Any = bindparam("network_ids", expanding=True)
    since: dict[int, Any] = {n: bindparam(f"since_{n}") if dated else None for n, dated in shape}
    named = aliased(Administration)
    responsible = aliased(Administration)
    packed = literal(PACKED, BigInteger)
    # The items shown, read once (a common table expression used thrice).
    shown = (
        select(
            AgendaItem.id,
            AgendaItem.meeting_id,
            AgendaItem.version,
            Meeting.version.label("meeting_version"),
            Issue.version.label("issue_version"),
            named.version.label("named_version"),
        )
        .join(AgendaItem.meeting)
        .outerjoin(AgendaItem.issue)
        .outerjoin(named, named.id == Issue.administration_id)
        .where(*item_conditions(administration_id, since))
        .cte("shown")
    )
    open_where = still_open_conditions(
        administration_id, network_ids, shown=select(shown.c.meeting_id)
    )
    values = [
        func.count(shown.c.id) * packed + func.coalesce(func.sum(shown.c.version), 0),
        *(
            func.coalesce(func.sum(column), 0)
            for column in (shown.c.meeting_version, shown.c.issue_version, shown.c.named_version)
        ),
        # The items' action items, and who answers for them.
        _scalar(
            select(packed_count(ActionItem) + func.coalesce(func.sum(responsible.version), 0))
            .outerjoin(responsible, responsible.id == ActionItem.responsible_administration_id)
            .where(ActionItem.agenda_item_id.in_(select(shown.c.id)))
        ),
        # The administration's action items still open from other meetings, with theirs.
        _scalar(
            from_open(
                select(
                    packed_count(ActionItem)
                    + func.coalesce(func.sum(AgendaItem.version), 0)
                    + func.coalesce(func.sum(Meeting.version), 0)
                    + func.coalesce(func.sum(Issue.version), 0)
                ),
                open_where,
            ).outerjoin(AgendaItem.issue)
        ),
        # The report backs, and the people who made them.
        _scalar(
            select(func.count(ReportBack.id) * packed + func.coalesce(func.sum(User.version), 0))
            .select_from(ReportBack)
            .join(User, User.id == ReportBack.reported_by_id)
            .where(ReportBack.administration_id == administration_id)
        ),
        _scalar(select(Administration.version).where(Administration.id == administration_id)),
        _scalar(select(packed_count(Network)).where(Network.id.in_(network_ids))),
    ]
    return select(*values).select_from(shown)
