"""Report back (återrapportering): an administration's representative has taken the
network's outcomes and action items to the own management group."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from .base import UTCDateTime, utcnow
from .organisation import Administration, Network, User


class ReportBack(Model):
    """One report back; rows are only added, so the history of reports stays."""

    __table_args__ = (
        sa.Index("ix_report_back_administration_reported", "administration_id", "reported_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_id: Mapped[int] = mapped_column(sa.ForeignKey("administration.id"))
    # None: the report covered every network the administration takes part in.
    network_id: Mapped[int | None] = mapped_column(sa.ForeignKey("network.id"))
    reported_by_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    administration: Mapped[Administration] = relationship()
    network: Mapped[Network | None] = relationship()
    reported_by: Mapped[User] = relationship()


def last_reported_at(administration_id: int, network_id: int | None = None) -> datetime | None:
    """When the administration last reported back: "since its last report" starts here.

    For one network, a report for every network counts too."""
    query = sa.select(sa.func.max(ReportBack.reported_at)).where(
        ReportBack.administration_id == administration_id
    )
    if network_id is not None:
        query = query.where(
            sa.or_(ReportBack.network_id == network_id, ReportBack.network_id.is_(None))
        )
    return db.session.scalar(query)
