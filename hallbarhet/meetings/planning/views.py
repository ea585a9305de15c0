"""The semester plan's pages: the overview, planning a semester, editing and cancelling."""

from babel.dates import get_day_names
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ... import access, page_cache
from ...auth.readers import current, reader_required
from ...errors import Conflict, NotFound
from ...extensions import db
from ...forms_common import add_error
from ...models import Meeting, Network
from ...models.base import LOCAL_TZ, utcnow
from ...rendering import render
from ..lifecycle import UPCOMING
from . import operations, queries, rules
from .forms import CancelForm, EditMeetingForm, SemesterPlanForm, semester_name, semester_names
from .operations import PlanRefused
from .rules import Semester

bp = Blueprint("planning", __name__)

bp.add_app_template_filter(semester_name, "semester_name")


@bp.get("/meetings")
@reader_required
def index():
    only = None
    if "semester" in request.args:
        only = Semester.parse(request.args["semester"])
        if only is None:
            raise NotFound(
                _("There is no such semester. Semesters are written like 2026-HT or 2027-VT.")
            )
    # The same page for everyone in the same networks with the same rights: rendered once
    # per state and language, a revisit is a 304.
    return page_cache.layout_page(
        "plan",
        queries.plan_state(current(), only),
        (),
        "planning/index.html",
        "planning/_page.html",
        lambda: {
            "plan": queries.overview(current_user, only),
            # The day names once per page: Babel formatting each meeting's date is slow.
            "weekdays": get_day_names("wide", locale=get_locale()),
            "semester_names": semester_names(),
        },
        only=only,
    )


@bp.route("/networks/<slug>/meetings/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    network = db.first_or_404(select(Network).where(Network.slug == slug))
    access.require_coordinator(current_user, network.id)
    form = SemesterPlanForm()
    form.set_semesters(rules.plannable_semesters(utcnow().astimezone(LOCAL_TZ).date()))
    if request.method == "POST" and "add_row" in request.form:
        if form.can_add_row():
            form.meetings.append_entry()
        focus = f"meetings-{len(form.meetings.entries) - 1}-day"
        return _plan_page(network, form, 200, focus=focus)
    if not form.is_submitted():
        return _plan_page(network, form, 200)
    if not form.validate():
        # The rows that could be read are checked too, so that every mistake shows at once.
        rows = form.readable_rows()
        plans = [row.to_plan() for _index, row in rows]
        chosen = None if form.semester.errors else form.chosen()
        _show_problems(form, rows, operations.plan_problems(network, chosen, plans))
        return _plan_page(network, form, 422, refused=True)
    rows = form.filled_rows()
    try:
        meetings = operations.plan_semester(
            current_user, network, form.chosen(), [row.to_plan() for _index, row in rows]
        )
    except PlanRefused as refused:
        _show_problems(form, rows, refused.problems)
        return _plan_page(network, form, 422, refused=True)
    semester = form.chosen()
    flash(
        ngettext(
            "%(num)s meeting planned for %(semester)s.",
            "%(num)s meetings planned for %(semester)s.",
            len(meetings),
            semester=semester_name(semester),
        ),
        "success",
    )
    return redirect(url_for("planning.index", _anchor=f"semester-{semester.key}"))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int):
    meeting = _meeting(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    if meeting.status not in UPCOMING:
        raise operations.not_changeable(meeting)
    if request.method == "GET":
        return _edit_page(meeting, EditMeetingForm(data=_form_data(meeting)), 200)
    form = EditMeetingForm()
    if not form.validate():
        return _edit_page(meeting, form, 422, refused=True)
    try:
        changed = operations.edit_meeting(
            current_user, meeting, form.version_number(), form.to_plan()
        )
    except PlanRefused as refused:
        for problem in refused.problems:
            add_error(form[problem.field], problem.message)
        return _edit_page(meeting, form, 422, refused=True)
    except Conflict as error:
        meeting = _meeting(meeting_id)
        if meeting.status not in UPCOMING:
            raise
        current = EditMeetingForm(formdata=None, data=_form_data(meeting))
        return _edit_page(meeting, current, 409, conflict=error.message, sent=form)
    flash(_("The meeting is saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id: int):
    meeting = operations.meeting_to_cancel(meeting_id)
    if meeting is None:
        abort(404)
    access.require_coordinator(current_user, meeting.network_id)
    operations.require_cancellable(meeting)
    if request.method == "GET":
        return _cancel_page(meeting, CancelForm(data={"version": meeting.version}), 200)
    form = CancelForm()
    if not form.validate():
        return _cancel_page(meeting, form, 422)
    try:
        returned = operations.cancel_meeting(
            current_user, meeting, form.version_number(), form.reason.data or ""
        )
    except PlanRefused as refused:
        for problem in refused.problems:
            add_error(form[problem.field], problem.message)
        return _cancel_page(meeting, form, 422)
    except Conflict as error:
        meeting = operations.meeting_to_cancel(meeting_id)
        assert meeting is not None  # it was there a moment ago, and meetings are kept
        if not operations.cancellable(meeting):
            raise
        current = CancelForm(formdata=None, data={"version": meeting.version})
        current.reason.data = form.reason.data
        return _cancel_page(meeting, current, 409, conflict=error.message)
    flash(
        ngettext(
            "The meeting is cancelled. %(num)s question is back in the queue; "
            "its submitter has been told.",
            "The meeting is cancelled. %(num)s questions are back in the queue; "
            "their submitters have been told.",
            len(returned),
        )
        if returned
        else _("The meeting is cancelled."),
        "success",
    )
    semester = Semester.of(rules.local_day(meeting.starts_at))
    return redirect(url_for("planning.index", _anchor=f"semester-{semester.key}"))


def _show_problems(form: SemesterPlanForm, rows, problems) -> None:
    """Each problem beside its field, in the row of the form it came from."""
    for problem in problems:
        index = rows[problem.row][0] if problem.row < len(rows) else 0
        add_error(form.meetings.entries[index].form[problem.field], problem.message)


def _meeting(meeting_id: int) -> Meeting:
    return db.first_or_404(
        select(Meeting).options(joinedload(Meeting.network)).where(Meeting.id == meeting_id)
    )


def _form_data(meeting: Meeting) -> dict:
    return {
        "version": str(meeting.version),
        "day": rules.local_day(meeting.starts_at).isoformat(),
        "start": rules.local_clock(meeting.starts_at),
        "duration_minutes": str(meeting.duration_minutes),
        "meeting_form": meeting.form.value,
        "place": meeting.place,
        "theme": meeting.theme,
        "theme_description": meeting.theme_description,
    }


def _plan_page(network: Network, form: SemesterPlanForm, status: int, **extra):
    return render(
        "planning/new.html",
        "planning/_semester_form.html",
        status=status,
        network=network,
        form=form,
        **extra,
    )


def _edit_page(meeting: Meeting, form: EditMeetingForm, status: int, **extra):
    return render("planning/edit.html", status=status, meeting=meeting, form=form, **extra)


def _cancel_page(meeting: Meeting, form: CancelForm, status: int, **extra):
    questions = [item.issue for item in meeting.items if item.issue is not None]
    return render(
        "planning/cancel.html",
        status=status,
        meeting=meeting,
        form=form,
        questions=questions,
        **extra,
    )
