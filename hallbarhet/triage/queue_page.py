"""The queue page as the views build it: the filter it was asked with, the page of cards,
the panels beside them, and the filter a decision came from."""

import math
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from .. import page_cache
from ..dates import is_passed
from ..meetings.budget import budget_for
from ..meetings.queries import coming_meetings
from ..models import Event, Issue, IssueKind, IssueStatus, Meeting
from ..models.base import utcnow
from . import queries
from .cards import Card, Row, best_meeting, build_card, build_row
from .forms import BULK_ACTIONS, SORTS, FilterForm
from .queries import QueueFilter

FILTER_KEYS = ("status", "network", "area", "administration", "kind", "q", "sort")
# The filter and the card that is open (the queue shows the others as rows).
BACK_KEYS = (*FILTER_KEYS, "open")


def read_filters(network_ids: set[int], args: MultiDict) -> tuple[FilterForm, QueueFilter, bool]:
    """The filter form and what it asks for; a value that does not fit is ignored and marked."""
    form = FilterForm(formdata=args)
    form.set_choices(**queries.filter_choices(network_ids))
    valid = form.validate()

    def chosen(field_):
        return int(field_.data) if field_.data and not field_.errors else None

    status = IssueStatus(form.status.data) if not form.status.errors else IssueStatus.SUBMITTED
    text = (form.q.data or "").strip() if not form.q.errors else ""
    kind = IssueKind(form.kind.data) if form.kind.data and not form.kind.errors else None
    sort = form.sort.data if form.sort.data in SORTS and not form.sort.errors else "age"
    wanted = QueueFilter(
        status=status,
        network_id=chosen(form.network),
        work_area_id=chosen(form.area),
        administration_id=chosen(form.administration),
        kind=kind,
        text=text,
        sort=sort,
    )
    return form, wanted, valid


def build_page(
    network_ids: set[int],
    filters: FilterForm,
    wanted: QueueFilter,
    focus=None,
    number=1,
    open_id: int | None = None,
) -> dict:
    now = utcnow()
    counts = queries.queue_counts(network_ids)
    size = queries.queue_size(network_ids, wanted, counts)
    pages = max(1, math.ceil(size / queries.PAGE_SIZE))
    number = min(max(number or 1, 1), pages)
    offset = (number - 1) * queries.PAGE_SIZE
    meetings = coming_meetings(network_ids)
    if wanted.sort == "suggested":
        ids = _by_suggested_meeting(network_ids, wanted, meetings, now)
        issues = queries.by_ids(network_ids, ids[offset : offset + queries.PAGE_SIZE])
    else:
        issues = queries.queue(network_ids, wanted, offset=offset, limit=queries.PAGE_SIZE)
    # The cards shown whole; the others are rows that open to them.
    open_ids = {each for each in (open_id, focus.issue.id if focus else None) if each is not None}
    cards = cards_for(network_ids, issues, meetings, now, open_ids, focus=focus)
    apart = focus if focus is not None and all(card is not focus for card in cards) else None
    return {
        "filters": filters,
        "wanted": wanted,
        "cards": cards,
        "apart": apart,
        "open_ids": open_ids,
        "back": urlencode(_query_of(wanted)),
        "queue_size": size,
        "page": number,
        "first_shown": offset + 1,
        "last_shown": offset + len(issues),
        "previous_url": _page_url(wanted, number - 1) if number > 1 else None,
        "more_url": _page_url(wanted, number + 1) if number < pages else None,
        "bulk_allowed": wanted.status in (IssueStatus.SUBMITTED, IssueStatus.PARKED),
        "bulk_actions": {
            name: text
            for name, text in BULK_ACTIONS.items()
            if wanted.status == IssueStatus.SUBMITTED or name == "refer"
        },
        **_side_panels(meetings, counts),
    }


def cards_for(network_ids, issues, meetings, now, open_ids: set[int], focus=None) -> list:
    """A page of the queue: a light row for each closed question, the whole card (with its
    history, read for all of them at once) for the open ones."""
    histories = queries.histories(
        [
            issue
            for issue in issues
            if issue.id in open_ids and (focus is None or issue.id != focus.issue.id)
        ]
    )
    cards: list[Card | Row] = []
    for issue in issues:
        if focus is not None and focus.issue.id == issue.id:
            cards.append(focus)
            continue
        if issue.id not in open_ids:
            cards.append(build_row(issue, meetings, now))
            continue
        history, total = histories[issue.id]
        cards.append(
            build_card(
                issue, meetings, note_of(issue, history), now, history=history, history_total=total
            )
        )
    return cards


def note_of(issue: Issue, history: list[Event]) -> Event | None:
    """The decision a parked or returned card tells about: its latest status change."""
    if issue.status == IssueStatus.SUBMITTED:
        return None
    return next((event for event in reversed(history) if event.action == "status"), None)


