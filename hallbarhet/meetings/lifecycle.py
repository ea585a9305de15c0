"""The life cycle of a meeting: the one table of allowed status changes, the one function
every change goes through, and one name for each set of statuses."""

from flask_babel import gettext as _

from ..errors import InvalidTransition
from ..labels import MEETING_STATUS
from ..models import Meeting, MeetingStatus, User
from ..models.events import record

# The sets of statuses are defined beside the statuses (models.meetings), so that the model
# can use them too; every other module takes them from here.
from ..models.meetings import BEGUN, PUBLISHED, UNMINUTED, UPCOMING  # noqa: F401

M = MeetingStatus

# Planned, its agenda published, then held once minutes are first written (or when they are
# published without any); its minutes are published once, and published minutes stay
# published. A meeting is cancelled only while it is still to come.
TRANSITIONS = {
    (M.PLANNED, M.AGENDA_PUBLISHED),
    (M.PLANNED, M.CANCELLED),
    (M.AGENDA_PUBLISHED, M.CANCELLED),
    (M.PLANNED, M.HELD),
    (M.AGENDA_PUBLISHED, M.HELD),
    (M.HELD, M.MINUTES_PUBLISHED),
}


def allowed(current: MeetingStatus, target: MeetingStatus) -> bool:
    return (current, target) in TRANSITIONS


def change_meeting_status(
    meeting: Meeting, target: MeetingStatus, actor: User | None, message: str = ""
) -> None:
    """Move a meeting on and record the Event; raises InvalidTransition."""
    if not allowed(meeting.status, target):
        raise InvalidTransition(
            _(
                "The meeting is now “%(current)s” and cannot become “%(target)s”.",
                current=MEETING_STATUS[meeting.status],
                target=MEETING_STATUS[target],
            ),
            current=meeting,
        )
    previous = meeting.status
    meeting.status = target
    record(
        "status",
        actor,
        meeting=meeting,
        from_value=previous.value,
        to_value=target.value,
        message=message,
    )


def mark_held(meeting: Meeting, actor: User | None) -> bool:
    """Held from the first minutes on; True when this call made it so."""
    if allowed(meeting.status, M.HELD):
        change_meeting_status(meeting, M.HELD, actor)
        return True
    return False
