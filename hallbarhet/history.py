"""The history in words: a sentence for every kind of Event (every action passed to
models.events.record), in the request's language, with its codes (statuses, outcomes,
fields, answers) said through the labels. Templates show it after the actor's name:
"Cora Samordnare: changed the status: Submitted → Scheduled"."""

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from . import labels
from .labels import outcome_label
from .models import Event

NOTHING = "–"

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


# A network as admin.networks records an edit of it: the network form's labels.
NETWORK_FIELDS = {
    "name": _l("Name"),
    "slug": _l("Short name in addresses"),
    "dimension": _l("Dimension of sustainability"),
    "description": _l("Description"),
    "submission_lead_days": _l("Questions in (days before a meeting)"),
    "agenda_lead_days": _l("Agenda out (days before a meeting)"),
}


def _coded(table: dict, value: str | None) -> str:
    """A code in words through its label table; a value that is no code as it is."""
    if not value:
        return NOTHING
    for code, label in table.items():
        if code == value:
            return str(label)
    return value


def _goals(value: str | None) -> str:
    numbers = [int(part) for part in (value or "").split(",") if part.strip().isdigit()]
    known = [labels.goal(number) for number in numbers if number in labels.GOALS]
    return ", ".join(known) or NOTHING


def _field_value(field: str, value: str | None) -> str:
    if field == "kind":
        return _coded(labels.ISSUE_KIND, value)
    if field == "asked_for":
        return _coded(labels.ASKED_FOR, value)
    if field == "goals":
        return _goals(value)
    if field == "form":
        return _coded(labels.MEETING_FORM, value)
    return value or NOTHING


def _answer(value: str | None) -> str:
    if value == "yes":
        return _("Yes")
    if value == "no":
        return _("No")
    return _("Not answered")


def _person(event: Event) -> str:
    return event.person.name if event.person else NOTHING