def _by_suggested_meeting(network_ids, wanted: QueueFilter, meetings, now) -> list[int]:
    """The ids of the filtered queue, ordered by when their suggested meeting is (those
    without one last), then by age."""
    never = now.replace(year=now.year + 100)
    keyed = []
    for issue in queries.queue(network_ids, wanted, limit=queries.RANKED_MAX, light=True):
        best = best_meeting(issue, meetings, now)
        keyed.append((best.starts_at if best else never, issue.submitted_at, issue.id))
    return [entry[2] for entry in sorted(keyed)]


def _page_url(wanted: QueueFilter, number: int) -> str:
    # Typed Any: to a type checker, keys of a dict[str, str] could be url_for's _external.
    values: dict[str, Any] = {**_query_of(wanted), **({"page": number} if number > 1 else {})}
    return url_for("triage.index", **values)


def oob_panels(network_ids: set[int], meetings: list[Meeting]) -> dict:
    """What a decision changes beside its card: the budgets, the counts, the queue's size."""
    wanted = _back_filter(network_ids)
    counts = queries.queue_counts(network_ids)
    return {
        "oob": True,
        "wanted": wanted,
        "queue_size": queries.queue_size(network_ids, wanted, counts),
        **_side_panels(meetings, counts, oob=True),
    }


def _side_panels(
    meetings: list[Meeting], counts: dict[IssueStatus, int], *, oob: bool = False
) -> dict:
    now = utcnow()
    return {"budgets_panel": budgets_panel(meetings, now, oob=oob), "counts": counts, "now": now}


def budgets_panel(meetings: list[Meeting], now: datetime, *, oob: bool) -> Markup:
    """The coming meetings with their time budgets, beside the queue and after every
    decision: rendered once for each state of what it shows (page_cache), which only
    scheduling and the semester plan change. The state is each meeting's version (its
    status, theme and times) and its network's (its name and lead days), the minutes its
    items take, whether its deadline has passed, and whether it goes out of band."""
    state = repr(
        (
            oob,
            [
                (
                    meeting.id,
                    meeting.version,
                    meeting.network.version,
                    meeting.allotted_total,
                    is_passed(meeting.submission_deadline, now),
                )
                for meeting in meetings
            ],
        )
    )
    return page_cache.fragment(
        "triage-budgets",
        state,
        lambda: render_template(
            "triage/_budgets.html",
            budgets=[(meeting, budget_for(meeting)) for meeting in meetings],
            now=now,
            oob=oob,
        ),
    )


def _query_of(wanted: QueueFilter) -> dict[str, str]:
    """The filter as query parameters, leaving out what is the default."""
    params = {
        "status": "" if wanted.status == IssueStatus.SUBMITTED else wanted.status.value,
        "network": wanted.network_id,
        "area": wanted.work_area_id,
        "administration": wanted.administration_id,
        "kind": wanted.kind.value if wanted.kind else "",
        "q": wanted.text,
        "sort": "" if wanted.sort == "age" else wanted.sort,
    }
    return {key: str(value) for key, value in params.items() if value}


def _back_filter(network_ids: set[int], params: dict[str, str] | None = None) -> QueueFilter:
    """The filter the decision's form came from, for the queue's size beside the answer.
    Read without the filter form and its choices (three queries): the count stays within
    the user's networks whatever the ids say, and what does not fit is left out."""
    params = back_params() if params is None else params

    def number(key: str) -> int | None:
        value = params.get(key, "")
        return int(value) if value.isdigit() and len(value) < 10 else None

    statuses = {status.value: status for status in queries.QUEUE_STATUSES}
    kinds = {kind.value: kind for kind in IssueKind}
    text = params.get("q", "").strip()
    return QueueFilter(
        status=statuses.get(params.get("status", ""), IssueStatus.SUBMITTED),
        network_id=network if (network := number("network")) in network_ids else None,
        work_area_id=number("area"),
        administration_id=number("administration"),
        kind=kinds.get(params.get("kind", "")),
        text=text if len(text) >= 2 else "",
        sort=params.get("sort", "") if params.get("sort", "") in SORTS else "age",
    )


def back_params() -> dict[str, str]:
    """The queue filter a decision form came from (its hidden "back" field), and the card
    that was open."""
    return queue_params(MultiDict(parse_qsl(request.form.get("back", ""))))


def queue_params(source) -> dict[str, str]:
    """The queue's filter (and open card) from query parameters, as they came."""
    return {key: source.get(key, "")[:200] for key in BACK_KEYS if source.get(key)}


def row_context(network_ids: set[int], params: dict[str, str]) -> dict:
    """What one row or card needs of the queue it is in: the filter to go back to, and
    whether the queue's questions can be selected for several at once."""
    status = _back_filter(network_ids, params).status
    filter_only = {key: value for key, value in params.items() if key != "open"}
    return {
        "back": urlencode(filter_only),
        "bulk_allowed": status in (IssueStatus.SUBMITTED, IssueStatus.PARKED),
    }


def back_query() -> str:
    """The filter to go back to (a card adds itself as the open one)."""
    return urlencode({key: value for key, value in back_params().items() if key != "open"})


def back_url(anchor: str | None = None) -> str:
    values: dict[str, Any] = back_params()  # as in _page_url
    return url_for("triage.index", **values, _anchor=anchor)
