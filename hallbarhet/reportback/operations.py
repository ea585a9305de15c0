"""Marking a report back made: the page then starts from that moment."""

from flask_babel import gettext as _
from sqlalchemy import select

from .. import access
from ..errors import Conflict, Invalid, NotAllowed
from ..extensions import db
from ..models import Administration, ReportBack, User
from ..models.base import refuses_cleanly, utcnow
from .queries import can_report


def latest_report_id(administration_id: int) -> int:
    return (
        db.session.scalar(
            select(ReportBack.id)
            .where(ReportBack.administration_id == administration_id)
            .order_by(ReportBack.reported_at.desc(), ReportBack.id.desc())
            .limit(1)
        )
        or 0
    )


@refuses_cleanly
def mark_reported(
    user: User, administration: Administration, seen_report_id: int | None
) -> list[ReportBack]:
    """The representative has taken the page to the management group.

    `seen_report_id` is the last report the page started from (0 for none): when a
    colleague marked a report in between, this one is refused, so that nobody reports a
    period they have not seen. One row for every network when the representative takes
    part in all of them, otherwise one per network they take part in."""
    if not can_report(user, administration):
        raise NotAllowed(
            _("Only the administration's own representatives may mark its report back.")
        )
    if seen_report_id is None:
        raise Invalid(_("The form is incomplete. Reload the page and try again."))
    if latest_report_id(administration.id) != seen_report_id:
        raise Conflict(
            _(
                "A colleague marked a report back while you had the page open. "
                "Here it is from that report on."
            ),
            current=administration,
        )
    now = utcnow()
    network_ids = access.member_network_ids(user)
    covered = [None] if network_ids == access.all_network_ids() else sorted(network_ids)
    rows = [
        ReportBack(
            administration_id=administration.id,
            network_id=network_id,
            reported_by_id=user.id,
            reported_at=now,
        )
        for network_id in covered
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows
