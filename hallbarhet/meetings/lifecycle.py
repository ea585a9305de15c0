"""A meeting's status after it has started: held, then minutes published."""

from flask_babel import gettext as _

from ..errors import InvalidTransition
from ..models import Meeting, MeetingStatus, User
from ..models.events import record

M = MeetingStatus

# The meeting is held once minutes are first written (or when they are published without
# any); its minutes are published once, and published minutes stay published.
TRANSITIONS = {
    (M.PLANNED, M.HELD),
    (M.AGENDA_PUBLISHED, M.HELD),
    (M.HELD, M.MINUTES_PUBLISHED),
}


def change_meeting_status(meeting: Meeting, target: MeetingStatus, actor: User) -> None:
    """Move a meeting on and record the Event; raises InvalidTransition."""
    if (meeting.status, target) not in TRANSITIONS:
        from ..labels import MEETING_STATUS

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
    record("status", actor, meeting=meeting, from_value=previous.value, to_value=target.value)


def mark_held(meeting: Meeting, actor: User) -> bool:
    """Held from the first minutes on; True when this call made it so."""
    if meeting.status in (M.PLANNED, M.AGENDA_PUBLISHED):
        change_meeting_status(meeting, M.HELD, actor)
        return True
    return False
