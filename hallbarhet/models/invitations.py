"""Colleagues invited to one meeting, or one item of it, without an account."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from .base import UTCDateTime, utcnow
from .meetings import AgendaItem, Meeting
from .organisation import Administration, User

# A link opens the agenda until a week after the meeting has ended.
VALID_AFTER_MEETING = timedelta(days=7)
_SALT = "hallbarhet.invitation"


class Invitation(Model):
    """An invited colleague (inbjuden) and the signed link to the meeting's agenda.

    The link carries the invitation's id and meeting id, signed with the app's SECRET_KEY
    (itsdangerous, salted for invitations only), so no token is stored. It holds no expiry
    of its own: whether it still opens the agenda is decided when it is used, from the
    meeting as it is then (until a week after it ends, so a meeting that moves takes its
    links along) and from revoked_at (revoking is immediate, for every copy of the link).
    Changing SECRET_KEY invalidates every link sent; the invitation can be mailed again.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    # The one item the colleague is invited for; none for the whole meeting. An item taken
    # off the agenda leaves the invitation to the meeting.
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    administration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administration.id"))
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id"))
    # The language of the mails and the agenda page the colleague gets, chosen by the
    # inviter: the colleague has no account to keep a preference on.
    language: Mapped[str] = mapped_column(sa.String(8), default="sv", server_default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    administration: Mapped[Administration | None] = relationship()
    invited_by: Mapped[User] = relationship()

    @property
    def valid_until(self) -> datetime:
        return self.meeting.ends_at + VALID_AFTER_MEETING

    def is_valid(self, now: datetime | None = None) -> bool:
        """Not revoked and not past a week after the meeting."""
        return link_is_valid(self.revoked_at, self.meeting.ends_at, now)

    def token(self) -> str:
        """The signed part of the invitation's link."""
        return _serializer().dumps([self.id, self.meeting_id])

    @classmethod
    def from_token(cls, token: str, meeting_id: int | None = None) -> "Invitation | None":
        """The invitation a link names, or None when
        the link is tampered with or names another meeting. The caller still checks
        is_valid(), to tell an expired or revoked invitation apart from a bad link."""
        signed = signed_ids(token)
        if signed is None:
            return None
        invitation_id, signed_meeting_id = signed
        if meeting_id is not None and signed_meeting_id != meeting_id:
            return None
        invitation = db.session.get(cls, invitation_id)
        if invitation is None or invitation.meeting_id != signed_meeting_id:
            return None
        return invitation

    def __repr__(self) -> str:
        return f"<Invitation {self.id} meeting {self.meeting_id}>"


def link_is_valid(
    revoked_at: datetime | None, ends_at: datetime, now: datetime | None = None
) -> bool:
    """Whether a link opens its meeting: not revoked, and not past a week after the meeting."""
    return revoked_at is None and (now or utcnow()) <= ends_at + VALID_AFTER_MEETING


def signed_ids(token: str) -> tuple[int, int] | None:
    """The invitation id and meeting id a link carries, or None when it is tampered with."""
    try:
        invitation_id, meeting_id = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    return invitation_id, meeting_id


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)
