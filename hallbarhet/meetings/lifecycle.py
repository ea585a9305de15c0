"""The life cycle of a meeting: the one table of allowed status changes, the one function
every change goes through, and one name for each set of statuses."""

from flask_babel import gettext as _

from ..errors import InvalidTransition
from ..models import Meeting, MeetingStatus, User
from ..models.events import record

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

# Still to come: its plan and agenda may change, questions are scheduled to it, people are
# invited and reminded, and it may be cancelled.
UPCOMING = (M.PLANNED, M.AGENDA_PUBLISHED)
# Statuses that only a meeting that has begun reaches.
BEGUN = (M.HELD, M.MINUTES_PUBLISHED)
# Its agenda is out: everyone of the network sees it, and calendars carry it.
PUBLISHED = (M.AGENDA_PUBLISHED, M.HELD, M.MINUTES_PUBLISHED)
# Its minutes are still to be published (once it has begun, they are still to write).
UNMINUTED = (M.PLANNED, M.AGENDA_PUBLISHED, M.HELD)


def allowed(current: MeetingStatus, target: MeetingStatus) -> bool:
    return (current, target) in TRANSITIONS


def change_meeting_status(
    meeting: Meeting, target: MeetingStatus, actor: User | None, message: str = ""
) -> None:
    """Move a meeting on and record the Event; raises InvalidTransition."""
    if not allowed(meeting.status, target):
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