def _status(event: Event) -> str:
    table = labels.ISSUE_STATUS if event.issue_id or event.issue else labels.MEETING_STATUS
    return _(
        "changed the status: %(before)s → %(after)s",
        before=_coded(table, event.from_value),
        after=_coded(table, event.to_value),
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


# The accessibility statement's fields as statement.operations records a change of them: the
# edit form's labels.
STATEMENT_FIELDS = {
    "compliance": _l("How far the service complies with the law"),
    "known_problems": _l("What is not accessible, and why (in Swedish)"),
    "known_problems_en": _l("The same in English"),
    "assessed_on": _l("Date of the municipality's latest assessment"),
    "assessment_method": _l("How it was assessed"),
    "contact_email": _l("E-mail for reports and requests"),
    "contact_phone": _l("Phone"),
    "response_days": _l("Answered within (working days)"),
}


def _statement_changed(event: Event) -> str:
    field = event.message
    tables: dict[str, dict] = {
        "compliance": labels.COMPLIANCE,
        "assessment_method": labels.ASSESSMENT_METHOD,
    }
    table = tables.get(field)

    def value(text):
        return _coded(table, text) if table else text or NOTHING

    return _(
        "changed the accessibility statement — %(field)s: %(before)s → %(after)s",
        field=str(STATEMENT_FIELDS.get(field, field)),
        before=value(event.from_value),
        after=value(event.to_value),
    )


def _placements(value: str | None) -> str:
    """ "MF, neh:participant" (auth.directory_mapping, admin.directory_rows) in words:
    "MF, NEH: Participant"."""
    parts = []
    for part in (value or "").split(", "):
        slug, _sep, role = part.partition(":")
        label = next((text for code, text in labels.ROLE.items() if code == role), None)
        parts.append(f"{slug.upper()}: {label}" if label else part)
    return ", ".join(part for part in parts if part) or NOTHING


def _name(row) -> str:
    return row.name if row is not None else NOTHING


def _network_edited(event: Event) -> str:
    field = event.message
    table = labels.DIMENSION if field == "dimension" else {}
    return _(
        "changed the network %(network)s — %(field)s: %(before)s → %(after)s",
        network=_name(event.network),
        field=str(NETWORK_FIELDS.get(field, field)),
        before=_coded(table, event.from_value),
        after=_coded(table, event.to_value),
    )


def _reorganised(event: Event) -> str:
    """message: "people=3 questions=5", the counts of what moved."""
    counts = dict(part.partition("=")[::2] for part in (event.message or "").split())
    people, questions = (
        int(counts[key]) if counts.get(key, "").isdigit() else 0 for key in ("people", "questions")
    )
    return _(
        "moved %(people)s and %(questions)s from %(before)s to %(after)s",
        people=ngettext("%(num)s active person", "%(num)s active people", people),
        questions=ngettext("%(num)s open question", "%(num)s open questions", questions),
        before=event.from_value or NOTHING,
        after=event.to_value or NOTHING,
    )


# An account's fields as admin.people records a change of them: the person form's labels.
ACCOUNT_FIELDS = {
    "name": _l("Name"),
    "email": _l("E-mail"),
    "administration": _l("Administration"),
    "language": _l("Language"),
}


def _network(event: Event) -> str:
    return event.network.slug.upper() if event.network else NOTHING


def _role(value: str | None) -> str:
    return _coded(labels.ROLE, value).lower()


def _account_changed(event: Event) -> str:
    field = event.message
    before, after = event.from_value, event.to_value
    if field == "language":
        before, after = _coded(labels.LANGUAGE, before), _coded(labels.LANGUAGE, after)
    return _(
        "changed the account of %(name)s — %(field)s: %(before)s → %(after)s",
        name=_person(event),
        field=str(ACCOUNT_FIELDS.get(field, field)),
        before=before or NOTHING,
        after=after or NOTHING,
    )


def _password_link_mailed(event: Event) -> str:
    if event.to_value == "first":
        return _("mailed %(name)s a link to choose a password", name=_person(event))
    return _("mailed %(name)s a link to choose a new password", name=_person(event))


# action -> (the sentence, whether the Event's message is free text shown under it).
SENTENCES: dict[str, tuple[Callable[[Event], str], bool]] = {
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
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
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
    "standing_items": (
        lambda e: _(
            "changed the standing items: %(before)s → %(after)s",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    # Accounts: the person is the Event's person; the actor is the person themself, an
    # administrator, or nobody (a command on the server).
    "account_created": (
        lambda e: (
            _("created the administrator account of %(name)s", name=_person(e))
            if e.to_value == "admin"
            else _("created the account of %(name)s", name=_person(e))
        ),
        False,
    ),
    "admin_granted": (
        lambda e: _("made %(name)s an administrator", name=_person(e)),
        False,
    ),
    "account_reactivated": (
        lambda e: _("reactivated the account of %(name)s", name=_person(e)),
        False,
    ),
    "password_chosen": (lambda e: _("chose a password from the link in the mail"), False),
    "password_reset": (lambda e: _("chose a new password from the link in the mail"), False),
    "password_changed": (lambda e: _("changed the password"), False),
    "password_link_sent": (
        lambda e: _("mailed %(name)s a link to choose a new password, as asked", name=_person(e)),
        False,
    ),
    # A network's thesaurus of the similar questions (similar/thesaurus/operations.py): the
    # values are "topic: words" (up to 200 characters), the message the whole of it.
    "thesaurus_topic_added": (
        lambda e: _("added a topic for similar questions: %(after)s", after=e.to_value or NOTHING),
        False,
    ),
    "thesaurus_topic_renamed": (
        lambda e: _(
            "renamed a topic for similar questions: %(before)s → %(after)s",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "thesaurus_words_changed": (
        lambda e: _(
            "changed the words of a topic for similar questions: %(before)s → %(after)s",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        True,
    ),
    "thesaurus_topic_removed": (
        lambda e: _(
            "removed a topic for similar questions: %(before)s", before=e.from_value or NOTHING
        ),
        False,
    ),
    # The accessibility statement (statement/): one Event per changed field, the field's
    # code as the message.
    "statement_changed": (_statement_changed, False),
    # Sign-in with the municipality's directory (auth.directory): the actor is nobody, as
    # the directory's answer made the change; the mapping's rows are an administrator's.
    "directory_account_created": (
        lambda e: _(
            "created the account of %(name)s at their first sign-in with the directory",
            name=_person(e),
        ),
        False,
    ),
    "directory_linked": (
        lambda e: _(
            "linked the account of %(name)s to the municipality's directory", name=_person(e)
        ),
        False,
    ),
    "directory_renamed": (
        lambda e: _(
            "changed the name from the directory: %(before)s → %(after)s",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "directory_email": (
        lambda e: _(
            "changed the e-mail address of %(name)s from the directory: %(before)s → %(after)s",
            name=_person(e),
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "directory_administration": (
        lambda e: _(
            "set the administration of %(name)s from the directory: %(before)s → %(after)s",
            name=_person(e),
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "directory_memberships": (
        lambda e: _(
            "set the networks of %(name)s from the directory: %(before)s → %(after)s",
            name=_person(e),
            before=_placements(e.from_value),
            after=_placements(e.to_value),
        ),
        False,
    ),
    "directory_mapping_added": (
        lambda e: _(
            "mapped “%(value)s” in the directory to %(after)s",
            value=e.message,
            after=_placements(e.to_value),
        ),
        False,
    ),
    "directory_mapping_changed": (
        lambda e: _(
            "changed the directory mapping of “%(value)s”: %(before)s → %(after)s",
            value=e.message,
            before=_placements(e.from_value),
            after=_placements(e.to_value),
        ),
        False,
    ),
    "directory_mapping_removed": (
        lambda e: _(
            "removed the directory mapping of “%(value)s” (%(before)s)",
            value=e.message,
            before=_placements(e.from_value),
        ),
        False,
    ),
    # The organisation (admin/): administrations, their reorganisation, networks and their
    # work areas. The Event is about the administration or the network; a reorganisation
    # also writes one on each person and each question it moves.
    "administration_added": (
        lambda e: _(
            "added the administration %(name)s", name=e.to_value or _name(e.administration)
        ),
        False,
    ),
    "administration_renamed": (
        lambda e: _(
            "renamed the administration: %(before)s → %(after)s",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "administration_short_name": (
        lambda e: _(
            "changed the short name of %(name)s: %(before)s → %(after)s",
            name=_name(e.administration),
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "administration_deactivated": (
        lambda e: _("deactivated the administration %(name)s", name=_name(e.administration)),
        False,
    ),
    "administration_reactivated": (
        lambda e: _("reactivated the administration %(name)s", name=_name(e.administration)),
        False,
    ),
    "reorganised": (_reorganised, False),
    "person_moved": (
        lambda e: _(
            "moved %(name)s from %(before)s to %(after)s",
            name=_person(e),
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "question_moved": (
        lambda e: _(
            "moved the question from %(before)s to %(after)s, in a reorganisation",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "network_added": (
        lambda e: _("added the network %(name)s", name=e.to_value or _name(e.network)),
        False,
    ),
    "network_edited": (_network_edited, False),
    "work_area_added": (
        lambda e: _(
            "added the work area “%(area)s” to %(network)s",
            area=e.message,
            network=_name(e.network),
        ),
        False,
    ),
    "work_area_renamed": (
        lambda e: _(
            "renamed a work area of %(network)s: %(before)s → %(after)s",
            network=_name(e.network),
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "work_area_moved": (
        lambda e: _(
            "moved the work area “%(area)s” of %(network)s from place %(before)s to %(after)s",
            area=e.message,
            network=_name(e.network),
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
    "work_area_retired": (
        lambda e: _(
            "retired the work area “%(area)s” of %(network)s",
            area=e.message,
            network=_name(e.network),
        ),
        False,
    ),
    "work_area_restored": (
        lambda e: _(
            "brought back the work area “%(area)s” of %(network)s",
            area=e.message,
            network=_name(e.network),
        ),
        False,
    ),
    # People and imports (admin/people.py, admin/imports.py): the actor is an administrator.
    "account_imported": (
        lambda e: _("created the account of %(name)s from a file", name=_person(e)),
        False,
    ),
    "account_changed": (_account_changed, False),
    "admin_revoked": (
        lambda e: _("removed %(name)s as administrator", name=_person(e)),
        False,
    ),
    "membership_added": (
        lambda e: _(
            "added %(name)s to %(network)s as %(role)s",
            name=_person(e),
            network=_network(e),
            role=_role(e.to_value),
        ),
        False,
    ),
    "membership_changed": (
        lambda e: _(
            "changed the role of %(name)s in %(network)s: %(before)s → %(after)s",
            name=_person(e),
            network=_network(e),
            before=_role(e.from_value),
            after=_role(e.to_value),
        ),
        False,
    ),
    "membership_removed": (
        lambda e: _(
            "removed %(name)s from %(network)s (was %(role)s)",
            name=_person(e),
            network=_network(e),
            role=_role(e.from_value),
        ),
        False,
    ),
    "account_deactivated": (
        lambda e: _("deactivated the account of %(name)s", name=_person(e)),
        False,
    ),
    "password_link_mailed": (_password_link_mailed, False),
    "administration_imported": (
        lambda e: _(
            "added the administration %(name)s (%(short)s) from a file",
            name=e.to_value or NOTHING,
            short=e.message or NOTHING,
        ),
        False,
    ),
    "administration_import_renamed": (
        lambda e: _(
            "renamed the administration from a file: %(before)s → %(after)s",
            before=e.from_value or NOTHING,
            after=e.to_value or NOTHING,
        ),
        False,
    ),
}


def sentence(event: Event) -> tuple[str, str]:
    """(what the actor did, the free text that goes with it or "")."""
    words, with_message = SENTENCES.get(event.action, (None, True))
    if words is None:
        # An action without a sentence yet (tests/app/test_history_words.py finds every one).
        before, after = event.from_value or "", event.to_value or ""
        text = f"{event.action}: {before} → {after}" if before or after else event.action
        return text, event.message or ""
    return words(event), (event.message or "") if with_message else ""
