"""What the administrators' pages read."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from ..extensions import db
from ..models import MailStatus, OutboxMail

# The outbox page lists at most this many mails; the counts are always the whole outbox's.
MAIL_ROWS = 100


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[MailStatus, int]
    # Waiting and failed mails, newest first, at most MAIL_ROWS.
    mails: list[OutboxMail]

    @property
    def listed_total(self) -> int:
        return self.counts[MailStatus.PENDING] + self.counts[MailStatus.FAILED]


def outbox_overview(limit: int = MAIL_ROWS) -> OutboxOverview:
    counts = dict.fromkeys(MailStatus, 0)
    counts.update(
        db.session.execute(
            select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
        ).all()
    )
    mails = db.session.scalars(
        select(OutboxMail)
        .options(
            # Not the text and HTML of each mail: the table shows none of it.
            load_only(
                OutboxMail.recipient,
                OutboxMail.subject,
                OutboxMail.status,
                OutboxMail.created_at,
                OutboxMail.attempts,
                OutboxMail.last_error,
                OutboxMail.next_attempt_at,
            )
        )
        .where(OutboxMail.status.in_((MailStatus.PENDING, MailStatus.FAILED)))
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(limit)
    ).all()
    return OutboxOverview(counts, list(mails))
