"""The words the UI uses for the domain's codes, outcomes and due dates, translatable."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, ngettext

from .dates import local_today
from .models import (
    ActionStatus,
    AskedFor,
    AssessmentMethod,
    Compliance,
    Dimension,
    IssueKind,
    IssueStatus,
    ItemKind,
    ItemOutcome,
    MeetingForm,
    MeetingStatus,
    Role,
)

# The product's one name, in every language and every place: pages, mail, the statement.
PRODUCT = "Hållbarhetsnätverket"

ISSUE_STATUS = {
    IssueStatus.DRAFT: _l("Draft"),
    IssueStatus.SUBMITTED: _l("Submitted"),
    IssueStatus.SCHEDULED: _l("Scheduled"),
    IssueStatus.DISCUSSED: _l("Discussed"),
    IssueStatus.CLOSED: _l("Closed"),
    IssueStatus.RETURNED: _l("Returned"),
    IssueStatus.PARKED: _l("Parked"),
    IssueStatus.REFERRED: _l("Referred"),
    IssueStatus.DECLINED: _l("Declined"),
    IssueStatus.WITHDRAWN: _l("Withdrawn"),
    IssueStatus.MERGED: _l("Merged"),
}

ISSUE_KIND = {
    IssueKind.DIALOGUE: _l("Dialogue question"),
    IssueKind.CONSULTATION: _l("Internal consultation on a draft"),
    IssueKind.ANCHORING: _l("Anchoring"),
    IssueKind.INFORMATION: _l("Information on a steering document, report or consultation"),
    IssueKind.EXCHANGE: _l("Experience exchange"),
    IssueKind.COMPETENCE: _l("Competence development (lecture, film, study visit)"),
}

ASKED_FOR = {
    AskedFor.INPUT: _l("Input"),
    AskedFor.DIALOGUE: _l("Dialogue"),
    AskedFor.ANCHORING: _l("Anchoring"),
    AskedFor.INFORMATION: _l("Information only"),
}

ITEM_KIND = {
    ItemKind.DIALOGUE: _l("Dialogue"),
    ItemKind.CONSULTATION: _l("Internal consultation"),
    ItemKind.ANCHORING: _l("Anchoring"),
    ItemKind.INFORMATION: _l("Information"),
    ItemKind.SHORT_INFORMATION: _l("Short information"),
    ItemKind.EXCHANGE: _l("Experience exchange"),
    ItemKind.COMPETENCE: _l("Competence development"),
    ItemKind.STANDING: _l("Standing item"),
}

MEETING_STATUS = {
    MeetingStatus.PLANNED: _l("Planned"),
    MeetingStatus.AGENDA_PUBLISHED: _l("Agenda published"),
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.MINUTES_PUBLISHED: _l("Minutes published"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
}

MEETING_FORM = {
    MeetingForm.PHYSICAL: _l("On site"),
    MeetingForm.DIGITAL: _l("Digital"),
    MeetingForm.HYBRID: _l("Hybrid"),
}

DIMENSION = {
    Dimension.SOCIAL: _l("Social sustainability"),
    Dimension.ECOLOGICAL: _l("Ecological sustainability"),
    Dimension.ECONOMIC: _l("Economic sustainability"),
}

# How far the service complies with the law, in the words of DIGG's model statement.
COMPLIANCE = {
    Compliance.FULL: _l("Fully compliant"),
    Compliance.PARTIAL: _l("Partially compliant"),
    Compliance.NONE: _l("Not compliant"),
}

ASSESSMENT_METHOD = {
    AssessmentMethod.SELF: _l("Self-assessment (the municipality's own review)"),
    AssessmentMethod.EXTERNAL: _l("Review by an external party"),
}

ROLE = {
    Role.COORDINATOR: _l("Coordinator"),
    Role.REPRESENTATIVE: _l("Representative"),
    Role.PARTICIPANT: _l("Participant"),
}

# The languages a person may have, each by its own name (as the language switch says it).
LANGUAGE = {"sv": "Svenska", "en": "English"}

# An item's outcome is said apart from a question's status: "Discussed" as an outcome is
# not the status a question has after its meeting (Swedish: "Diskuterad", "Behandlad").
OUTCOME = {
    ItemOutcome.DISCUSSED: lazy_pgettext("outcome of an agenda item", "Discussed"),
    ItemOutcome.NEEDS_FOLLOW_UP: _l("Needs follow-up"),
    ItemOutcome.SENT_FOR_DECISION: _l("Sent for decision"),
    ItemOutcome.CONCLUDED: _l("Concluded"),
}

ACTION_STATUS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
}

RECOMMENDATION = {
    "incomplete": _l("Answer the checklist to get a recommendation"),
    "dialogue": _l("Put it on the agenda as a dialogue item"),
    "short_information": _l("Put it on the agenda as a short information item (about 10 minutes)"),
    "in_writing": _l("Relevant but needs no meeting time: refer it to written information"),
    "elsewhere": _l("Better handled elsewhere: refer or return it"),
}

GOALS = {
    1: _l("No poverty"),
    2: _l("Zero hunger"),
    3: _l("Good health and well-being"),
    4: _l("Quality education"),
    5: _l("Gender equality"),
    6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"),
    13: _l("Climate action"),
    14: _l("Life below water"),
    15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"),
    17: _l("Partnerships for the goals"),
}


def goal(number: int) -> str:
    return f"{number} {GOALS[number]}"


def work_area_name(area) -> str:
    """A work area as lists name it: a retired one, kept by a question, says so."""
    if area.retired:
        return _("%(name)s (retired)", name=area.name)
    return area.name


def administration_name(administration) -> str:
    """An administration as lists name it: a deactivated one, kept by a question, says so."""
    if not administration.active:
        return _("%(name)s (deactivated)", name=administration.name)
    return administration.name


def outcome_label(outcome: ItemOutcome | str | None) -> str:
    """The outcome's word; text that is no outcome (a refused form's) is shown as it came."""
    if outcome is None or outcome == "":
        return ""
    try:
        return str(OUTCOME[ItemOutcome(outcome)])
    except ValueError:
        return str(outcome)


def outcome_choices() -> list[tuple[str, str]]:
    return [(outcome.value, str(label)) for outcome, label in OUTCOME.items()]


def due_words(due: date, today: date | None = None) -> str:
    """How far off a due date is, in words, so that being overdue is never told by colour."""
    days = (due - (today or local_today())).days
    if days < 0:
        return ngettext("Overdue by %(num)s day", "Overdue by %(num)s days", -days)
    if days == 0:
        return str(_l("Due today"))
    return ngettext("Due in %(num)s day", "Due in %(num)s days", days)


# The network's checklist ("Punkter som kan bli aktuella", seed 000), by answer field.
CHECKLIST = {
    "affects_several": _l("Does the question affect several administrations?"),
    "info_for_all": _l("Is it relevant information for all administrations (a big question)?"),
    "needs_dialogue": _l(
        "Will participants want to ask questions: is dialogue, internal consultation or "
        "anchoring needed?"
    ),
    "short_info": _l(
        "Is it a short information point relevant to a large share of the participants?"
    ),
}


class Resolved:
    """These labels in the request's language, each table translated once per page rather
    than once per use (a triage page shows them on thirty cards)."""

    def __getattr__(self, name: str):
        value = globals()[name]
        if isinstance(value, dict):
            value = {key: str(text) for key, text in value.items()}
        self.__dict__[name] = value
        return value

    def goal(self, number: int) -> str:
        return f"{number} {self.GOALS[number]}"
