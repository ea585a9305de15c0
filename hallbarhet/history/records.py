"""The questions, their meetings and agendas, the minutes and their action items,
and the invitations of colleagues to a meeting."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import labels
from ..labels import outcome_label
from ..models import Event
from .shape import NOTHING, Sentences, change, coded

# The question's fields as issues.operations records an edit of them: the form's labels.
ISSUE_FIELDS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "kind": _l("Kind of question"),
    "asked_for": _l("What the network is asked for"),
    "work_area": _l("Work area"),
    "affected": _l("Affected administrations"),
    "goals": _l("Global goals"),
    "desired_meeting": _l("Desired meeting"),
    "latest_date": _l("Latest date"),
    "estimated_minutes": _l("Estimated time"),
    "presenter": _l("Presenter"),
    "links": _l("Links"),
}


# A meeting's plan as meetings.planning.operations records a change of it: the plan form's labels.
MEETING_FIELDS = {
    "starts_at": _l("Starts"),
    "duration_minutes": _l("Duration (minutes)"),
    "form": _l("Form"),
    "place": _l("Place or link"),
    "theme": _l("Theme"),
    "theme_description": _l("Theme description"),
}


def _goals(value: str | None) -> str:
    numbers = [int(part) for part in (value or "").split(",") if part.strip().isdigit()]
    known = [labels.goal(number) for number in numbers if number in labels.GOALS]
    return ", ".join(known) or NOTHING


def _field_value(field: str, value: str | None) -> str:
    if field == "kind":
        return coded(labels.ISSUE_KIND, value)
    if field == "asked_for":
        return coded(labels.ASKED_FOR, value)
    if field == "goals":
        return _goals(value)
    if field == "form":
        return coded(labels.MEETING_FORM, value)
    return value or NOTHING


def _answer(value: str | None) -> str:
    if value == "yes":
        return _("Yes")
    if value == "no":
        return _("No")
    return _("Not answered")


def _status(event: Event) -> str:
    table = labels.ISSUE_STATUS if event.issue_id or event.issue else labels.MEETING_STATUS
    return _(
        "changed the status: %(before)s → %(after)s",
        before=coded(table, event.from_value),
        after=coded(table, event.to_value),
    )


def _edited(event: Event) -> str:
    on_issue = bool(event.issue_id or event.issue)
    if not event.message:
        # Edits recorded before each field got an Event of its own.
        return _("edited the question") if on_issue else _("changed the meeting")
    fields = ISSUE_FIELDS if on_issue else MEETING_FIELDS
    words = {
        "field": str(fields.get(event.message, event.message)),
        "before": _field_value(event.message, event.from_value),
        "after": _field_value(event.message, event.to_value),
    }
    if on_issue:
        return _("edited the question — %(field)s: %(before)s → %(after)s", **words)
    return _("changed the meeting — %(field)s: %(before)s → %(after)s", **words)


def _outcome(event: Event) -> str:
    if event.issue_id or event.issue:
        # Written when the minutes are published; message: the meeting's name.
        return _(
            "published the outcome of %(meeting)s: %(outcome)s",
            meeting=event.message,
            outcome=outcome_label(event.to_value) or NOTHING,
        )
    return _(
        "set the outcome of “%(title)s”: %(before)s → %(after)s",
        title=event.message,
        before=outcome_label(event.from_value) or NOTHING,
        after=outcome_label(event.to_value) or NOTHING,
    )


def _announced(event: Event) -> str:
    count = int(event.to_value) if event.to_value and event.to_value.isdigit() else 0
    return ngettext(
        "mailed the changes to the agenda (%(num)s mail)",
        "mailed the changes to the agenda (%(num)s mails)",
        count,
    )


def _planned(event: Event) -> str:
    if event.to_value:
        return _("planned the meeting with the theme “%(theme)s”", theme=event.to_value)
    return _("planned the meeting")


def _corrected(event: Event) -> str:
    if event.to_value:
        return _(
            "corrected the minutes of “%(title)s”, published as revision %(number)s",
            title=event.message,
            number=event.to_value,
        )
    return _("corrected the minutes of “%(title)s”", title=event.message)


SENTENCES: Sentences = {
    "created": (lambda e: _("created the question"), False),
    "edited": (_edited, False),
    "status": (_status, True),
    "assessed": (
        lambda e: _(
            "answered “%(question)s” %(answer)s",
            question=str(labels.CHECKLIST.get(e.message, e.message)),
            answer=_answer(e.to_value),
        ),
        False,
    ),
    "merged_in": (lambda e: _("joined %(ref)s to this question", ref=e.to_value), True),
    "merged_out": (
        lambda e: _("took %(ref)s apart from this question again", ref=e.to_value),
        True,
    ),
    "outcome": (_outcome, False),
    "planned": (_planned, False),
    "item_added": (lambda e: _("put “%(title)s” on the agenda", title=e.message), False),
    "item_removed": (lambda e: _("took “%(title)s” off the agenda", title=e.message), False),
    "item_moved": (lambda e: _("moved “%(title)s” on the agenda", title=e.message), False),
    "item_changed": (
        lambda e: _(
            "changed “%(title)s” on the agenda: %(before)s → %(after)s",
            title=e.message,
            **change(e),
        ),
        False,
    ),
    "changes_announced": (_announced, True),
    "minutes_written": (
        lambda e: _("wrote the minutes of “%(title)s”", title=e.message),
        False,
    ),
    "minutes_corrected": (_corrected, False),
    "action_added": (
        lambda e: _(
            "added the action item “%(what)s”, due %(date)s", what=e.message, date=e.to_value
        ),
        False,
    ),
    "action_added_after": (
        lambda e: _(
            "added the action item “%(what)s”, due %(date)s, to the published minutes",
            what=e.message,
            date=e.to_value,
        ),
        False,
    ),
    "action_removed": (
        lambda e: _("removed the action item “%(what)s”", what=e.message),
        False,
    ),
    "action_done": (
        lambda e: _("marked the action item “%(what)s” done", what=e.message),
        False,
    ),
    "invited": (
        lambda e: _("invited %(name)s (%(email)s)", name=e.message, email=e.to_value),
        False,
    ),
    "invitation_resent": (
        lambda e: _("sent the invitation to %(email)s again", email=e.to_value),
        False,
    ),
    "invitation_revoked": (
        lambda e: _(
            "revoked the invitation of %(name)s (%(email)s)", name=e.message, email=e.from_value
        ),
        False,
    ),
}
