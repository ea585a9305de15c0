"""Failed sign-ins, counted by the limits on signing in (hallbarhet.auth.limits)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import UTCDateTime


class LoginFailure(Model):
    """One sign-in that failed (or, for the moment it is tried, one being tried) for one
    key: an account or a client address, as a keyed hash, never the address typed. In the
    database so that every worker and app server counts the same; rows older than the
    longest limit are deleted as sign-ins come."""

    __table_args__ = (sa.Index("ix_login_failure_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
